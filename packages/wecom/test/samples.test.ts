// The official request/response samples (test/samples/cgi-bin) are assigned to the client's types: tsc fails
// if a type disagrees with a sample's shape (e.g. a number typed as string), and the assertions check the
// fields Siyu reads at runtime.
import { describe, expect, it } from "vitest";
import type {
  AddContactWayRequest,
  AddContactWayResponse,
  AddCorpTagRequest,
  AddCorpTagResponse,
  AddJoinWayRequest,
  BatchGetByUserRequest,
  BatchGetByUserResponse,
  DelCorpTagRequest,
  DepartmentListResponse,
  DepartmentSimpleListResponse,
  EditCorpTagRequest,
  GetContactWayResponse,
  GetCorpTagListRequest,
  GetCorpTagListResponse,
  GetExternalContactResponse,
  GetFollowUserListResponse,
  GetGroupChatResponse,
  GetTokenResponse,
  KfAccountListRequest,
  KfAccountListResponse,
  KfCustomerBatchGetRequest,
  KfCustomerBatchGetResponse,
  KfSyncMsgRequest,
  KfSyncMsgResponse,
  ListExternalContactResponse,
  ListGroupChatRequest,
  ListGroupChatResponse,
  MarkTagRequest,
  MessageSendRequest,
  MessageSendResponse,
  RemarkRequest,
  SendWelcomeMsgRequest,
  UpdateContactWayRequest,
  User,
  UserListIdResponse,
  UserSimpleListResponse,
  WeComResponse,
} from "../src/index.ts";
import departmentList from "./samples/cgi-bin/department/list.response.json" with { type: "json" };
import departmentSimpleList from "./samples/cgi-bin/department/simplelist.response.json" with {
  type: "json",
};
import addContactWayReq from "./samples/cgi-bin/externalcontact/add_contact_way.request.json" with {
  type: "json",
};
import addContactWayRes from "./samples/cgi-bin/externalcontact/add_contact_way.response.json" with {
  type: "json",
};
import addCorpTagReq from "./samples/cgi-bin/externalcontact/add_corp_tag.request.json" with { type: "json" };
import addCorpTagRes from "./samples/cgi-bin/externalcontact/add_corp_tag.response.json" with {
  type: "json",
};
import batchGetByUserReq from "./samples/cgi-bin/externalcontact/batch/get_by_user.request.json" with {
  type: "json",
};
import batchGetByUserRes from "./samples/cgi-bin/externalcontact/batch/get_by_user.response.json" with {
  type: "json",
};
import delContactWayRes from "./samples/cgi-bin/externalcontact/del_contact_way.response.json" with {
  type: "json",
};
import delCorpTagReq from "./samples/cgi-bin/externalcontact/del_corp_tag.request.json" with { type: "json" };
import delCorpTagRes from "./samples/cgi-bin/externalcontact/del_corp_tag.response.json" with {
  type: "json",
};
import editCorpTagReq from "./samples/cgi-bin/externalcontact/edit_corp_tag.request.json" with {
  type: "json",
};
import editCorpTagRes from "./samples/cgi-bin/externalcontact/edit_corp_tag.response.json" with {
  type: "json",
};
import getRes from "./samples/cgi-bin/externalcontact/get.response.json" with { type: "json" };
import getContactWayRes from "./samples/cgi-bin/externalcontact/get_contact_way.response.json" with {
  type: "json",
};
import getCorpTagListReq from "./samples/cgi-bin/externalcontact/get_corp_tag_list.request.json" with {
  type: "json",
};
import getCorpTagListRes from "./samples/cgi-bin/externalcontact/get_corp_tag_list.response.json" with {
  type: "json",
};
import getFollowUserListRes from "./samples/cgi-bin/externalcontact/get_follow_user_list.response.json" with {
  type: "json",
};
import addJoinWayReq from "./samples/cgi-bin/externalcontact/groupchat/add_join_way.request.json" with {
  type: "json",
};
import addJoinWayRes from "./samples/cgi-bin/externalcontact/groupchat/add_join_way.response.json" with {
  type: "json",
};
import groupChatGetRes from "./samples/cgi-bin/externalcontact/groupchat/get.response.json" with {
  type: "json",
};
import groupChatListReq from "./samples/cgi-bin/externalcontact/groupchat/list.request.json" with {
  type: "json",
};
import groupChatListRes from "./samples/cgi-bin/externalcontact/groupchat/list.response.json" with {
  type: "json",
};
import listRes from "./samples/cgi-bin/externalcontact/list.response.json" with { type: "json" };
import markTagReq from "./samples/cgi-bin/externalcontact/mark_tag.request.json" with { type: "json" };
import markTagRes from "./samples/cgi-bin/externalcontact/mark_tag.response.json" with { type: "json" };
import remarkReq from "./samples/cgi-bin/externalcontact/remark.request.json" with { type: "json" };
import remarkRes from "./samples/cgi-bin/externalcontact/remark.response.json" with { type: "json" };
import sendWelcomeMsgReq from "./samples/cgi-bin/externalcontact/send_welcome_msg.request.json" with {
  type: "json",
};
import sendWelcomeMsgRes from "./samples/cgi-bin/externalcontact/send_welcome_msg.response.json" with {
  type: "json",
};
import updateContactWayReq from "./samples/cgi-bin/externalcontact/update_contact_way.request.json" with {
  type: "json",
};
import updateContactWayRes from "./samples/cgi-bin/externalcontact/update_contact_way.response.json" with {
  type: "json",
};
import gettoken from "./samples/cgi-bin/gettoken.response.json" with { type: "json" };
import kfAccountListReq from "./samples/cgi-bin/kf/account/list.request.json" with { type: "json" };
import kfAccountListRes from "./samples/cgi-bin/kf/account/list.response.json" with { type: "json" };
import kfBatchGetReq from "./samples/cgi-bin/kf/customer/batchget.request.json" with { type: "json" };
import kfBatchGetRes from "./samples/cgi-bin/kf/customer/batchget.response.json" with { type: "json" };
import kfSyncMsgReq from "./samples/cgi-bin/kf/sync_msg.request.json" with { type: "json" };
import kfSyncMsgRes from "./samples/cgi-bin/kf/sync_msg.response.json" with { type: "json" };
import messageSendReq from "./samples/cgi-bin/message/send.request.json" with { type: "json" };
import messageSendRes from "./samples/cgi-bin/message/send.response.json" with { type: "json" };
import userGet from "./samples/cgi-bin/user/get.response.json" with { type: "json" };
import userListId from "./samples/cgi-bin/user/list_id.response.json" with { type: "json" };
import userSimpleList from "./samples/cgi-bin/user/simplelist.response.json" with { type: "json" };

