// A due step's message for one customer: the recipient on the step's channel (the customer on WeCom 1:1, their
// phone for SMS) and the text with its placeholders filled — {name}, {staff_name}, {store_name} and {coupon_code}
// (the customer's code from the step's pool). When the customer cannot get the step (no phone, the pool is
// exhausted), the answer is the reason to skip it.
import type { Db } from "../../db/database.ts";
import { normalisePhone } from "../outbox/sms.channel.ts";
import { claimCode } from "./coupons.service.ts";
import type { StepInput } from "./journeys.schemas.ts";

export type SkipReason = "no_phone" | "coupons_exhausted";

export interface StepFor {
  corpId: string;
  customerId: string;
  externalUserid: string;
  sender: string | null;
}

async function phoneOf(db: Db, c: StepFor): Promise<string | null> {
  const cust = await db
    .selectFrom("customers")
    .select("phones")
    .where("corp_id", "=", c.corpId)
    .where("id", "=", c.customerId)
    .executeTakeFirst();
  const remarks = await db
    .selectFrom("follow_relations")
    .select("remark_mobiles")
    .where("corp_id", "=", c.corpId)
    .where("external_userid", "=", c.externalUserid)
    .execute();
  for (const p of [...(cust?.phones ?? []), ...remarks.flatMap((r) => r.remark_mobiles)]) {
    const ok = normalisePhone(p);
    if (ok) return ok;
  }
  return null;
}

async function vars(db: Db, c: StepFor, text: string) {
  const v = { name: "", staff_name: "", store_name: "" };
  if (text.includes("{name}"))
    v.name =
      (
        await db
          .selectFrom("customers")
          .select("name")
          .where("corp_id", "=", c.corpId)
          .where("id", "=", c.customerId)
          .executeTakeFirst()
      )?.name ?? "";
  if (text.includes("{staff_name}") && c.sender)
    v.staff_name =
      (
        await db
          .selectFrom("members")
          .select("name")
          .where("corp_id", "=", c.corpId)
          .where("userid", "=", c.sender)
          .executeTakeFirst()
      )?.name ?? "";
  if (text.includes("{store_name}"))
    v.store_name =
      (
        await db
          .selectFrom("customer_stores as cs")
          .innerJoin("stores as s", "s.id", "cs.store_id")
          .select("s.name")
          .where("cs.corp_id", "=", c.corpId)
          .where("cs.customer_id", "=", c.customerId)
          .executeTakeFirst()
      )?.name ?? "";
  return v;
}

/** The step's recipient and payload for this customer, or why it is skipped. */
export async function stepMessage(
  db: Db,
  c: StepFor,
  step: StepInput,
  at: Date,
): Promise<{ recipient: string; payload: Record<string, unknown> } | { skip: SkipReason }> {
  let recipient = c.externalUserid;
  if (step.channel === "sms") {
    const phone = await phoneOf(db, c);
    if (!phone) return { skip: "no_phone" };
    recipient = phone;
  }
  const { couponPoolId, ...content } = step.content;
  let text = content.text;
  if (text !== undefined) {
    const v = await vars(db, c, text);
    let coupon = "";
    if (text.includes("{coupon_code}") && couponPoolId) {
      const code = await claimCode(db, c.corpId, couponPoolId, c.customerId, at);
      if (!code) return { skip: "coupons_exhausted" };
      coupon = code;
    }
    text = text
      .replaceAll("{name}", v.name)
      .replaceAll("{staff_name}", v.staff_name)
      .replaceAll("{store_name}", v.store_name)
      .replaceAll("{coupon_code}", coupon);
  }
  const payload: Record<string, unknown> = step.channel === "sms" ? { text } : { ...content, text };
  if (text === undefined) delete payload.text;
  return { recipient, payload };
}
