// `siyu start` as a separate process, for the tests that SIGKILL it: started against a test database and one
// WeCom corp, resolved with its URL once it prints it; every child is killed when the test file ends.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const bin = path.resolve(import.meta.dirname, "../bin/siyu.js");

export interface ChildCorp {
  corpId: string;
  secret: string;
  token: string;
  aesKey: string;
  apiBase: string;
}

export interface ChildSiyu {
  /** Starts one more `siyu start` on the database; resolves with its URL. */
  start(): Promise<{ url: string; child: ChildProcess }>;
  /** SIGKILLs every child still running. */
  killAll(): void;
}

export const CHILD_ADMIN_PASSWORD = "crash-admin-pw";

/** `options` is read at each start (the test's database and folder exist by then, not when the file loads). */
export function childSiyu(
  options: () => { databaseUrl: string; dataDir: string; corp: ChildCorp },
): ChildSiyu {
  const children: ChildProcess[] = [];
  return {
    start() {
      const opts = options();
      const child = spawn(process.execPath, [bin, "start", "--port", "0"], {
        env: {
          ...process.env,
          DATABASE_URL: opts.databaseUrl,
          SIYU_DATA_DIR: opts.dataDir,
          HOST: "127.0.0.1",
          LOG_LEVEL: "warn",
          SIYU_ADMIN_PASSWORD: CHILD_ADMIN_PASSWORD,
          SIYU_WECOM_CORP_ID: opts.corp.corpId,
          SIYU_WECOM_SECRET: opts.corp.secret,
          SIYU_WECOM_TOKEN: opts.corp.token,
          SIYU_WECOM_AES_KEY: opts.corp.aesKey,
          SIYU_WECOM_API_BASE: opts.corp.apiBase,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      return new Promise((resolve, reject) => {
        let out = "";
        const take = (d: Buffer) => {
          if (process.env.SIYU_TEST_VERBOSE) process.stderr.write(d);
          out += d.toString();
        };
        child.stdout!.on("data", (d: Buffer) => {
          take(d);
          const m = /Siyu console: (http:\/\/\S+)/.exec(out);
          if (m) resolve({ url: m[1]!.replace("localhost", "127.0.0.1"), child });
        });
        child.stderr!.on("data", take);
        child.on("exit", (code) => reject(new Error(`server exited early (${code}): ${out}`)));
      });
    },
    killAll() {
      for (const c of children) c.kill("SIGKILL");
    },
  };
}

/** Resolves once the child has exited (at once if it already has). */
export const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once("exit", r));

/** A JSON request to a child's API with the given session headers. */
export async function childApi(
  url: string,
  headers: Record<string, string>,
  method: string,
  p: string,
  body?: unknown,
) {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
}
