// `npm run bench -- <name> [args]`: runs bench/<name>.ts with tsx. Without a name, lists the benches.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const benches = fs
  .readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_"))
  .map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
if (!name || !benches.includes(name)) {
  console.error(`usage: npm run bench -- <name>\nbenches: ${benches.join(", ")}`);
  process.exit(name ? 1 : 0);
}
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const r = spawnSync(process.execPath, [tsx, path.join(root, "bench", `${name}.ts`), ...args], {
  cwd: root,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
