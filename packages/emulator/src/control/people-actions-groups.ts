// People actions around running a customer group: owner hand-over, notice, admins.
import { ControlError } from "../errors.ts";
import { changeGroupNotice, changeGroupOwner, setGroupAdmins } from "../people/group-admin.ts";
import type { ArchivedDetail } from "../world/types.ts";
import type { Body, PeopleAction } from "./people-actions.ts";

function str(body: Body, name: string): string {
  const v = body[name];
  if (typeof v !== "string" || v === "") throw new ControlError("BAD_REQUEST", `${name} is required`);
  return v;
}

function strList(body: Body, name: string): string[] {
  const v = body[name] ?? [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new ControlError("BAD_REQUEST", `${name} must be a string list`);
  return v as string[];
}

/** The content of a link, mini-program or contact card posted in a group (group-message). */
export function detailOf(body: Body): ArchivedDetail | undefined {
  const d = body.detail;
  if (d === undefined) return undefined;
  if (typeof d !== "object" || d === null) throw new ControlError("BAD_REQUEST", "detail must be an object");
  const out: ArchivedDetail = {};
  for (const k of ["url", "title", "appid", "appName", "cardUserid"] as const) {
    const v = (d as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (typeof v !== "string") throw new ControlError("BAD_REQUEST", `detail.${k} must be a string`);
    out[k] = v;
  }
  return out;
}

export const GROUP_PEOPLE_ACTIONS: Record<string, PeopleAction> = {
  "change-group-owner": (w, c, b) =>
    changeGroupOwner(w, c, { chatId: str(b, "chatId"), owner: str(b, "owner") }),
  "change-group-notice": (w, c, b) =>
    changeGroupNotice(w, c, {
      chatId: str(b, "chatId"),
      notice: typeof b.notice === "string" ? b.notice : "",
    }),
  "set-group-admins": (w, c, b) =>
    setGroupAdmins(w, c, { chatId: str(b, "chatId"), admins: strList(b, "admins") }),
};
