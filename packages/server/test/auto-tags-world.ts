// Test world for auto-tagging: a real Siyu that pulls the emulator's archive feed every 300 ms (or, with
// archiveSource "off", not at all), the emulator's demo corp (callbacks to Siyu, agent id set so app messages go
// out), synced, plus helpers.
import {
  DEMO_AES_KEY,
  DEMO_AGENT_ID,
  DEMO_CORP_ID,
  DEMO_SECRET,
  DEMO_TOKEN,
  emulatorControl,
  startEmulator,
} from "@siyu/emulator";
import { putCorp } from "../src/domains/corps/corps.service.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

export interface AutoTagWorld {
  siyu: TestSiyu;
  emu: Awaited<ReturnType<typeof startEmulator>>;
  corpId: string;
  admin: Record<string, string>;
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  people<T = Record<string, unknown>>(action: string, body: unknown): Promise<T>;
  api<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  settle(): Promise<void>;
  /** A WeCom tag created through Siyu (group 自动标签). */
  tag(name: string): Promise<string>;
  /** Tag ids WeCom (the emulator) holds on a relation. */
  wecomTags(externalUserId: string, userid: string): Promise<string[]>;
  /** Tag ids Siyu holds on a relation, with their source. */
  siyuTags(
    externalUserId: string,
    userid: string,
  ): Promise<{ tag_id: string; source: string; reason: string | null }[]>;
  /** Polls `check` until it is truthy (or throws after `ms`). */
  until<T>(check: () => Promise<T | undefined | false>, ms?: number): Promise<T>;
  stop(): Promise<void>;
}

export async function startAutoTagWorld(
  customers = 60,
  archivePollMs = 300,
  archiveSource: "emulator" | "off" = "emulator",
): Promise<AutoTagWorld> {
  const siyu = await startTestSiyu({
    env: { SIYU_ARCHIVE_SOURCE: archiveSource, SIYU_ARCHIVE_POLL_MS: String(archivePollMs) },
  });
  const emu = await startEmulator({ demo: { customers, seed: 11 }, seed: 104_729 });
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
    agentId: String(DEMO_AGENT_ID),
  });
  await (await startSync(siyu.ctx, corpId, "full")).promise;
  const admin = await adminSession(siyu.url);
  const api: AutoTagWorld["api"] = async (method, path, body) => {
    const res = await fetch(`${siyu.url}${path}`, {
      method,
      headers: { ...admin, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as never };
  };
  const until: AutoTagWorld["until"] = async (check, ms = 10_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error("condition not met in time");
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    siyu,
    emu,
    corpId,
    admin,
    control,
    people: (action, body) => control("POST", `/_emulator/corps/${corpId}/people/${action}`, body),
    api,
    async settle() {
      await control("POST", "/_emulator/callbacks/flush");
      await siyu.processor?.drain();
    },
    async tag(name) {
      const res = await api<{ tags: { id: string; name: string }[] }>("POST", `/api/corps/${corpId}/tags`, {
        groupName: "自动标签",
        tags: [{ name }],
      });
      if (res.status !== 200) throw new Error(`tag create failed: ${JSON.stringify(res.body)}`);
      return res.body.tags.find((t) => t.name === name)!.id;
    },
    async wecomTags(externalUserId, userid) {
      const client = await siyu.ctx.wecom.forCorp(siyu.ctx, corpId);
      const got = await client.externalContact.getAll(externalUserId);
      const follow = got.follow_user.find((f) => f.userid === userid);
      return (follow?.tags ?? []).flatMap((t) => (t.tag_id ? [t.tag_id] : []));
    },
    siyuTags: (externalUserId, userid) =>
      siyu.ctx.db
        .selectFrom("follow_tags")
        .select(["tag_id", "source", "reason"])
        .where("corp_id", "=", corpId)
        .where("external_userid", "=", externalUserId)
        .where("userid", "=", userid)
        .execute(),
    until,
    async stop() {
      await emu.close();
      await siyu.stop();
    },
  };
}
