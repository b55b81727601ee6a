// What the admin console does when a callback URL is saved (contract §2, URL verification): a signed GET
// with an encrypted echostr; the app must answer the plaintext within 1 s, with no quotes or newline.
import { encryptMessage, signature } from "@siyu/wecom";
import type { AppState, CorpState } from "../world/types.ts";
import type { World } from "../world/world.ts";

export async function verifyCallbackUrl(world: World, corp: CorpState, app: AppState, url = app.callbackUrl) {
  const plaintext = String(1e18 + Math.floor(world.ids.rand() * 8e18)).slice(0, 19);
  const echostr = encryptMessage(
    { token: app.token, encodingAesKey: app.aesKey, receiveId: corp.corpId },
    plaintext,
  );
  const timestamp = String(world.now());
  const nonce = String(Math.floor(world.ids.rand() * 1e10));
  const msgSignature = signature(app.token, timestamp, nonce, echostr);
  const target = new URL(url);
  target.searchParams.set("msg_signature", msgSignature);
  target.searchParams.set("timestamp", timestamp);
  target.searchParams.set("nonce", nonce);
  target.searchParams.set("echostr", echostr);
  const started = Date.now();
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(1000) });
    const received = await res.text();
    return {
      ok: res.status === 200 && received === plaintext,
      status: res.status,
      expected: plaintext,
      received,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    return {
      ok: false,
      status: null,
      expected: plaintext,
      received: "",
      error: (err as Error).message,
      durationMs: Date.now() - started,
    };
  }
}
