// The fetch wrapper against a real HTTP server: CSRF header on writes only, error codes surfaced,
// a lost session reported, and garbage answers turned into a readable error.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, createApiClient, HTTP_ERROR, NETWORK_ERROR, readCookie } from "./client.ts";

interface Seen {
  method: string;
  url: string;
  csrf: string | undefined;
  body: string;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => resolve(body));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    const csrf = req.headers["x-csrf-token"];
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      csrf: typeof csrf === "string" ? csrf : undefined,
      body,
    });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    switch (req.url) {
      case "/api/ok":
        return json(200, { items: [1, 2] });
      case "/api/login":
        return json(401, { error: { code: "INVALID_CREDENTIALS", message: "bad password" } });
      case "/api/me":
        return json(401, { error: { code: "UNAUTHENTICATED", message: "no session" } });
      case "/api/empty":
        res.writeHead(204);
        return res.end();
      default:
        res.writeHead(502, { "content-type": "text/html" });
        return res.end("<html>Bad Gateway</html>");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function client(onUnauthenticated?: () => void) {
  return createApiClient({ baseUrl, csrfToken: () => "csrf-123", onUnauthenticated });
}

describe("api client", () => {
  it("sends the CSRF token on writes and not on reads", async () => {
    seen.length = 0;
    await client().get("/api/ok");
    await client().post("/api/ok", { name: "x" });
    await client().delete("/api/ok");
    await client().patch("/api/ok", { enabled: false });
    expect(seen.map((s) => [s.method, s.csrf])).toEqual([
      ["GET", undefined],
      ["POST", "csrf-123"],
      ["DELETE", "csrf-123"],
      ["PATCH", "csrf-123"],
    ]);
    expect(JSON.parse(seen[1]?.body ?? "")).toEqual({ name: "x" });
    expect(JSON.parse(seen[3]?.body ?? "")).toEqual({ enabled: false });
  });

  it("returns parsed JSON, and undefined for an empty answer", async () => {
    expect(await client().get("/api/ok")).toEqual({ items: [1, 2] });
    expect(await client().post("/api/empty")).toBeUndefined();
  });

  it("throws the server's error code and message", async () => {
    const error = await client()
      .post("/api/login", { username: "a", password: "b" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: "INVALID_CREDENTIALS", message: "bad password" });
  });

  it("reports a lost session only for UNAUTHENTICATED", async () => {
    let lost = 0;
    await client(() => lost++)
      .post("/api/login")
      .catch(() => {});
    expect(lost).toBe(0);
    await client(() => lost++)
      .get("/api/me")
      .catch(() => {});
    expect(lost).toBe(1);
  });

  it("turns a non-JSON error page into HTTP_ERROR", async () => {
    await expect(client().get("/api/proxy-down")).rejects.toMatchObject({ status: 502, code: HTTP_ERROR });
  });

  it("turns an unreachable server into NETWORK_ERROR", async () => {
    const offline = createApiClient({ baseUrl: "http://127.0.0.1:1", csrfToken: () => undefined });
    await expect(offline.get("/api/ok")).rejects.toMatchObject({ status: 0, code: NETWORK_ERROR });
  });
});

describe("readCookie", () => {
  it("finds one cookie among several and decodes it", () => {
    expect(readCookie("a=1; siyu_csrf=ab%2Fc; b=2", "siyu_csrf")).toBe("ab/c");
    expect(readCookie("siyu_csrf_old=1", "siyu_csrf")).toBeUndefined();
    expect(readCookie("", "siyu_csrf")).toBeUndefined();
  });
});
