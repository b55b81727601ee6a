// Gives every test file a PostgreSQL server: the one in DATABASE_URL (CI), or an embedded one started here
// (a fresh machine with no PostgreSQL). Test files create their own databases on it (see db.ts).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide("pgAdminUrl", external);
    return;
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "siyu-test-pg-"));
  const pg = await startEmbeddedPostgres(dir, pino({ level: "warn" }));
  project.provide("pgAdminUrl", pg.url);
  return async () => {
    await pg.stop();
    await fs.rm(dir, { recursive: true, force: true });
  };
}
