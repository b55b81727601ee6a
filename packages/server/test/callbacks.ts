// Builds signed, encrypted callback requests the way WeCom sends them.
import { sealEnvelope } from "@siyu/wecom";

export interface TestCorp {
  corpId: string;
  secret: string;
  token: string;
  aesKey: string;
}

let nonce = 0;

export function contactEventXml(
  corpId: string,
  e: { changeType: string; userId: string; externalUserId: string; createTime: number; state?: string },
): string {
  const state = e.state ? `<State><![CDATA[${e.state}]]></State>` : "";
  return (
    `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
    `<CreateTime>${e.createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
    `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[${e.changeType}]]></ChangeType>` +
    `<UserID><![CDATA[${e.userId}]]></UserID><ExternalUserID><![CDATA[${e.externalUserId}]]></ExternalUserID>${state}</xml>`
  );
}

export function sealedCallback(corp: TestCorp, innerXml: string) {
  const sealed = sealEnvelope(
    { token: corp.token, encodingAesKey: corp.aesKey, receiveId: corp.corpId },
    innerXml,
    {
      timestamp: String(Math.floor(Date.now() / 1000)),
      nonce: String(++nonce),
      agentId: "1000002",
    },
  );
  const qs = new URLSearchParams({ ...sealed.query });
  return { body: sealed.body, qs: qs.toString() };
}

export async function postCallback(baseUrl: string, corp: TestCorp, innerXml: string, path = corp.corpId) {
  const { body, qs } = sealedCallback(corp, innerXml);
  return fetch(`${baseUrl}/wecom/callback/${path}?${qs}`, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body,
  });
}
