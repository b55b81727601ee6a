// The customer export opens cleanly in Excel and cannot smuggle a formula in through a name or remark.
import { describe, expect, it } from "vitest";
import type { CustomerSummary } from "../../api/index.ts";
import { customersCsv } from "./exportCsv.ts";

const headers = {
  name: "姓名",
  externalUserId: "external_userid",
  phones: "手机号",
  staff: "跟进员工",
  remarks: "备注",
  tags: "标签",
  channels: "渠道",
  addedAt: "添加时间",
};

const customer: CustomerSummary = {
  id: "1",
  corpId: "ww1",
  externalUserId: "wm1",
  name: '=HYPERLINK("x")',
  type: 1,
  gender: 2,
  avatar: null,
  unionid: null,
  corpName: null,
  phones: ["13800000000"],
  personKey: "customer:1",
  follows: [
    {
      userid: "zhangsan",
      memberName: "张三",
      status: "active",
      remark: "老客户, 爱买面膜",
      description: "",
      remarkMobiles: [],
      state: "metro-a",
      addWay: 1,
      addedAt: "2026-05-02T08:00:00.000Z",
      tags: [{ id: "t1", name: "高意向", groupName: "意向" }],
    },
    {
      userid: "lisi",
      memberName: null,
      status: "active",
      remark: "",
      description: "",
      remarkMobiles: [],
      state: null,
      addWay: 2,
      addedAt: "2026-04-01T08:00:00.000Z",
      tags: [{ id: "t1", name: "高意向", groupName: "意向" }],
    },
  ],
};

describe("customers CSV", () => {
  it("starts with a BOM and a header, quotes commas and neutralises formulas", () => {
    const csv = customersCsv([customer], headers);
    expect(csv.startsWith("\uFEFF姓名,external_userid,")).toBe(true);
    const [, row] = csv.slice(1).split("\r\n");
    expect(row).toBe(
      `"'=HYPERLINK(""x"")",wm1,13800000000,张三 lisi,"老客户, 爱买面膜",高意向,metro-a,2026-04-01T08:00:00.000Z`,
    );
  });
});
