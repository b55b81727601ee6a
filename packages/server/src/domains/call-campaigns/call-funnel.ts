// The campaign funnel: planned → called → connected → A / B / C → SMS sent → friend added, in total and per
// bucket, call window and script. A friend counts as added when a customer came in through one of the
// campaign's personal codes (the live code's add record) and is the called person: same unionid, the phone
// among the customer's phones or a member's remark mobiles, or an order with the phone bound to the customer.
// Adds through the campaign's codes that match no call are reported apart (attributed to the campaign only).
import { sql } from "kysely";
import type { Ctx } from "../../context.ts";
import { getCampaignRow } from "./call-campaigns.service.ts";

export type FunnelDimension = "bucket" | "window" | "script";

export interface FunnelRow {
  key: string;
  planned: number;
  called: number;
  connected: number;
  a: number;
  b: number;
  c: number;
  noAnswer: number;
  refused: number;
  smsSent: number;
  added: number;
}

interface Raw {
  key: string;
  planned: string;
  called: string;
  connected: string;
  a: string;
  b: string;
  c: string;
  no_answer: string;
  refused: string;
  sms_sent: string;
  added: string;
}

const column = {
  bucket: sql.ref("k.bucket"),
  window: sql.ref("k.call_window"),
  script: sql.ref("k.script_key"),
};

async function grouped(
  ctx: Ctx,
  corpId: string,
  id: string,
  dim: FunnelDimension | null,
): Promise<FunnelRow[]> {
  const key = dim ? column[dim] : sql`'total'`;
  const r = await sql<Raw>`with k as (
      select k.*,
        exists (
          select 1 from live_code_adds a
          join call_campaign_codes cc on cc.live_code_id = a.live_code_id and cc.campaign_id = k.campaign_id
          join customers c on c.corp_id = a.corp_id and c.external_userid = a.external_userid
          where a.corp_id = k.corp_id and (
            (k.unionid is not null and c.unionid = k.unionid)
            or c.phones @> array[k.phone]
            or exists (select 1 from orders o
              where o.corp_id = k.corp_id and o.phone = k.phone and o.customer_id = c.id)
            or exists (select 1 from follow_relations f
              where f.corp_id = a.corp_id and f.external_userid = a.external_userid
                and f.remark_mobiles @> array[k.phone]))
        ) as added,
        (select o.status from outbox o where o.id = k.sms_outbox_id) as sms_status
      from call_campaign_calls k
      where k.corp_id = ${corpId} and k.campaign_id = ${id}
    )
    select ${key}::text as key,
      count(*) as planned,
      count(*) filter (where k.attempts > 0) as called,
      count(*) filter (where k.outcome in ('A', 'B', 'C')) as connected,
      count(*) filter (where k.outcome = 'A') as a,
      count(*) filter (where k.outcome = 'B') as b,
      count(*) filter (where k.outcome = 'C') as c,
      count(*) filter (where k.outcome = 'no_answer') as no_answer,
      count(*) filter (where k.outcome = 'refused') as refused,
      count(*) filter (where k.sms_status = 'sent') as sms_sent,
      count(*) filter (where k.added) as added
    from k group by 1 order by 1`.execute(ctx.db);
  return r.rows.map((x) => ({
    key: x.key,
    planned: Number(x.planned),
    called: Number(x.called),
    connected: Number(x.connected),
    a: Number(x.a),
    b: Number(x.b),
    c: Number(x.c),
    noAnswer: Number(x.no_answer),
    refused: Number(x.refused),
    smsSent: Number(x.sms_sent),
    added: Number(x.added),
  }));
}

export async function campaignFunnel(ctx: Ctx, corpId: string, id: string) {
  const campaign = await getCampaignRow(ctx, corpId, id);
  const [total, bucket, window, script, viaCodes] = await Promise.all([
    grouped(ctx, corpId, campaign.id, null),
    grouped(ctx, corpId, campaign.id, "bucket"),
    grouped(ctx, corpId, campaign.id, "window"),
    grouped(ctx, corpId, campaign.id, "script"),
    sql<{ n: string }>`select count(distinct a.external_userid) as n from live_code_adds a
      join call_campaign_codes cc on cc.live_code_id = a.live_code_id
      where cc.campaign_id = ${campaign.id} and a.corp_id = ${corpId}`.execute(ctx.db),
  ]);
  const t = total[0];
  return {
    total: t ?? null,
    byBucket: bucket,
    byWindow: window,
    byScript: script,
    /** Everyone added through the campaign's codes, matched to a call or not. */
    addedViaCodes: Number(viaCodes.rows[0]?.n ?? 0),
  };
}
