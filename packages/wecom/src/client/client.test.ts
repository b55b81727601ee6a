// Transport failures of the client (no WeCom involved): an unreachable host and a host that never answers
// become WeComNetworkError with a closed code, and neither leaks the secret.
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WeComClient } from "./client.ts";
import { WeComNetworkError } from "./errors.ts";

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(onSocket: (s: Socket) => void): Promise<number> {
  server = createServer((s) => {
    sockets.push(s);
    onSocket(s);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

const client = (port: number, timeoutMs = 5000) =>
  new WeComClient({
    baseUrl: `http://127.0.0.1:${port}`,
    corpId: "wwcorp",
    secret: "top-secret-value",
    rateLimit: false,
    retry: { attempts: 2, baseDelayMs: 1 },
    timeoutMs,
  });

async function failure(p: Promise<unknown>): Promise<WeComNetworkError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WeComNetworkError);
  expect((err as Error).message).not.toContain("top-secret-value");
  return err as WeComNetworkError;
}

describe("WeComClient transport errors", () => {
  it("a refused connection is NETWORK", async () => {
    const port = await listen((s) => s.destroy());
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect((await failure(client(port).getToken())).code).toBe("NETWORK");
  });

  it("a peer that never answers is TIMEOUT after timeoutMs", async () => {
    const port = await listen(() => {});
    const started = performance.now();
    const err = await failure(client(port, 150).getToken());
    expect(err.code).toBe("TIMEOUT");
    expect(err.path).toBe("/cgi-bin/gettoken");
    // Two attempts of 150 ms each.
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("a response that is not JSON is BAD_RESPONSE", async () => {
    const port = await listen((s) =>
      s.once("data", () => s.end("HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello")),
    );
    const err = await failure(client(port).getToken());
    expect(err).toMatchObject({ code: "BAD_RESPONSE", status: 200 });
  });
});
