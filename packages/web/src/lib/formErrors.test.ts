// Where a server validation issue shows up on a form, and in which words.
import { describe, expect, it } from "vitest";
import en from "../i18n/en.ts";
import zhCN from "../i18n/zh-CN.ts";
import { placeErrors, toNamePath, translateIssue } from "./formErrors.ts";

function translator(messages: object) {
  return (key: string, options: Record<string, unknown> = {}) => {
    const found = key
      .split(".")
      .reduce<unknown>((at, part) => (at as Record<string, unknown>)?.[part], messages);
    const text = typeof found === "string" ? found : key;
    return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(options[name]));
  };
}

describe("form errors", () => {
  it("turns dotted paths into antd name paths with list indexes as numbers", () => {
    expect(toNamePath("backupStaff.0.schedule.1.end")).toEqual(["backupStaff", 0, "schedule", 1, "end"]);
  });

  it("puts each issue on its own field, else on the nearest list that holds it, else leaves it over", () => {
    const registered = [["name"], ["staff"], ["staff", 0, "userid"], ["backupStaff", 0, "schedule"]];
    const result = placeErrors(
      [
        { field: "name", message: "required" },
        { field: "staff.0.userid", message: "twice" },
        { field: "backupStaff.0.schedule.1", message: "overlaps" },
        { field: "staff", message: "empty" },
        { field: "welcome.text", message: "needs text" },
      ],
      registered,
    );
    expect(result.placed).toEqual([
      { name: ["name"], errors: ["required"] },
      { name: ["staff", 0, "userid"], errors: ["twice"] },
      { name: ["backupStaff", 0, "schedule"], errors: ["overlaps"] },
      { name: ["staff"], errors: ["empty"] },
    ]);
    expect(result.unplaced).toEqual([{ field: "welcome.text", message: "needs text" }]);
  });

  it("says the API's rules in the user's language and keeps unknown messages as they are", () => {
    expect(translateIssue("overlaps range 0 on weekday 1", translator(zhCN))).toBe("与第 1 个时段重叠");
    expect(translateIssue("overlaps range 0 on weekday 1", translator(en))).toBe("Overlaps time range 1");
    expect(translateIssue("state is at most 30 characters (WeCom's limit)", translator(en))).toContain("30");
    const outOfOrder = "step 2 comes before step 1; put the steps in time order";
    expect(translateIssue(outOfOrder, translator(zhCN))).toBe("第 2 步早于第 1 步，请按时间顺序排列步骤");
    expect(translateIssue(outOfOrder, translator(en))).toBe(
      "Step 2 comes before step 1: put the steps in time order",
    );
    expect(translateIssue("something new", translator(zhCN))).toBe("something new");
  });

  it("says why a member cannot take over customers (inheritance)", () => {
    const zh = translator(zhCN);
    expect(translateIssue("gone has resigned and cannot take over customers", zh)).toBe(
      "gone 已离职，不能接替客户",
    );
    expect(
      translateIssue(
        "nolic has no customer-contact licence (客户联系) and cannot have customers; grant it in WeCom first",
        zh,
      ),
    ).toBe("nolic 没有客户联系权限（许可），不能拥有客户；请先在企业微信中开通");
    expect(translateIssue("wm1 is succeeded; only refused or failed customers can be reassigned", zh)).toBe(
      "wm1 当前为“已接替”，只有被拒绝或失败的客户可以改派",
    );
  });
});
