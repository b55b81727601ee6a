// The PNG of a live code's QR: WeCom's own image when its qr_code URL can be fetched, otherwise one rendered
// here that encodes the contact way's URL (the emulator's qr_code URLs point nowhere, so demos and tests get
// the rendered one).
import QRCode from "qrcode";

export interface QrPng {
  png: Buffer;
  /** WeCom may serve a JPEG; the rendered one is a PNG. */
  contentType: string;
  source: "wecom" | "rendered";
}

export async function qrPng(
  qrCodeUrl: string,
  opts: { fetch?: typeof fetch; timeoutMs?: number; size?: number } = {},
): Promise<QrPng> {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  try {
    const res = await fetchFn(qrCodeUrl, { signal: AbortSignal.timeout(opts.timeoutMs ?? 3000) });
    const type = res.headers.get("content-type") ?? "";
    if (res.ok && type.startsWith("image/")) {
      const body = Buffer.from(await res.arrayBuffer());
      if (body.length > 0 && body.length < 5_000_000)
        return { png: body, contentType: type, source: "wecom" };
    }
  } catch {
    // not reachable from here: render one instead
  }
  const png = await QRCode.toBuffer(qrCodeUrl, {
    type: "png",
    errorCorrectionLevel: "M",
    width: opts.size ?? 430,
    margin: 2,
  });
  return { png, contentType: "image/png", source: "rendered" };
}
