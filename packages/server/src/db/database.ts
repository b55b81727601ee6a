// Opens the Kysely database over a pg pool and runs migrations.
import { Kysely, type MigrationResultSet, Migrator, PostgresDialect } from "kysely";
import pg from "pg";
import { migrations } from "./migrations/index.ts";
import type { Database } from "./schema.ts";

// bigint ids come back as strings; keep them so (ids are opaque).
export type Db = Kysely<Database>;

export function openDatabase(url: string, opts: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20 });
  pool.on("error", () => {
    // An idle client lost its connection (e.g. the server restarted); the pool replaces it.
  });
  // A checked-out client losing its connection between queries (the server shutting down under a long
  // transaction) emits an error nobody else listens for, which would end the process; the client's next query
  // fails instead, and the pool discards it on release.
  pool.on("connect", (client) => client.on("error", () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  // Work lands in parallel, so a migration may arrive after a higher-numbered one already ran on a
  // database; each is applied once whatever its order.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new MigrationError(`migration ${failed} failed: ${(result.error as Error).message}`);
  }
  return result;
}
