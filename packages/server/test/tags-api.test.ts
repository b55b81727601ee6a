// Tags API mirrored to WeCom (emulator state), and bulk tag jobs over a filter that resume after a WeCom outage.
import { afterAll, beforeAll, expect, it } from "vitest";
import { insertUser } from "../src/domains/auth/auth.repository.ts";
import { createApiToken } from "../src/domains/auth/auth.service.ts";
import { linkUserToMember } from "../src/domains/customers/customers.scope.ts";
import { startSync } from "../src/domains/sync/sync.jobs.ts";
import { runTagJob } from "../src/domains/tags/tags.jobs.ts";
import { startWorld, type World } from "./customers-world.ts";
import { adminSession } from "./siyu.ts";

let w: World;
let admin: Record<string, string>;
beforeAll(async () => {
  w = await startWorld({ customers: 120 });
  await (await startSync(w.siyu.ctx, w.corpId, "full")).promise;
  admin = await adminSession(w.siyu.url);
}, 30_000);
afterAll(() => w.stop());

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, as = admin) {
  const res = await fetch(`${w.siyu.url}${path}`, {
    method,
    headers: { ...as, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface Group {
  id: string;
  name: string;
  tags: { id: string; name: string; customers: number }[];
}
const wecomTags = async () =>
  (await (await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId)).corpTags.list()).tag_group;

it("creates, renames and deletes tags in WeCom and in Siyu", async () => {
  const created = await api<Group>("POST", `/api/corps/${w.corpId}/tags`, {
    groupName: "购买意向",
    tags: [{ name: "高" }, { name: "低" }],
  });
  expect(created.status).toBe(200);
  expect(created.body.tags.map((t) => t.name).sort()).toEqual(["低", "高"]);
  const inWeCom = (await wecomTags()).find((g) => g.group_id === created.body.id)!;
  expect(inWeCom.tag.map((t) => t.name).sort()).toEqual(["低", "高"]);

  const high = created.body.tags.find((t) => t.name === "高")!;
  const renamed = await api<{ groups: Group[] }>("PATCH", `/api/corps/${w.corpId}/tags/${high.id}`, {
    name: "很高",
  });
  expect(renamed.status).toBe(200);
  expect(renamed.body.groups.find((g) => g.id === created.body.id)!.tags.map((t) => t.name)).toContain(
    "很高",
  );
  expect((await wecomTags()).flatMap((g) => g.tag).find((t) => t.id === high.id)?.name).toBe("很高");

  expect((await api("DELETE", `/api/corps/${w.corpId}/tags/${high.id}`)).status).toBe(200);
  expect((await wecomTags()).flatMap((g) => g.tag).some((t) => t.id === high.id)).toBe(false);
  const list = await api<{ groups: Group[] }>("GET", `/api/corps/${w.corpId}/tags`);
  expect(list.body.groups.find((g) => g.id === created.body.id)!.tags.map((t) => t.name)).toEqual(["低"]);
});

it("refuses invalid tag input and WeCom's refusals with clear errors", async () => {
  const bad = await api<{ error: { code: string; details: { path: string }[] } }>(
    "POST",
    `/api/corps/${w.corpId}/tags`,
    {
      groupName: "x",
      tags: [],
    },
  );
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body.error.details)).toContain("tags");
  // Demo tags were created by the admin in WeCom's console: the app may not rename them.
  const adminTag = (await api<{ groups: Group[] }>("GET", `/api/corps/${w.corpId}/tags`)).body.groups[0]!
    .tags[0]!;
  const refused = await api<{ error: { code: string } }>(
    "PATCH",
    `/api/corps/${w.corpId}/tags/${adminTag.id}`,
    { name: "改" },
  );
  expect(refused.body.error.code).toBe("WECOM_REFUSED");
  expect((await api("PATCH", `/api/corps/${w.corpId}/tags/nope`, { name: "改" })).status).toBe(404);
});

it("bulk-tags every customer of a filter through mark_tag, resuming after an outage", async () => {
  const group = await api<Group>("POST", `/api/corps/${w.corpId}/tags`, {
    groupName: "活动",
    tags: [{ name: "双十一" }],
  });
  const tagId = group.body.tags[0]!.id;
  const staff = (
    await w.siyu.ctx.db
      .selectFrom("follow_relations")
      .select("userid")
      .where("status", "=", "active")
      .orderBy("userid")
      .executeTakeFirstOrThrow()
  ).userid;
  // WeCom is down for mark_tag after the first few calls: the job stops, resumable.
  await w.control("POST", "/_emulator/faults", {
    corpId: w.corpId,
    path: "externalcontact/mark_tag",
    errcode: -1,
    count: 40,
  });
  const started = await api<{ id: string; total: number }>("POST", `/api/corps/${w.corpId}/tag-jobs`, {
    add: [tagId],
    filter: { staff },
  });
  expect(started.status).toBe(202);
  expect(started.body.total).toBeGreaterThan(0);
  await runTagJob(w.siyu.ctx, started.body.id);
  const stopped = await api<{ status: string; done: number; error: string }>(
    "GET",
    `/api/corps/${w.corpId}/tag-jobs/${started.body.id}`,
  );
  expect(stopped.body.status).toBe("failed");
  await w.control("DELETE", "/_emulator/faults");

  const resumed = await api("POST", `/api/corps/${w.corpId}/tag-jobs/${started.body.id}/resume`);
  expect(resumed.status).toBe(202);
  await runTagJob(w.siyu.ctx, started.body.id);
  const done = await api<{ status: string; done: number; total: number; failed: number }>(
    "GET",
    `/api/corps/${w.corpId}/tag-jobs/${started.body.id}`,
  );
  expect(done.body).toMatchObject({ status: "done", failed: 0, done: started.body.total });

  // Every relation of that member carries the tag in WeCom and in Siyu.
  const client = await w.siyu.ctx.wecom.forCorp(w.siyu.ctx, w.corpId);
  const page = await client.externalContact.batchGetByUser({ userid_list: [staff], limit: 100 });
  expect(page.external_contact_list.length).toBe(started.body.total);
  expect(page.external_contact_list.every((x) => x.follow_info.tag_id?.includes(tagId))).toBe(true);
  const rows = await w.siyu.ctx.db
    .selectFrom("follow_tags")
    .selectAll()
    .where("tag_id", "=", tagId)
    .execute();
  expect(rows.length).toBe(started.body.total);
  expect(rows.every((r) => r.source === "siyu" && r.userid === staff)).toBe(true);
});

it("staff may not change corp tags, and their bulk jobs touch only their own relations", async () => {
  const user = await insertUser(w.siyu.ctx.db, { username: "staff-t", password_hash: "x", role: "staff" });
  const { token } = await createApiToken(w.siyu.ctx, user!.id, "t");
  const staff = { authorization: `Bearer ${token}` };
  const member = (
    await w.siyu.ctx.db
      .selectFrom("follow_relations")
      .select("userid")
      .where("status", "=", "active")
      .orderBy("userid", "desc")
      .executeTakeFirstOrThrow()
  ).userid;
  await linkUserToMember(w.siyu.ctx, user!.id, w.corpId, member);
  expect(
    (await api("POST", `/api/corps/${w.corpId}/tags`, { groupName: "g", tags: [{ name: "t" }] }, staff))
      .status,
  ).toBe(403);
  const tag = (
    await api<{ groups: Group[] }>("GET", `/api/corps/${w.corpId}/tags`, undefined, staff)
  ).body.groups.at(-1)!.tags[0]!;
  const job = await api<{ id: string; total: number }>(
    "POST",
    `/api/corps/${w.corpId}/tag-jobs`,
    { add: [tag.id], filter: {} },
    staff,
  );
  expect(job.status).toBe(202);
  await runTagJob(w.siyu.ctx, job.body.id);
  const own = await w.siyu.ctx.db
    .selectFrom("follow_relations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("userid", "=", member)
    .where("status", "in", ["active", "deleted_by_customer"])
    .executeTakeFirstOrThrow();
  expect(job.body.total).toBe(Number(own.n));
  const marked = await w.siyu.ctx.db
    .selectFrom("follow_tags")
    .select("userid")
    .where("tag_id", "=", tag.id)
    .where("reason", "=", `bulk job ${job.body.id}`)
    .execute();
  expect(marked.length).toBeGreaterThan(0);
  expect(marked.every((m) => m.userid === member)).toBe(true);
});
