import { afterEach, describe, expect, it } from "vitest";
import { boot, errcodeOf, newCustomer, seedMembers } from "./helpers.ts";

type Booted = Awaited<ReturnType<typeof boot>>;
let env: Booted;
afterEach(async () => env?.emu.close());

interface TagGroupView {
  group_id: string;
  group_name: string;
  tag: { id: string; name: string; deleted?: boolean }[];
}

describe("corp tags (contract §4.2)", () => {
  it("adds into a new group by name, lists, edits, marks a customer, deletes the last tag with its group", async () => {
    env = await boot();
    await seedMembers(env);
    const client = env.client();
    const added = await client.request<{ tag_group: TagGroupView }>(
      "POST",
      "/cgi-bin/externalcontact/add_corp_tag",
      {
        body: { group_name: "品类偏好", tag: [{ name: "美妆" }, { name: "母婴" }, { name: "美妆" }] },
      },
    );
    expect(added.tag_group.group_name).toBe("品类偏好");
    expect(added.tag_group.tag.map((t) => t.name)).toEqual(["美妆", "母婴"]);
    const [beauty, baby] = added.tag_group.tag;
    const more = await client.request<{ tag_group: TagGroupView }>(
      "POST",
      "/cgi-bin/externalcontact/add_corp_tag",
      {
        body: { group_name: "品类偏好", tag: [{ name: "宠物" }] },
      },
    );
    expect(more.tag_group.group_id).toBe(added.tag_group.group_id);

    await client.request("POST", "/cgi-bin/externalcontact/edit_corp_tag", {
      body: { id: baby!.id, name: "母婴用品" },
    });
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/edit_corp_tag", {
          body: { id: baby!.id, name: "美妆" },
        }),
      ),
    ).toBe(40071);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/edit_corp_tag", { body: { id: "etNOPE" } }),
      ),
    ).toBe(40068);

    const { externalUserId } = await newCustomer(env, "alice");
    await client.request("POST", "/cgi-bin/externalcontact/mark_tag", {
      body: { userid: "alice", external_userid: externalUserId, add_tag: [beauty!.id] },
    });
    const detail = await client.request<{ follow_user: { tags: unknown[] }[] }>(
      "GET",
      "/cgi-bin/externalcontact/get",
      {
        query: { external_userid: externalUserId },
      },
    );
    expect(detail.follow_user[0]!.tags).toEqual([
      { group_name: "品类偏好", tag_name: "美妆", tag_id: beauty!.id, type: 1 },
    ]);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/mark_tag", {
          body: { userid: "bob", external_userid: externalUserId, add_tag: [beauty!.id] },
        }),
      ),
    ).toBe(84061);
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/mark_tag", {
          body: { userid: "alice", external_userid: externalUserId },
        }),
      ),
    ).toBe(40058);

    await client.request("POST", "/cgi-bin/externalcontact/del_corp_tag", {
      body: { tag_id: [beauty!.id, baby!.id, more.tag_group.tag[0]!.id] },
    });
    const list = await client.request<{ tag_group: TagGroupView[] }>(
      "POST",
      "/cgi-bin/externalcontact/get_corp_tag_list",
      {
        body: {},
      },
    );
    expect(list.tag_group).toEqual([]);
    const byId = await client.request<{ tag_group: (TagGroupView & { deleted: boolean })[] }>(
      "POST",
      "/cgi-bin/externalcontact/get_corp_tag_list",
      { body: { group_id: [added.tag_group.group_id] } },
    );
    expect(byId.tag_group[0]!.deleted).toBe(true);
  });

  it("refuses empty groups, tags of other apps (admin-created), and more than 3000 tags", async () => {
    env = await boot();
    await seedMembers(env);
    const client = env.client();
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/add_corp_tag", {
          body: { group_name: "空", tag: [] },
        }),
      ),
    ).toBe(40058);
    const admin = await env.people<{ tagIds: string[] }>("admin-create-tags", {
      groupName: "后台",
      tags: ["A"],
    });
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/del_corp_tag", { body: { tag_id: admin.tagIds } }),
      ),
    ).toBe(48002);
    const tags = Array.from({ length: 2999 }, (_, i) => ({ name: `t${i}` }));
    await client.request("POST", "/cgi-bin/externalcontact/add_corp_tag", {
      body: { group_name: "大量", tag: tags },
    });
    expect(
      await errcodeOf(
        client.request("POST", "/cgi-bin/externalcontact/add_corp_tag", {
          body: { group_name: "大量", tag: [{ name: "over" }] },
        }),
      ),
    ).toBe(40126);
  });
});
