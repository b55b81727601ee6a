import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CallbackEvent, CallbackEventOf } from "./event-types.ts";
import { eventKey, eventType, parseCallbackEvent } from "./events.ts";
import { CallbackXmlError, parseEnvelope } from "./xml.ts";

const PUSH = fileURLToPath(new URL("../../test/samples/push", import.meta.url));
const sample = (name: string) => parseCallbackEvent(readFileSync(join(PUSH, `${name}.xml`), "utf8"));

/** Narrows to one variant or fails the test. */
function as<T extends CallbackEvent["type"]>(e: CallbackEvent, type: T): CallbackEventOf<T> {
  expect(e.type).toBe(type);
  return e as CallbackEventOf<T>;
}

const SUITE = {
  envelope: "suite",
  suiteId: "ww4asffe99e54c0f4c",
  authCorpId: "wxf8b4f85f3a794e77",
  createTime: 1403610513,
};
const PAIR = { userId: "zhangsan", externalUserId: "woAJ2GCAAAXtWyujaWJHDDGi0mACH71w" };

describe("parseCallbackEvent on the official push samples", () => {
  it("parses every sample to a known variant (none falls back to unknown)", () => {
    const files = readdirSync(PUSH).filter((f) => f.endsWith(".xml"));
    expect(files.length).toBe(25);
    for (const f of files) {
      const e = parseCallbackEvent(readFileSync(join(PUSH, f), "utf8"));
      expect(e.type, f).not.toBe("unknown");
    }
  });

  it("change_external_contact", () => {
    expect(
      as(sample("ChangeExternalContactAddExternalContact"), "change_external_contact/add_external_contact"),
    ).toMatchObject({
      ...SUITE,
      ...PAIR,
      state: "teststate",
      welcomeCode: "WELCOMECODE",
    });
    expect(
      as(
        sample("ChangeExternalContactAddHalfExternalContact"),
        "change_external_contact/add_half_external_contact",
      ),
    ).toMatchObject({ ...PAIR, state: "teststate", welcomeCode: "WELCOMECODE" });
    expect(
      as(sample("ChangeExternalContactEditExternalContact"), "change_external_contact/edit_external_contact"),
    ).toMatchObject(PAIR);
    const del = as(
      sample("ChangeExternalContactDelExternalContact"),
      "change_external_contact/del_external_contact",
    );
    expect(del).toMatchObject(PAIR);
    expect(del.source).toBeUndefined();
    expect(
      as(sample("ChangeExternalContactDelFollowUser"), "change_external_contact/del_follow_user"),
    ).toMatchObject(PAIR);
    expect(
      as(sample("ChangeExternalContactTransferFail"), "change_external_contact/transfer_fail"),
    ).toMatchObject({
      ...PAIR,
      failReason: "customer_refused",
    });
  });

  it("change_external_chat", () => {
    expect(as(sample("ChangeExternalChatCreate"), "change_external_chat/create")).toMatchObject({
      ...SUITE,
      chatId: "CHAT_ID",
    });
    expect(as(sample("ChangeExternalChatDismiss"), "change_external_chat/dismiss").chatId).toBe("CHAT_ID");
    const upd = as(sample("ChangeExternalChatUpdate"), "change_external_chat/update");
    expect(upd).toMatchObject({
      chatId: "CHAT_ID",
      updateDetail: "add_member",
      joinScene: 1,
      quitScene: 0,
      memChangeCnt: 10,
    });
    expect(upd.memChangeList).toEqual([]);
  });

  it("change_external_tag", () => {
    for (const [file, type] of [
      ["ChangeExternalTagCreate", "change_external_tag/create"],
      ["ChangeExternalTagUpdate", "change_external_tag/update"],
      ["ChangeExternalTagDelete", "change_external_tag/delete"],
    ] as const) {
      expect(as(sample(file), type)).toMatchObject({ ...SUITE, id: "TAG_ID", tagType: "tag" });
    }
  });

  it("change_contact (directory)", () => {
    const created = as(sample("ChangeContactCreateUser"), "change_contact/create_user");
    expect(created).toMatchObject({ userId: "zhangsan", name: "张三", department: [1, 2, 3] });
    expect(created.raw.Avatar).toBe(
      "http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0",
    );
    expect(as(sample("ChangeContactUpdateUser"), "change_contact/update_user")).toMatchObject({
      userId: "zhangsan",
      newUserId: "zhangsan001",
      status: 1,
    });
    expect(as(sample("ChangeContactDeleteUser"), "change_contact/delete_user").userId).toBe("zhangsan");
    expect(as(sample("ChangeContactCreateParty"), "change_contact/create_party")).toMatchObject({
      envelope: "self-built",
      toUserName: "toUser",
      fromUserName: "sys",
      id: 2,
      name: "张三",
      parentId: 1,
      order: 1,
    });
    expect(as(sample("ChangeContactUpdateParty"), "change_contact/update_party")).toMatchObject({
      id: 2,
      parentId: 1,
    });
    expect(as(sample("ChangeContactDeleteParty"), "change_contact/delete_party").id).toBe(2);
    expect(as(sample("ChangeContactUpdateTag"), "change_contact/update_tag")).toMatchObject({
      tagId: 1,
      addUserItems: ["zhangsan", "lisi"],
      delUserItems: ["zhangsan1", "lisi1"],
      addPartyItems: [1, 2],
      delPartyItems: [3, 4],
    });
  });

  it("messages", () => {
    expect(as(sample("MessageText"), "message")).toMatchObject({
      envelope: "self-built",
      msgType: "text",
      content: "this is a test",
      fromUserName: "fromUser",
      createTime: 1348831860,
    });
    expect(as(sample("MessageImage"), "message")).toMatchObject({ msgType: "image", mediaId: "media_id" });
    expect(as(sample("MessageVoice"), "message")).toMatchObject({ msgType: "voice", mediaId: "media_id" });
    expect(as(sample("MessageVideo"), "message")).toMatchObject({ msgType: "video", mediaId: "media_id" });
    expect(as(sample("MessageLink"), "message")).toMatchObject({
      msgType: "link",
      msgId: "1234567890123456",
      agentId: "1",
    });
    const loc = as(sample("MessageLocation"), "message");
    expect(loc.raw.Label).toBe("位置信息");
    expect(loc.raw.Location_X).toBe("23.134");
  });
});

