// Materials against the emulator: a file uploaded once is kept in Siyu, becomes a WeCom media_id when a welcome
// message carries it, is uploaded again once that media_id is about to expire (3 days), and is refused with a
// field-level reason when it is too big, empty, of the wrong kind, or another corp's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "../src/context.ts";
import { dispatchOnce } from "../src/domains/outbox/dispatcher.ts";
import { outboxChannels } from "../src/server.ts";
import { type LcWorld, startLcWorld } from "./live-codes-world.ts";

let w: LcWorld | undefined;
const world = () => w as LcWorld;
let ctx: Ctx;
const channels = outboxChannels();
const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(2000, 7)]);

beforeAll(async () => {
  w = await startLcWorld({
    members: ["m1"],
    processor: false,
    clock: { now: () => (w ? w.emuClock.now() : Date.now()) },
  });
  ctx = w.siyu.ctx;
});
afterAll(() => w?.stop());

async function upload(name: string, contentType: string, data: Buffer, corpId = world().corpId) {
  const res = await fetch(
    `${world().siyu.url}/api/corps/${corpId}/materials?name=${encodeURIComponent(name)}`,
    {
      method: "POST",
      headers: { ...world().headers, "content-type": contentType },
      body: new Uint8Array(data),
    },
  );
  return { status: res.status, body: await res.json() };
}

async function addCustomerAndSend(): Promise<{ kind: string; attachments?: { msgtype: string }[] }[]> {
  const c = await world().people<{ externalUserId: string }>("add-customer", {
    userid: "m1",
    customer: { name: "客" },
  });
  await world().settle();
  while ((await dispatchOnce(ctx, channels)) > 0) {}
  const got = await world().control<{ received: { kind: string; attachments?: { msgtype: string }[] }[] }>(
    "GET",
    `/_emulator/corps/${world().corpId}/customers/${c.externalUserId}/messages`,
  );
  return got.received;
}

describe("materials", () => {
  it("keeps an upload once, lists it and serves it back", async () => {
    const first = await upload("海报.png", "image/png", PNG);
    expect(first).toMatchObject({
      status: 200,
      body: { kind: "image", name: "海报.png", size: PNG.length, existing: false },
    });
    const again = await upload("海报-副本.png", "image/png", PNG);
    expect(again.body).toMatchObject({ id: first.body.id, existing: true });
    const list = await world().api("GET", `/api/corps/${world().corpId}/materials?kind=image`);
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([first.body.id]);
    const content = await fetch(
      `${world().siyu.url}/api/corps/${world().corpId}/materials/${first.body.id}/content`,
      {
        headers: world().headers,
      },
    );
    expect(content.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await content.arrayBuffer()).equals(PNG)).toBe(true);
    // Anything that is not an image or video downloads instead of rendering in the console's origin.
    const page = await upload("x.html", "text/html", Buffer.from("<script>alert(1)</script>"));
    const served = await fetch(
      `${world().siyu.url}/api/corps/${world().corpId}/materials/${page.body.id}/content`,
      {
        headers: world().headers,
      },
    );
    expect(page.body.kind).toBe("file");
    expect(served.headers.get("content-type")).toBe("application/octet-stream");
    expect(served.headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  it("refuses an empty file, an image over 10 MB and a missing name, storing nothing", async () => {
    const before = (await world().api("GET", `/api/corps/${world().corpId}/materials`)).body.items.length;
    const empty = await upload("空.png", "image/png", Buffer.alloc(3));
    expect(empty.body.error).toMatchObject({ code: "MATERIAL_INVALID", details: [{ path: "/file" }] });
    const big = await upload("大图.jpg", "image/jpeg", Buffer.alloc(10 * 1024 * 1024 + 10, 1));
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/at most 10 MB/);
    const res = await fetch(`${world().siyu.url}/api/corps/${world().corpId}/materials`, {
      method: "POST",
      headers: { ...world().headers, "content-type": "image/png" },
      body: new Uint8Array(PNG),
    });
    expect(res.status).toBe(400);
    expect((await world().api("GET", `/api/corps/${world().corpId}/materials`)).body.items).toHaveLength(
      before,
    );
  });
});

describe("materials in welcome messages", () => {
  it("uploads the material as a media_id when the welcome goes out, and again after 3 days", async () => {
    const png = await upload("欢迎图.png", "image/png", Buffer.concat([PNG, Buffer.from("welcome")]));
    const created = await world().api("POST", `/api/corps/${world().corpId}/welcome-messages`, {
      scope: "default",
      text: "欢迎！",
      attachments: [{ type: "image", materialId: png.body.id }],
    });
    expect(created.status).toBe(200);

    const first = await addCustomerAndSend();
    expect(first).toEqual([
      expect.objectContaining({
        kind: "welcome",
        attachments: [expect.objectContaining({ msgtype: "image" })],
      }),
    ]);
    const media1 = await ctx.db
      .selectFrom("material_media")
      .selectAll()
      .where("material_id", "=", png.body.id)
      .executeTakeFirstOrThrow();

    // Still fresh: the same media_id is reused.
    await addCustomerAndSend();
    const reused = await ctx.db
      .selectFrom("material_media")
      .selectAll()
      .where("material_id", "=", png.body.id)
      .executeTakeFirstOrThrow();
    expect(reused.media_id).toBe(media1.media_id);

    // Three days later WeCom has forgotten it (the emulator answers 40007 for it); Siyu uploads again first.
    world().emuClock.advance(3 * 86_400_000 + 60_000);
    const later = await addCustomerAndSend();
    expect(later).toEqual([expect.objectContaining({ kind: "welcome" })]);
    const media2 = await ctx.db
      .selectFrom("material_media")
      .selectAll()
      .where("material_id", "=", png.body.id)
      .executeTakeFirstOrThrow();
    expect(media2.media_id).not.toBe(media1.media_id);
    const failed = await ctx.db.selectFrom("outbox").select("reason").where("status", "!=", "sent").execute();
    expect(failed).toEqual([]);
  });

  it("refuses a welcome whose material is missing, of the wrong kind, or another corp's", async () => {
    const file = await upload("价目表.pdf", "application/pdf", Buffer.from("%PDF-1.4 price list"));
    const res = await world().api("POST", `/api/corps/${world().corpId}/welcome-messages`, {
      scope: "staff",
      userid: "m1",
      text: "你好",
      attachments: [
        { type: "image", materialId: file.body.id },
        { type: "file", materialId: "999999" },
        { type: "video" },
      ],
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain("/attachments/2/materialId");
    const second = await world().api("POST", `/api/corps/${world().corpId}/welcome-messages`, {
      scope: "staff",
      userid: "m1",
      text: "你好",
      attachments: [
        { type: "image", materialId: file.body.id },
        { type: "file", materialId: "999999" },
      ],
    });
    expect(second.body.error.details).toEqual([
      { path: "/attachments/0/materialId", message: expect.stringMatching(/is a file, not a image/) },
      { path: "/attachments/1/materialId", message: "no material 999999" },
    ]);
    const other = await world().api("GET", "/api/corps/wwSomeoneElse/materials");
    expect(other.body.items ?? []).toEqual([]);
  });
});
