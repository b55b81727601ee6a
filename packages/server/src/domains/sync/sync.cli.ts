// `siyu sync`: runs a full sync (or a reconcile) of one or every corp in this process, printing progress once a
// second and a summary with the repairs at the end. A run already active (e.g. in the server) is watched instead.
import type { Ctx } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { type SyncRunView, startSync } from "./sync.jobs.ts";

const fmt = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`)
    .join(", ");

/** Returns false when a run failed. */
export async function runSyncCommand(
  ctx: Ctx,
  opts: { corp?: string; reconcile?: boolean },
  print: (line: string) => void,
): Promise<boolean> {
  const corps = opts.corp
    ? [opts.corp]
    : (await ctx.db.selectFrom("corps").select("corp_id").orderBy("corp_id").execute()).map((c) => c.corp_id);
  if (corps.length === 0) throw new AppError("CORP_NOT_FOUND", "no corps yet; add one with `siyu corp add`");
  let ok = true;
  for (const corpId of corps) {
    const { run, promise, started } = await startSync(
      ctx,
      corpId,
      opts.reconcile ? "reconcile" : "full",
      "cli",
    );
    print(`${corpId}: ${started ? "started" : "watching the active"} ${run.kind} run #${run.id}`);
    let last = "";
    const timer = setInterval(async () => {
      const row = await ctx.db
        .selectFrom("sync_runs")
        .select(["phase", "progress"])
        .where("id", "=", run.id)
        .executeTakeFirst()
        .catch(() => undefined);
      const line = row ? `${corpId}: ${row.phase} — ${fmt(row.progress as Record<string, number>)}` : "";
      if (line && line !== last) print(line);
      last = line;
    }, 1000);
    let end: SyncRunView;
    try {
      end = await promise;
    } finally {
      clearInterval(timer);
    }
    const took =
      end.startedAt && end.finishedAt
        ? ` in ${((Date.parse(end.finishedAt) - Date.parse(end.startedAt)) / 1000).toFixed(1)} s`
        : "";
    print(`${corpId}: ${end.status}${took} — ${fmt(end.progress)}`);
    if (Object.keys(end.repairs).length > 0) print(`${corpId}: differences found — ${fmt(end.repairs)}`);
    if (end.status !== "done") {
      ok = false;
      print(`${corpId}: ${end.error ?? "failed"} (run \`siyu sync\` again to resume)`);
    }
  }
  return ok;
}