const SELF_BUILT =
  "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mACH71w]]></ExternalUserID><State><![CDATA[teststate]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>";

const selfBuilt = (changeType: string, event: string, extra: string, createTime = 1403610513) =>
  `<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event><ChangeType><![CDATA[${changeType}]]></ChangeType>${extra}</xml>`;

describe("self-built envelope", () => {
  it("parses the contract §3 example", () => {
    const e = as(parseCallbackEvent(SELF_BUILT), "change_external_contact/add_external_contact");
    expect(e).toMatchObject({
      envelope: "self-built",
      toUserName: "toUser",
      fromUserName: "sys",
      createTime: 1403610513,
      ...PAIR,
      state: "teststate",
      welcomeCode: "WELCOMECODE",
    });
    expect(e.suiteId).toBeUndefined();
    expect(eventType(e)).toBe("change_external_contact/add_external_contact");
  });

  it("parses a group update with MemChangeList items and member versions", () => {
    const e = as(
      parseCallbackEvent(
        selfBuilt(
          "update",
          "change_external_chat",
          "<ChatId><![CDATA[wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA]]></ChatId><UpdateDetail><![CDATA[del_member]]></UpdateDetail><QuitScene>1</QuitScene><MemChangeCnt>2</MemChangeCnt><MemChangeList><Item><![CDATA[zhangsan]]></Item><Item><![CDATA[wmAAAA]]></Item></MemChangeList><LastMemVer><![CDATA[6ebe]]></LastMemVer><CurMemVer><![CDATA[1572]]></CurMemVer>",
        ),
      ),
      "change_external_chat/update",
    );
    expect(e).toMatchObject({
      updateDetail: "del_member",
      quitScene: 1,
      memChangeCnt: 2,
      lastMemVer: "6ebe",
      curMemVer: "1572",
    });
    expect(e.memChangeList).toEqual(["zhangsan", "wmAAAA"]);
    expect(e.joinScene).toBeUndefined();
  });

  it("parses a single MemChangeList item as a list", () => {
    const e = as(
      parseCallbackEvent(
        selfBuilt(
          "update",
          "change_external_chat",
          "<ChatId>wr1</ChatId><UpdateDetail>add_member</UpdateDetail><MemChangeList><Item>lisi</Item></MemChangeList>",
        ),
      ),
      "change_external_chat/update",
    );
    expect(e.memChangeList).toEqual(["lisi"]);
  });

  it("parses del_external_contact with Source, tag events with StrategyId, and shuffle with and without Id", () => {
    expect(
      as(
        parseCallbackEvent(
          selfBuilt(
            "del_external_contact",
            "change_external_contact",
            "<UserID>u</UserID><ExternalUserID>wm1</ExternalUserID><Source>DELETE_BY_TRANSFER</Source>",
          ),
        ),
        "change_external_contact/del_external_contact",
      ).source,
    ).toBe("DELETE_BY_TRANSFER");
    expect(
      as(
        parseCallbackEvent(
          selfBuilt(
            "delete",
            "change_external_tag",
            "<Id>et1</Id><TagType>tag_group</TagType><StrategyId>7</StrategyId>",
          ),
        ),
        "change_external_tag/delete",
      ),
    ).toMatchObject({ id: "et1", tagType: "tag_group", strategyId: "7" });
    expect(
      as(
        parseCallbackEvent(selfBuilt("shuffle", "change_external_tag", "<Id>et1</Id>")),
        "change_external_tag/shuffle",
      ).id,
    ).toBe("et1");
    const all = as(
      parseCallbackEvent(selfBuilt("shuffle", "change_external_tag", "<Id></Id>")),
      "change_external_tag/shuffle",
    );
    expect(all.id).toBeUndefined();
  });

  it("parses 微信客服 kf_msg_or_event (addendum §4.2: Token and OpenKfId, no content)", () => {
    const xml = (token: string, kfid: string, createTime = 1615478585) =>
      `<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>${token}${kfid}</xml>`;
    const e = as(
      parseCallbackEvent(
        xml(
          "<Token><![CDATA[ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR]]></Token>",
          "<OpenKfId><![CDATA[wkAJ2GCAAASSm4_FhToWMFea0xAFfd3Q]]></OpenKfId>",
        ),
      ),
      "kf_msg_or_event/",
    );
    expect(e).toMatchObject({
      envelope: "self-built",
      toUserName: "wwcorp",
      createTime: 1615478585,
      token: "ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR",
      openKfId: "wkAJ2GCAAASSm4_FhToWMFea0xAFfd3Q",
    });
    expect(eventType(e)).toBe("kf_msg_or_event/");
    // Two callbacks in the same second, for two accounts or two pulls, are distinct events; a retry is not.
    const key = (token: string, kfid: string) =>
      eventKey(parseCallbackEvent(xml(`<Token>${token}</Token>`, `<OpenKfId>${kfid}</OpenKfId>`)));
    expect(key("t1", "wk1")).toBe(key("t1", "wk1"));
    expect(new Set([key("t1", "wk1"), key("t1", "wk2"), key("t2", "wk1")]).size).toBe(3);
    const noToken = as(parseCallbackEvent(xml("", "<OpenKfId>wk1</OpenKfId>")), "unknown");
    expect(noToken.problem).toBe("missing Token");
    expect(eventType(noToken)).toBe("kf_msg_or_event/");
  });

  it("keeps unrecognised and incomplete events as unknown with their raw fields", () => {
    const audit = parseCallbackEvent(
      "<xml><ToUserName>wwcorp</ToUserName><FromUserName>sys</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>msgaudit_notify</Event><AgentID>1000002</AgentID></xml>",
    );
    expect(as(audit, "unknown")).toMatchObject({ event: "msgaudit_notify", agentId: "1000002" });
    expect(eventType(audit)).toBe("msgaudit_notify/");
    const incomplete = as(
      parseCallbackEvent(
        selfBuilt("add_external_contact", "change_external_contact", "<ExternalUserID>wm1</ExternalUserID>"),
      ),
      "unknown",
    );
    expect(incomplete.problem).toBe("missing UserID");
    expect(incomplete.raw.ExternalUserID).toBe("wm1");
    expect(eventType(incomplete)).toBe("change_external_contact/add_external_contact");
  });
});

