import { defineConfig } from "vitest/config";

// One vitest run covers every package. Tests that need PostgreSQL create their own database
// (see packages/server/test/db.ts), so files can run in parallel against one server.
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "packages/*/e2e/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["packages/server/test/global-setup.ts"],
  },
});
