// Addendum §7 — directory reads a self-built app may make: department/simplelist (and list), user/simplelist and
// user/get within the app's visible range (60011 outside it, 60111 unknown or left); user/list_id needs
// the contacts-sync secret and answers 48002 to an app token. Apps created after 2022-06-20 get no
// avatar, gender, mobile, email or address from user/get.
import { ApiError } from "../errors.ts";
import type { Department } from "../world/types.ts";
import { type ApiContext, get, post, type Route, requireMember } from "./route.ts";

function visibleDepartments(ctx: ApiContext): Department[] {
  const all = [...ctx.corp.departments.values()];
  const roots = ctx.app.visibleDepartments;
  if (roots.length === 0) return all;
  return all.filter((d) => {
    for (let id: number | undefined = d.id, hops = 0; id && hops < 64; hops++) {
      if (roots.includes(id)) return true;
      id = ctx.corp.departments.get(id)?.parentId;
    }
    return false;
  });
}

function subtree(ctx: ApiContext, rootId: number): Department[] {
  return visibleDepartments(ctx).filter((d) => {
    for (let id: number | undefined = d.id, hops = 0; id && hops < 64; hops++) {
      if (id === rootId) return true;
      id = ctx.corp.departments.get(id)?.parentId;
    }
    return false;
  });
}

export const directoryRoutes: Route[] = [
  get(
    "department/simplelist",
    (ctx, p) => {
      const id = p.int("id", 0);
      if (id && !ctx.corp.departments.has(id)) throw new ApiError(60123, "invalid party id");
      const list = id ? subtree(ctx, id) : visibleDepartments(ctx);
      return { department_id: list.map((d) => ({ id: d.id, parentid: d.parentId, order: d.order })) };
    },
    false,
  ),

  get(
    "department/list",
    (ctx, p) => {
      const id = p.int("id", 0);
      if (id && !ctx.corp.departments.has(id)) throw new ApiError(60123, "invalid party id");
      const list = id ? subtree(ctx, id) : visibleDepartments(ctx);
      return {
        department: list.map((d) => ({
          id: d.id,
          name: d.name,
          name_en: "",
          department_leader: [...ctx.corp.members.values()]
            .filter((m) => m.mainDepartment === d.id && m.position === "店长")
            .map((m) => m.userid),
          parentid: d.parentId,
          order: d.order,
        })),
      };
    },
    false,
  ),

  get(
    "user/simplelist",
    (ctx, p) => {
      const deptId = p.int("department_id", 1);
      const depts = p.int("fetch_child", 0) === 1 ? subtree(ctx, deptId).map((d) => d.id) : [deptId];
      if (!visibleDepartments(ctx).some((d) => d.id === deptId)) throw new ApiError(60011);
      const userlist = [...ctx.corp.members.values()]
        .filter((m) => m.status !== 5 && m.department.some((d) => depts.includes(d)))
        .map((m) => ({
          userid: m.userid,
          name: m.name,
          department: m.department,
          open_userid: `wo${m.userid}`,
        }));
      return { userlist };
    },
    false,
  ),

  get(
    "user/get",
    (ctx, p) => {
      const m = requireMember(ctx, p.str("userid", 40003));
      if (m.status === 5) throw new ApiError(60111);
      return {
        userid: m.userid,
        name: m.name,
        department: m.department,
        order: m.department.map(() => 0),
        position: m.position,
        is_leader_in_dept: m.department.map(() => (m.position === "店长" ? 1 : 0)),
        direct_leader: [],
        telephone: "",
        alias: "",
        open_userid: `wo${m.userid}`,
        main_department: m.mainDepartment,
        extattr: { attrs: [] },
        status: m.status,
        external_position: m.position,
        external_profile: { external_corp_name: ctx.corp.name, external_attr: [] },
      };
    },
    false,
  ),

  post(
    "user/list_id",
    () => {
      throw new ApiError(48002, "user/list_id needs the contacts-sync secret");
    },
    false,
  ),
];