describe("malformed and hostile XML", () => {
  it("throws a typed error on malformed XML", () => {
    for (const bad of ["", "not xml", "<xml><A>x</xml>", "<xml><A>x</A>", "<other><A>x</A></other>"]) {
      expect(() => parseCallbackEvent(bad), bad).toThrow(CallbackXmlError);
    }
    expect(() => parseEnvelope("<xml><Encrypt>abc</xml>")).toThrow(CallbackXmlError);
  });

  it("refuses a DOCTYPE, so an entity bomb cannot expand", () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Encrypt>&lol3;</Encrypt><Content>&lol3;</Content></xml>`;
    try {
      parseCallbackEvent(bomb);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CallbackXmlError);
      expect((err as CallbackXmlError).code).toBe("DOCTYPE_FORBIDDEN");
    }
    expect(() => parseEnvelope(bomb)).toThrow(CallbackXmlError);
  });

  it("does not resolve an undeclared entity reference", () => {
    const e = as(
      parseCallbackEvent(
        "<xml><MsgType>text</MsgType><Content>a &amp; b &lol;</Content><CreateTime>1</CreateTime></xml>",
      ),
      "message",
    );
    expect(e.content).toBe("a & b &lol;");
  });
});

describe("parseEnvelope", () => {
  it("reads ToUserName, Encrypt and AgentID", () => {
    expect(
      parseEnvelope(
        "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypE+/x==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>",
      ),
    ).toEqual({ toUserName: "wx5823bf96d3bd56c7", encrypt: "RypE+/x==", agentId: "218" });
    expect(
      parseEnvelope("<xml><ToUserName>c</ToUserName><Encrypt>e</Encrypt><AgentID></AgentID></xml>").agentId,
    ).toBeUndefined();
  });

  it("requires Encrypt", () => {
    try {
      parseEnvelope("<xml><ToUserName>c</ToUserName></xml>");
      expect.unreachable();
    } catch (err) {
      expect((err as CallbackXmlError).code).toBe("MISSING_FIELD");
    }
  });
});

describe("eventKey", () => {
  const add = (extra = "", createTime = 1403610513) =>
    parseCallbackEvent(
      selfBuilt(
        "add_external_contact",
        "change_external_contact",
        `<UserID>u1</UserID><ExternalUserID>wm1</ExternalUserID>${extra}`,
        createTime,
      ),
    );

  it("is stable for the same event delivered twice, including formatting differences", () => {
    expect(eventKey(add())).toBe(eventKey(add()));
    const spaced = parseCallbackEvent(
      "<xml>\n  <ToUserName><![CDATA[wwcorp]]></ToUserName>\n  <FromUserName>sys</FromUserName>\n  <CreateTime>1403610513</CreateTime>\n  <MsgType>event</MsgType>\n  <Event>change_external_contact</Event>\n  <ChangeType>add_external_contact</ChangeType>\n  <UserID><![CDATA[u1]]></UserID>\n  <ExternalUserID>wm1</ExternalUserID>\n</xml>",
    );
    expect(eventKey(spaced)).toBe(eventKey(add()));
  });

  it("differs when time, member, customer, change type or detail differ", () => {
    const base = eventKey(add());
    const others = [
      add("", 1403610514),
      parseCallbackEvent(
        selfBuilt(
          "add_external_contact",
          "change_external_contact",
          "<UserID>u2</UserID><ExternalUserID>wm1</ExternalUserID>",
        ),
      ),
      parseCallbackEvent(
        selfBuilt(
          "add_external_contact",
          "change_external_contact",
          "<UserID>u1</UserID><ExternalUserID>wm2</ExternalUserID>",
        ),
      ),
      parseCallbackEvent(
        selfBuilt(
          "del_follow_user",
          "change_external_contact",
          "<UserID>u1</UserID><ExternalUserID>wm1</ExternalUserID>",
        ),
      ),
    ].map(eventKey);
    expect(new Set([base, ...others]).size).toBe(5);
    const upd = (detail: string) =>
      eventKey(
        parseCallbackEvent(
          selfBuilt(
            "update",
            "change_external_chat",
            `<ChatId>wr1</ChatId><UpdateDetail>${detail}</UpdateDetail>`,
          ),
        ),
      );
    expect(upd("change_name")).not.toBe(upd("change_notice"));
    const tag = (id: string) =>
      eventKey(
        parseCallbackEvent(
          selfBuilt("create", "change_external_tag", `<Id>${id}</Id><TagType>tag</TagType>`),
        ),
      );
    expect(tag("et1")).not.toBe(tag("et2"));
  });

  it("ignores fields that are not part of the identity (WelcomeCode)", () => {
    expect(eventKey(add("<WelcomeCode>A</WelcomeCode>"))).toBe(eventKey(add("<WelcomeCode>B</WelcomeCode>")));
  });

  it("uses MsgId for messages, and sender + time + type without one", () => {
    expect(eventKey(sample("MessageLink"))).toBe("msg:1234567890123456");
    expect(eventKey(sample("MessageText"))).toBe("msg:fromUser:1348831860:text");
    expect(eventKey(sample("MessageText"))).not.toBe(eventKey(sample("MessageImage")));
  });
});
