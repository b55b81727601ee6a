// Loopback load generation for the benches. Uses wrk (C, light on CPU, so the server gets the cores) when it is
// installed, else a bounded undici loop in this process. Both send prepared requests once each, in order.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Pool } from "undici";

export interface PreparedRequest {
  path: string;
  body: string;
}

export interface LoadResult {
  generator: "wrk" | "undici";
  /** wrk ran out of requests before its duration ended: the rate is not a measurement. */
  exhausted: boolean;
  requests: number;
  seconds: number;
  perSecond: number;
  failed: number;
}

const run = promisify(execFile);

async function hasWrk(): Promise<boolean> {
  return run("wrk", ["--version"]).then(
    () => true,
    (e: { stdout?: string; stderr?: string }) => /^wrk /m.test(`${e.stdout ?? ""}${e.stderr ?? ""}`),
  );
}

// The script walks the list in order; with args[2] == "cycle" it starts over at the end (for a baseline that does not
// care about repeats), otherwise it stops sending. wrk reports the whole -d duration either way, so a run that ran
// out of requests measured nothing: `exhausted` says so and the caller must not use its rate.
const WRK_SCRIPT = `
local reqs, i, cycle = {}, 0, false
init = function(args)
  cycle = args[2] == "cycle"
  for line in io.lines(args[1]) do
    local p, b = line:match("^(.-)\\t(.*)$")
    reqs[#reqs + 1] = wrk.format("POST", p, {["Content-Type"] = "text/xml"}, b)
  end
end
request = function()
  i = i + 1
  if i > #reqs then
    if cycle then i = 1 else wrk.thread:stop() i = #reqs end
  end
  return reqs[i]
end
`;

async function withWrk(
  origin: string,
  requests: PreparedRequest[],
  seconds: number,
  connections: number,
  cycle: boolean,
) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "siyu-load-"));
  const data = path.join(dir, "requests.tsv");
  const script = path.join(dir, "walk.lua");
  await fs.writeFile(data, requests.map((r) => `${r.path}\t${r.body}`).join("\n"));
  await fs.writeFile(script, WRK_SCRIPT);
  const { stdout } = await run(
    "wrk",
    ["-t1", `-c${connections}`, `-d${seconds}s`, "-s", script, origin, "--", data, cycle ? "cycle" : "once"],
    {
      maxBuffer: 1 << 20,
    },
  );
  await fs.rm(dir, { recursive: true, force: true });
  const done = /(\d+) requests in ([\d.]+)(m?s)/.exec(stdout);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  if (!done) throw new Error(`cannot read wrk's output:\n${stdout}`);
  const count = Number(done[1]);
  const secs = Number(done[2]) / (done[3] === "ms" ? 1000 : 1);
  const socketErrors = errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const exhausted = !cycle && count >= requests.length - connections;
  return {
    requests: count,
    seconds: secs,
    perSecond: count / secs,
    failed: non2xx + socketErrors,
    exhausted,
  };
}

async function withUndici(origin: string, requests: PreparedRequest[], connections: number) {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++]!;
      const res = await pool.request({
        path: r.path,
        method: "POST",
        headers: { "content-type": "text/xml" },
        body: r.body,
      });
      await res.body.dump();
      if (res.statusCode !== 200) failed++;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.close();
  return {
    requests: requests.length,
    seconds,
    perSecond: requests.length / seconds,
    failed,
    exhausted: false,
  };
}

/** Sends the requests (at most `seconds` long with wrk) with `connections` concurrent connections. */
export async function load(
  origin: string,
  requests: PreparedRequest[],
  opts: { seconds?: number; connections?: number; cycle?: boolean } = {},
): Promise<LoadResult> {
  const connections = opts.connections ?? 128;
  if (await hasWrk()) {
    return {
      generator: "wrk",
      ...(await withWrk(origin, requests, opts.seconds ?? 10, connections, opts.cycle ?? false)),
    };
  }
  return { generator: "undici", ...(await withUndici(origin, requests, connections)) };
}

export function figure(bench: string, metric: string, value: number, baseline: number): string {
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return JSON.stringify({
    bench,
    metric,
    value: r1(value),
    baseline: r1(baseline),
    ratio: Math.round((value / baseline) * 1000) / 1000,
  });
}
