// bench/xml: the per-callback XML work of the intake — outer envelope, decrypted inner event, event key and
// routing type — with @siyu/wecom's strict reader, against the fast-xml-parser path it replaced (validate,
// then parse, same options), measured in the same run on the same documents. One core, no I/O.
// Usage: npx tsx bench/xml.ts [n=20000]
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  CallbackXmlError,
  callbackEventFromFields,
  eventKey,
  eventType,
  parseCallbackEvent,
  parseEnvelope,
  type RawFields,
  sealEnvelope,
} from "@siyu/wecom";
import { XMLParser, XMLValidator } from "fast-xml-parser";

const n = Number(process.argv[2] ?? 20_000);
const root = path.resolve(import.meta.dirname, "..");
const keys = { token: "BenchToken", encodingAesKey: "K".repeat(43), receiveId: "wwBenchCorp" };

// ---- baseline: the fast-xml-parser reading this package used before ----
const fxp = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === "Item",
});

function fxpFields(xml: string): RawFields {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new CallbackXmlError("DOCTYPE_FORBIDDEN", "doctype");
  if (XMLValidator.validate(xml) !== true) throw new CallbackXmlError("MALFORMED_XML", "malformed");
  const doc = fxp.parse(xml) as { xml?: unknown };
  if (doc.xml === "") return {};
  if (typeof doc.xml !== "object" || doc.xml === null) throw new CallbackXmlError("MALFORMED_XML", "root");
  return doc.xml as RawFields;
}

function fxpEnvelope(xml: string): string {
  const encrypt = fxpFields(xml).Encrypt;
  if (typeof encrypt !== "string" || encrypt === "") throw new CallbackXmlError("MISSING_FIELD", "Encrypt");
  return encrypt;
}

// ---- documents: intake-like events plus every official push sample ----
const samplesDir = path.join(root, "packages/wecom/test/samples/push");
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith(".xml"))
  .map((f) => readFileSync(path.join(samplesDir, f), "utf8"));

function innerXml(i: number): string {
  if (i % 4 === 3) return samples[i % samples.length] ?? "";
  if (i % 4 === 2) {
    return `<xml><ToUserName><![CDATA[${keys.receiveId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${1_700_000_000 + i}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_chat]]></Event><ChangeType><![CDATA[update]]></ChangeType><ChatId><![CDATA[wrChat${i % 300}]]></ChatId><UpdateDetail><![CDATA[add_member]]></UpdateDetail><JoinScene>1</JoinScene><MemChangeCnt>2</MemChangeCnt><MemChangeList><Item><![CDATA[staff${i % 60}]]></Item><Item><![CDATA[wmBench${i}]]></Item></MemChangeList><LastMemVer><![CDATA[v${i}]]></LastMemVer><CurMemVer><![CDATA[v${i + 1}]]></CurMemVer></xml>`;
  }
  return `<xml><ToUserName><![CDATA[${keys.receiveId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${1_700_000_000 + i}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[staff${i % 60}]]></UserID><ExternalUserID><![CDATA[wmBench${i}]]></ExternalUserID><State><![CDATA[store-${i % 20}]]></State><WelcomeCode><![CDATA[WELCOME${i}]]></WelcomeCode></xml>`;
}

const inners: string[] = [];
const envelopes: string[] = [];
for (let i = 0; i < n; i++) {
  const inner = innerXml(i);
  inners.push(inner);
  envelopes.push(
    sealEnvelope(keys, inner, { timestamp: "1700000000", nonce: String(i), agentId: "1000002" }).body,
  );
}

// ---- timing: alternate rounds of new and baseline, report the median per-op time ----
let sink = 0;

function perOpUs(fn: (i: number) => number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += fn(i);
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

// The machine may be shared (CI, other processes): alternating rounds and taking the median keeps the two
// sides under the same conditions.
function compare(fresh: (i: number) => number, base: (i: number) => number): [number, number] {
  const rounds = 11;
  perOpUs(fresh);
  perOpUs(base);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(perOpUs(fresh));
    b.push(perOpUs(base));
  }
  return [median(a), median(b)];
}

// Same answers from both before timing anything: the comparison is only fair if the work is the same.
for (let i = 0; i < Math.min(n, 500); i++) {
  const env = envelopes[i] ?? "";
  const inner = inners[i] ?? "";
  if (parseEnvelope(env).encrypt !== fxpEnvelope(env)) throw new Error(`envelope ${i} differs`);
  const a = parseCallbackEvent(inner);
  const b = callbackEventFromFields(fxpFields(inner));
  if (eventKey(a) !== eventKey(b) || JSON.stringify(a) !== JSON.stringify(b)) {
    throw new Error(`event ${i} differs`);
  }
}

const env = (i: number) => envelopes[i] ?? "";
const inn = (i: number) => inners[i] ?? "";
const results: [string, string, number, number][] = [];
const [envNew, envBase] = compare(
  (i) => parseEnvelope(env(i)).encrypt.length,
  (i) => fxpEnvelope(env(i)).length,
);
results.push(["envelope_parse_us", "parseEnvelope", envNew, envBase]);
const [evNew, evBase] = compare(
  (i) => parseCallbackEvent(inn(i)).createTime,
  (i) => callbackEventFromFields(fxpFields(inn(i))).createTime,
);
results.push(["event_parse_us", "parseCallbackEvent", evNew, evBase]);
const [allNew, allBase] = compare(
  (i) => {
    const encrypt = parseEnvelope(env(i)).encrypt;
    const event = parseCallbackEvent(inn(i));
    return encrypt.length + eventKey(event).length + eventType(event).length;
  },
  (i) => {
    const encrypt = fxpEnvelope(env(i));
    const event = callbackEventFromFields(fxpFields(inn(i)));
    return encrypt.length + eventKey(event).length + eventType(event).length;
  },
);
results.push(["callback_xml_total_us", "envelope + event + eventKey + eventType", allNew, allBase]);

const r2 = (x: number) => Math.round(x * 100) / 100;
console.log(`bench/xml: ${n} documents per round, node ${process.version} (sink ${sink % 10})`);
for (const [, label, value, baseline] of results) {
  console.log(
    `  ${label.padEnd(42)} ${r2(value).toFixed(2).padStart(7)} µs/op   fast-xml-parser ${r2(baseline).toFixed(2).padStart(7)} µs/op   ${(baseline / value).toFixed(1)}x`,
  );
}
for (const [metric, , value, baseline] of results) {
  console.log(
    JSON.stringify({
      bench: "xml",
      metric,
      value: r2(value),
      baseline: r2(baseline),
      ratio: Math.round((value / baseline) * 1000) / 1000,
    }),
  );
}
