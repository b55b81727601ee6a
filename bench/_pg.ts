// What the database benches share: the PostgreSQL server they generate into, a database's URL on it, a client
// for one piece of work, timestamped progress lines and timed generation queries.
import pg from "pg";

export const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const MiB = 2 ** 20;

/** The URL of database `name` on the benches' server. */
export function dbUrl(name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `fn` with a client of its own (on the server's admin database unless `url` says otherwise). */
export async function admin<T>(fn: (c: pg.Client) => Promise<T>, url = adminUrl): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** A query runner on `c` that logs rows and seconds for the steps given a label (generation progress). */
export function timedQuery(c: pg.Client) {
  return async (text: string, label?: string) => {
    const t0 = performance.now();
    const r = await c.query(text);
    if (label) log(`  ${label}: ${r.rowCount ?? 0} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  };
}
