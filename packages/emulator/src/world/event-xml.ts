// Builds the decrypted callback XML of contract §3 (self-built envelope: ToUserName = CorpID,
// FromUserName = sys, MsgType = event). Strings go in CDATA, numbers bare, string lists as <Item>s.

export type EventField = string | number | string[];

export function eventXml(
  corpId: string,
  createTime: number,
  fields: Record<string, EventField>,
  opts: { fromSys?: boolean } = {},
): string {
  const from = opts.fromSys === false ? "" : "<FromUserName><![CDATA[sys]]></FromUserName>";
  let xml = `<xml><ToUserName><![CDATA[${cdata(corpId)}]]></ToUserName>${from}<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType>`;
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) {
      xml += `<${name}>${value.map((v) => `<Item><![CDATA[${cdata(v)}]]></Item>`).join("")}</${name}>`;
    } else if (typeof value === "number") {
      xml += `<${name}>${value}</${name}>`;
    } else {
      xml += `<${name}><![CDATA[${cdata(value)}]]></${name}>`;
    }
  }
  return `${xml}</xml>`;
}

function cdata(s: string): string {
  return s.replaceAll("]]>", "]]]]><![CDATA[>");
}
