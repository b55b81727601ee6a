// Imports a phone list (CSV or XLSX, format and encoding sniffed by the orders reader) as bulk-add leads: phones
// normalised to 11-digit mainland mobiles, duplicates in the file counted once, phones of customers who are
// already friends (an active follow relation) and phones already listed for the corp left out. Bad rows are
// reported with their row number (header = row 1); the good rows are kept.
import type { Readable } from "node:stream";
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { requireCorp } from "../corps/corps.service.ts";
import { cleanCell, parsePhone } from "../orders/orders.clean.ts";
import { openTable, type TableRow } from "../orders/orders.reader.ts";
import type { BadRow } from "./bulk-adds.tables.ts";

const PHONE_HEADER = /手机|电话|联系方式|phone|mobile|tel/i;
const NAME_HEADER = /姓名|名字|昵称|客户名|收货人|name/i;
const MOBILE = /^1[3-9]\d{9}$/;
const MAX_BAD_ROWS = 1000;

export interface ListCounts {
  rows: number;
  added: number;
  duplicates: number;
  alreadyFriends: number;
  alreadyListed: number;
  badRows: BadRow[];
}

/** A cell as a mobile number, or why it is not one. */
export function mobileOf(value: unknown): { phone: string } | { error: string } {
  const p = parsePhone(value);
  if (p.display === null) return { error: "no phone number in this row" };
  if ((p.unmatchable || p.phone === null) && !/^[+\d][\d\s()-]*$/.test(p.display))
    return { error: `"${p.display}" is not a phone number (masked or encrypted numbers can't be added)` };
  if (p.phone === null || !MOBILE.test(p.phone))
    return { error: `"${p.display}" is not an 11-digit mainland mobile number (e.g. 13800138000)` };
  return { phone: p.phone };
}

async function header(rows: AsyncIterator<TableRow>): Promise<TableRow> {
  for (;;) {
    const r = await rows.next();
    if (r.done) throw new AppError("BULK_ADD_IMPORT_UNREADABLE", "the file has no header row");
    if (r.value.cells.some((c) => cleanCell(c) !== null)) return r.value;
  }
}

export async function importPhoneList(
  ctx: Ctx,
  opts: { corpId: string; name: string; fileName?: string | null | undefined },
  input: Readable,
): Promise<string> {
  await requireCorp(ctx, opts.corpId);
  let table: Awaited<ReturnType<typeof openTable>>;
  try {
    table = await openTable(input);
  } catch (err) {
    if (err instanceof AppError) throw new AppError("BULK_ADD_IMPORT_UNREADABLE", err.message);
    throw err;
  }
  const rows = table.rows[Symbol.asyncIterator]();
  const head = await header(rows);
  const names = head.cells.map((c) => cleanCell(c) ?? "");
  const phoneCol = names.findIndex((n) => PHONE_HEADER.test(n));
  const nameCol = names.findIndex((n, i) => i !== phoneCol && NAME_HEADER.test(n));
  if (phoneCol < 0)
    throw new AppError("BULK_ADD_IMPORT_COLUMNS_MISSING", "the file has no phone column", [
      {
        path: "/file",
        message: `no phone column in the header (${names.filter(Boolean).join(", ") || "empty"}); name one 手机号 or phone`,
      },
    ]);

  const counts: ListCounts = {
    rows: 0,
    added: 0,
    duplicates: 0,
    alreadyFriends: 0,
    alreadyListed: 0,
    badRows: [],
  };
  const seen = new Map<string, { row: number; name: string | null }>();
  let badTotal = 0;
  for (;;) {
    const next = await rows.next();
    if (next.done) break;
    const { row, cells } = next.value;
    if (!cells.some((c) => cleanCell(c) !== null)) continue;
    counts.rows++;
    const m = mobileOf(cells[phoneCol]);
    if ("error" in m) {
      badTotal++;
      if (counts.badRows.length < MAX_BAD_ROWS)
        counts.badRows.push({ row, field: "phone", message: m.error });
      continue;
    }
    if (seen.has(m.phone)) {
      counts.duplicates++;
      continue;
    }
    seen.set(m.phone, { row, name: nameCol >= 0 ? cleanCell(cells[nameCol]) : null });
  }

  const phones = [...seen.keys()];
  const now = new Date(ctx.clock.now());
  return ctx.db.transaction().execute(async (trx) => {
    const friends = new Set(
      (
        await sql<{ phone: string }>`
          select distinct p as phone from customers c, unnest(c.phones) p
           where c.corp_id = ${opts.corpId} and p = any(${phones}::text[])
             and exists (select 1 from follow_relations fr where fr.corp_id = c.corp_id
                          and fr.external_userid = c.external_userid and fr.status = 'active')`.execute(trx)
      ).rows.map((r) => r.phone),
    );
    const listed = new Set(
      (
        await trx
          .selectFrom("bulk_add_leads")
          .select("phone")
          .where("corp_id", "=", opts.corpId)
          .where("phone", "=", sql<string>`any(${phones}::text[])`)
          .execute()
      ).map((r) => r.phone),
    );
    const fresh = phones.filter((p) => !friends.has(p) && !listed.has(p));
    counts.alreadyFriends = friends.size;
    counts.alreadyListed = [...listed].filter((p) => !friends.has(p)).length;
    counts.added = fresh.length;
    const list = await trx
      .insertInto("bulk_add_lists")
      .values({
        corp_id: opts.corpId,
        name: opts.name,
        file_name: opts.fileName ?? null,
        rows: counts.rows,
        added: counts.added,
        duplicates: counts.duplicates,
        already_friends: counts.alreadyFriends,
        already_listed: counts.alreadyListed,
        bad_rows: JSON.stringify(
          badTotal > counts.badRows.length
            ? [
                ...counts.badRows,
                { row: 0, field: "file", message: `${badTotal - counts.badRows.length} more bad rows` },
              ]
            : counts.badRows,
        ),
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 0; i < fresh.length; i += 1000) {
      const part = fresh.slice(i, i + 1000);
      await trx
        .insertInto("bulk_add_leads")
        .values(
          part.map((phone) => ({
            corp_id: opts.corpId,
            list_id: list.id,
            phone,
            name: seen.get(phone)?.name ?? null,
            row_number: seen.get(phone)?.row ?? 0,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(["corp_id", "phone"]).doNothing())
        .execute();
    }
    return list.id;
  });
}