describe("official samples fit the client's types", () => {
  it("gettoken", () => {
    const r: GetTokenResponse = gettoken;
    expect(r.access_token).toBe("accesstoken000001");
    expect(r.expires_in).toBe(7200);
  });

  it("customers: follow users, list, get with follow_user paging", () => {
    const follow: GetFollowUserListResponse = getFollowUserListRes;
    expect(follow.follow_user).toEqual(["zhangsan", "lissi"]);
    const list: ListExternalContactResponse = listRes;
    expect(list.external_userid).toHaveLength(2);
    const got: GetExternalContactResponse = getRes;
    expect(got.external_contact.external_userid).toBe("woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA");
    expect(got.external_contact.type).toBe(2);
    expect(got.external_contact.external_profile?.external_attr?.[1]?.web?.url).toBe("http://www.test.com");
    expect(got.next_cursor).toBe("NEXT_CURSOR");
    const [rocky, tommy] = got.follow_user;
    expect(rocky?.tags?.map((t) => [t.type, t.tag_id])).toEqual([
      [1, "etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"],
      [2, undefined],
      [3, "stAJ2GCAAAXtWyujaWJHDDGi0mACHAAA"],
    ]);
    expect(rocky?.remark_mobiles).toEqual(["13800000001", "13000000002"]);
    expect(tommy).toMatchObject({
      userid: "tommy",
      state: "外联二维码1",
      add_way: 3,
      createtime: 1525881637,
    });
    expect(tommy?.tags).toBeUndefined();
  });

  it("batch/get_by_user", () => {
    const req: BatchGetByUserRequest = batchGetByUserReq;
    expect(req.limit).toBe(100);
    const r: BatchGetByUserResponse = batchGetByUserRes;
    expect(r.next_cursor).not.toBe("");
    expect(
      r.external_contact_list.map((e) => [e.external_contact.external_userid, e.follow_info.userid]),
    ).toEqual([
      ["woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", "rocky"],
      ["woAJ2GCAAAXtWyujaWJHDDGi0mACHBBB", "lisi"],
    ]);
    expect(r.external_contact_list[1]?.follow_info.tag_id).toEqual([
      "etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA",
      "stJHDDGi0mAGi0mACHBBByujaW",
    ]);
    expect(r.external_contact_list[1]?.follow_info.state).toBe("外联二维码1");
  });

  it("remark, mark_tag and the plain ok responses", () => {
    const remark: RemarkRequest = remarkReq;
    expect(remark.remark_mobiles).toHaveLength(2);
    const mark: MarkTagRequest = markTagReq;
    expect(mark.add_tag).toEqual(["TAGID1", "TAGID2"]);
    const oks: WeComResponse[] = [
      remarkRes,
      markTagRes,
      editCorpTagRes,
      delCorpTagRes,
      updateContactWayRes,
      delContactWayRes,
      sendWelcomeMsgRes,
    ];
    for (const ok of oks) expect(ok.errcode).toBe(0);
  });

  it("corp tags", () => {
    const listReq: GetCorpTagListRequest = getCorpTagListReq;
    expect(listReq.group_id).toHaveLength(2);
    const r: GetCorpTagListResponse = getCorpTagListRes;
    const group = r.tag_group[0];
    expect(group).toMatchObject({
      group_id: "TAG_GROUPID1",
      order: 1,
      deleted: false,
      create_time: 1557838797,
    });
    expect(group?.tag.map((t) => [t.id, t.order, t.deleted])).toEqual([
      ["TAG_ID1", 1, false],
      ["TAG_ID2", 2, true],
    ]);
    const addReq: AddCorpTagRequest = addCorpTagReq;
    expect(addReq.tag).toHaveLength(2);
    const added: AddCorpTagResponse = addCorpTagRes;
    expect(added.tag_group.tag.map((t) => t.id)).toEqual(["TAG_ID1", "TAG_ID2"]);
    const edit: EditCorpTagRequest = editCorpTagReq;
    const del: DelCorpTagRequest = delCorpTagReq;
    expect([edit.id, del.tag_id?.length]).toEqual(["TAG_ID", 2]);
  });

  it("contact ways", () => {
    const addReq: AddContactWayRequest = addContactWayReq;
    expect(addReq.conclusions?.miniprogram?.pic_media_id).toBe("MEDIA_ID");
    const added: AddContactWayResponse = addContactWayRes;
    expect(added.config_id).toMatch(/^[0-9a-zA-Z]{32}$/);
    expect(added.qr_code).toMatch(/^http/);
    const got: GetContactWayResponse = getContactWayRes;
    expect(got.contact_way).toMatchObject({
      config_id: added.config_id,
      type: 1,
      scene: 1,
      state: "teststate",
    });
    expect(got.contact_way.user).toEqual(["zhangsan", "lisi", "wangwu"]);
    expect(got.contact_way.party).toEqual([2, 3]);
    expect(got.contact_way.conclusions?.image?.pic_url).toMatch(/^http/);
    const upd: UpdateContactWayRequest = updateContactWayReq;
    expect(upd.config_id).toBe(added.config_id);
  });

  it("welcome message request", () => {
    const { attachments, ...rest } = sendWelcomeMsgReq;
    // msgtype is a plain string in JSON, so the discriminated Attachment union is checked per entry at runtime.
    const head: Omit<SendWelcomeMsgRequest, "attachments"> = rest;
    expect(head.welcome_code).toBe("CALLBACK_CODE");
    expect(attachments.map((a) => a.msgtype)).toEqual(["image", "link", "miniprogram", "video", "file"]);
    for (const a of attachments) expect(a).toHaveProperty(a.msgtype);
  });

  it("customer groups and join ways", () => {
    const listReq: ListGroupChatRequest = groupChatListReq;
    expect(listReq.owner_filter?.userid_list).toEqual(["abel"]);
    const list: ListGroupChatResponse = groupChatListRes;
    expect(list.group_chat_list.map((g) => g.chat_id)).toHaveLength(2);
    expect(list.next_cursor).not.toBe("");
    const got: GetGroupChatResponse = groupChatGetRes;
    expect(got.group_chat).toMatchObject({ chat_id: "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", owner: "ZhuShengBen" });
    expect(got.group_chat.member_list.map((m) => [m.userid, m.type, m.invitor?.userid])).toEqual([
      ["abel", 1, "jack"],
      ["wmOgQhDgAAuXFJGwbve4g4iXknfOAAAA", 2, undefined],
    ]);
    expect(got.group_chat.admin_list).toEqual([{ userid: "sam" }, { userid: "pony" }]);
    const addReq: AddJoinWayRequest = addJoinWayReq;
    expect(addReq.chat_id_list).toHaveLength(2);
    const added: WeComResponse & { config_id: string } = addJoinWayRes;
    expect(added.config_id).toBe("9ad7fa5cdaa6511298498f979c472aaa");
  });

  it("directory", () => {
    const simple: DepartmentSimpleListResponse = departmentSimpleList;
    expect(simple.department_id).toEqual([
      { id: 2, parentid: 1, order: 10 },
      { id: 3, parentid: 2, order: 40 },
    ]);
    const depts: DepartmentListResponse = departmentList;
    expect(depts.department.map((d) => d.name)).toEqual(["广州研发中心", "邮箱产品部"]);
    const users: UserSimpleListResponse = userSimpleList;
    expect(users.userlist[0]).toMatchObject({ userid: "zhangsan", department: [1, 2] });
    const ids: UserListIdResponse = userListId;
    expect(ids.dept_user).toHaveLength(3);
    const user: User = userGet;
    expect(user).toMatchObject({
      userid: "zhangsan",
      name: "张三",
      gender: "1",
      status: 1,
      main_department: 1,
    });
    expect(user.department).toEqual([1, 2]);
  });

  it("message/send", () => {
    // msgtype is a plain string in JSON; fix the discriminant and let tsc check the rest.
    const req: MessageSendRequest = { ...messageSendReq, msgtype: "text" };
    expect(req.agentid).toBe(1);
    const res: MessageSendResponse = messageSendRes;
    expect(res.invaliduser?.split("|")).toEqual(["userid1", "userid2"]);
    expect(res.msgid).toBe("xxxx");
  });

  it("微信客服: account/list, sync_msg, customer/batchget", () => {
    const listReq: KfAccountListRequest = kfAccountListReq;
    expect(listReq).toEqual({ offset: 0, limit: 100 });
    const accounts: KfAccountListResponse = kfAccountListRes;
    expect(accounts.account_list[0]).toMatchObject({
      open_kfid: "wkAJ2GCAAASSm4_FhToWMFea0xAFfd3Q",
      name: "咨询客服",
      manage_privilege: false,
    });
    const syncReq: KfSyncMsgRequest = kfSyncMsgReq;
    expect(syncReq).toMatchObject({ open_kfid: "wkxxxxxx", limit: 1000 });
    const page: KfSyncMsgResponse = kfSyncMsgRes;
    expect(page.has_more).toBe(1);
    expect(page.next_cursor).toBe("4gw7MepFLfgF2VC5npN");
    expect(page.msg_list[0]).toMatchObject({
      msgid: "from_msgid_4622416642169452483",
      external_userid: "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw",
      send_time: 1615478585,
      origin: 3,
      msgtype: "text",
    });
    const getReq: KfCustomerBatchGetRequest = kfBatchGetReq;
    expect(getReq.external_userid_list).toHaveLength(2);
    const got: KfCustomerBatchGetResponse = kfBatchGetRes;
    expect(got.customer_list[0]).toMatchObject({ external_userid: "wmxxxxxxxxxxxxxxxxxxxxxx", gender: 1 });
    expect(got.customer_list[0]?.enter_session_context?.wechat_channels?.scene).toBe(1);
    expect(got.invalid_external_userid).toEqual(["zhangsan"]);
  });
});
