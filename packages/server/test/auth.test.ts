// Console and API authentication: login, rate limit, CSRF, API tokens, route protection, OpenAPI.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { startSiyu } from "../src/server.ts";
import { adminSession, startTestSiyu, type TestSiyu } from "./siyu.ts";

let siyu: TestSiyu;
beforeAll(async () => {
  siyu = await startTestSiyu();
});
afterAll(() => siyu.stop());

const login = (username: string, password: string, ip?: string) =>
  fetch(`${siyu.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(ip ? { "x-forwarded-for": ip } : {}) },
    body: JSON.stringify({ username, password }),
  });

describe("login", () => {
  it("sets an HttpOnly SameSite=Lax session cookie and a readable CSRF cookie", async () => {
    const res = await login("admin", "admin-password-1");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { username: "admin", role: "admin" } });
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith("siyu_session="))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(cookies.find((c) => c.startsWith("siyu_csrf="))).not.toMatch(/HttpOnly/i);
  });

  it("says INVALID_CREDENTIALS for a wrong password and validates the body", async () => {
    const bad = await login("admin", "nope");
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("INVALID_CREDENTIALS");
    const invalid = await fetch(`${siyu.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "" }),
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
  });

  it("blocks an account after 5 failures, even with the right password", async () => {
    const ip = "203.0.113.9";
    for (let i = 0; i < 5; i++) expect((await login("ghost", "wrong", ip)).status).toBe(401);
    const blocked = await login("ghost", "wrong", ip);
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe("LOGIN_RATE_LIMITED");
  });

  it("counts failures across Siyu processes sharing the database, and across a restart", async () => {
    const second = () =>
      startSiyu(
        loadConfig({
          DATABASE_URL: siyu.database.url,
          SIYU_DATA_DIR: siyu.ctx.config.dataDir,
          PORT: "0",
          HOST: "127.0.0.1",
          SIYU_PROCESSOR: "off",
          SIYU_EMULATOR: "off",
        }),
        { log: pino({ level: "silent" }) },
      );
    const at = (url: string, ip: string) =>
      fetch(`${url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": ip },
        body: JSON.stringify({ username: "wanderer", password: "wrong" }),
      }).then((r) => r.status);
    const other = await second();
    try {
      // Three failures here and two there: five for the account, wherever they were tried.
      for (let i = 0; i < 3; i++) expect(await at(siyu.url, "198.51.100.1")).toBe(401);
      for (let i = 0; i < 2; i++) expect(await at(other.url, "198.51.100.2")).toBe(401);
      expect(await at(other.url, "198.51.100.3")).toBe(429);
      expect(await at(siyu.url, "198.51.100.4")).toBe(429);
    } finally {
      await other.close();
    }
    const restarted = await second();
    try {
      expect(await at(restarted.url, "198.51.100.5")).toBe(429);
    } finally {
      await restarted.close();
    }
  });
});

describe("protection", () => {
  it("refuses every API route without credentials but serves health and callbacks", async () => {
    for (const p of [
      "/api/dashboard",
      "/api/corps",
      "/api/tokens",
      "/api/openapi.json",
      "/api/inbox/dead",
      "/api/auth/me",
    ]) {
      const res = await fetch(`${siyu.url}${p}`);
      expect(res.status, p).toBe(401);
    }
    const health = await fetch(`${siyu.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(health.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("requires the CSRF header on cookie-authenticated writes", async () => {
    const headers = await adminSession(siyu.url);
    const body = JSON.stringify({ name: "csrf-check" });
    const without = await fetch(`${siyu.url}/api/tokens`, {
      method: "POST",
      headers: { cookie: headers.cookie!, "content-type": "application/json" },
      body,
    });
    expect(without.status).toBe(403);
    const withIt = await fetch(`${siyu.url}/api/tokens`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
    });
    expect(withIt.status).toBe(200);
  });

  it("logout ends the session", async () => {
    const headers = await adminSession(siyu.url);
    expect((await fetch(`${siyu.url}/api/auth/me`, { headers })).status).toBe(200);
    expect((await fetch(`${siyu.url}/api/auth/logout`, { method: "POST", headers })).status).toBe(200);
    expect((await fetch(`${siyu.url}/api/auth/me`, { headers })).status).toBe(401);
  });
});

describe("API tokens", () => {
  it("are shown once, work as Bearer tokens, are stored hashed, and stop working when revoked", async () => {
    const session = await adminSession(siyu.url);
    const headers = { ...session, "content-type": "application/json" };
    const created = (await (
      await fetch(`${siyu.url}/api/tokens`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: "crm-sync" }),
      })
    ).json()) as { id: string; token: string };
    expect(created.token).toMatch(/^siyu_/);

    const bearer = { authorization: `Bearer ${created.token}` };
    const dash = await fetch(`${siyu.url}/api/dashboard`, { headers: bearer });
    expect(dash.status).toBe(200);
    expect(await dash.json()).toMatchObject({ corps: 0, inbox: { pending: 0 } });
    // Writes with a token need no CSRF header.
    const viaToken = await fetch(`${siyu.url}/api/tokens`, {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ name: "second" }),
    });
    expect(viaToken.status).toBe(200);

    const stored = await siyu.ctx.db.selectFrom("api_tokens").select("token_hash").execute();
    expect(stored.some((r) => r.token_hash.includes(created.token))).toBe(false);

    const list = (await (await fetch(`${siyu.url}/api/tokens`, { headers: bearer })).json()) as {
      items: Array<{ id: string; name: string; lastUsedAt: string | null }>;
    };
    expect(list.items.find((t) => t.id === created.id)?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(created.token);

    expect(
      (await fetch(`${siyu.url}/api/tokens/${created.id}`, { method: "DELETE", headers: session })).status,
    ).toBe(200);
    expect((await fetch(`${siyu.url}/api/dashboard`, { headers: bearer })).status).toBe(401);
    expect(
      (await fetch(`${siyu.url}/api/tokens/${created.id}`, { method: "DELETE", headers: session })).status,
    ).toBe(404);
  });
});

describe("OpenAPI", () => {
  it("describes the API's routes", async () => {
    const headers = await adminSession(siyu.url);
    const doc = (await (await fetch(`${siyu.url}/api/openapi.json`, { headers })).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ["/api/auth/login", "/api/corps", "/api/tokens", "/api/dashboard", "/api/inbox/dead"]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
