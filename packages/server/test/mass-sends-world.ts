// Test world for mass sends: a real Siyu (no background workers: the test drives submission) and the emulator's
// demo corp with N customers; both read one frozen clock the test moves from day to day. The corp's members,
// customers and follow relations are copied into Siyu's tables in bulk (what a full sync stores; sync has its own
// tests and takes minutes at this size on a loaded machine).
import {
  createClock,
  DEMO_AES_KEY,
  DEMO_AGENT_ID,
  DEMO_CORP_ID,
  DEMO_SECRET,
  DEMO_TOKEN,
  type EmulatorClock,
  emulatorControl,
  startEmulator,
} from "@siyu/emulator";
import { sql } from "kysely";
import type { Db } from "../src/db/database.ts";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { submitDue } from "../src/domains/mass-sends/mass-sends.submit.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export interface MassWorld {
  siyu: TestSiyu;
  emu: Emulator;
  clock: EmulatorClock;
  corpId: string;
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  people<T = Record<string, unknown>>(action: string, body: unknown): Promise<T>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies of many shapes
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Submits every due task (what the worker does). */
  submitAll(): Promise<void>;
  /** A saved segment from a JSON AST; returns its id. */
  segment(name: string, expr: unknown): Promise<string>;
  stop(): Promise<void>;
}

export async function startMassWorld(opts: { customers: number; at: number }): Promise<MassWorld> {
  const clock = createClock();
  clock.freeze(opts.at);
  const siyu = await startTestSiyu({ processor: false, clock: { now: () => clock.now() } });
  const emu = await startEmulator({
    clock,
    demo: { customers: opts.customers, seed: 7 },
    seed: 104_729,
  });
  const corpId = DEMO_CORP_ID;
  const control = emulatorControl(emu.url);
  await control("PATCH", `/_emulator/corps/${corpId}/apps/${DEMO_AGENT_ID}`, {
    callbackUrl: `${siyu.url}/wecom/callback/${corpId}`,
  });
  await putCorp(siyu.ctx, {
    corpId,
    name: "悦享生活",
    secret: DEMO_SECRET,
    token: DEMO_TOKEN,
    aesKey: DEMO_AES_KEY,
    apiBase: emu.url,
  });
  await copyCorp(siyu.ctx.db, emu, corpId);
  const headers = await adminSession(siyu.url);
  const api: MassWorld["api"] = async (method, path, body) => {
    const res = await fetch(`${siyu.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    siyu,
    emu,
    clock,
    corpId,
    control,
    people: (action, body) => control("POST", `/_emulator/corps/${corpId}/people/${action}`, body),
    api,
    async submitAll() {
      while ((await submitDue(siyu.ctx)) > 0) {}
    },
    async segment(name, expr) {
      const r = await api("POST", `/api/corps/${corpId}/segments`, { name, expr });
      if (r.status !== 200) throw new Error(`segment: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.id as string;
    },
    async stop() {
      await emu.close();
      await siyu.stop();
    },
  };
}

/** Members, customers and follow relations of the emulator's corp, as a full sync would store them. */
export async function copyCorp(db: Db, emu: Emulator, corpId: string): Promise<void> {
  const corp = emu.world.corps.get(corpId)!;
  const members = [...corp.members.values()];
  await sql`insert into members (corp_id, userid, name, customer_contact)
    select ${corpId}, u, n, true from unnest(${members.map((m) => m.userid)}::text[], ${members.map((m) => m.name)}::text[]) as x(u, n)
    on conflict do nothing`.execute(db);
  const customers = [...corp.customers.values()];
  for (let i = 0; i < customers.length; i += 20_000) {
    const part = customers.slice(i, i + 20_000);
    await sql`insert into customers (corp_id, external_userid, name)
      select ${corpId}, e, n from unnest(${part.map((c) => c.externalUserId)}::text[], ${part.map((c) => c.name)}::text[]) as x(e, n)
      on conflict do nothing`.execute(db);
  }
  const follows = corp.follows.filter((f) => f.status === "active");
  for (let i = 0; i < follows.length; i += 20_000) {
    const part = follows.slice(i, i + 20_000);
    await sql`insert into follow_relations (corp_id, external_userid, userid, state, status, added_at)
      select ${corpId}, e, u, nullif(s, ''), 'active', to_timestamp(t)
      from unnest(${part.map((f) => f.externalUserId)}::text[], ${part.map((f) => f.userid)}::text[],
        ${part.map((f) => f.state)}::text[], ${part.map((f) => f.createtime)}::bigint[]) as x(e, u, s, t)
      on conflict do nothing`.execute(db);
  }
}
