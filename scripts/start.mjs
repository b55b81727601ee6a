// `npm start`: installs dependencies and builds the console when needed, then runs `siyu start`.
// Uses only Node built-ins, because it may run before `npm install`.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (args) => {
  const r = spawnSync(npm, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19) || major > 24) {
  console.error(`Siyu needs Node.js 20.19 to 24; this is ${process.versions.node}.`);
  process.exit(1);
}

if (!fs.existsSync(path.join(root, "node_modules", ".package-lock.json"))) {
  console.log("Installing dependencies (first start)…");
  run(["install", "--no-audit", "--no-fund"]);
}

// Rebuild the console when its sources are newer than the last build.
const dist = path.join(root, "packages/web/dist/index.html");
const newest = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }, 0);
const webSrc = path.join(root, "packages/web/src");
if (!fs.existsSync(dist) || (fs.existsSync(webSrc) && newest(webSrc) > fs.statSync(dist).mtimeMs)) {
  console.log("Building the console…");
  run(["run", "build:web"]);
}

const args = process.argv.slice(2);
const siyu = spawn(process.execPath, [path.join(root, "packages/server/bin/siyu.js"), "start", ...args], {
  cwd: root,
  stdio: "inherit",
});
// A stop signal sent to this launcher alone (a service manager, `kill <pid>`) is passed on, so Siyu shuts down
// cleanly instead of being left running; one a terminal sends the whole group reaches Siyu twice, which it takes
// as one request.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => siyu.kill(signal));
siyu.on("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
