#!/usr/bin/env node
// Loads the TypeScript sources through tsx (no build step), then runs the CLI.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/cli.ts");
try {
  await runCli(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`siyu-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
