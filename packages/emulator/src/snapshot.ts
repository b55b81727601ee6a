// JSON snapshots of the emulated world, so a demo world survives restarts. Maps are written as
// {"$map": [[k, v], …]}; indexes, tokens, rate windows and delivery logs are runtime state and not saved.
import { readFile, rename, writeFile } from "node:fs/promises";
import type { CorpState } from "./world/types.ts";
import type { World } from "./world/world.ts";

interface SnapshotFile {
  format: "siyu-emulator-snapshot";
  version: 1;
  savedAt: number;
  corps: CorpState[];
}

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Map ? { $map: [...value] } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (
    value &&
    typeof value === "object" &&
    "$map" in value &&
    Array.isArray((value as { $map: unknown }).$map)
  ) {
    return new Map((value as { $map: [unknown, unknown][] }).$map);
  }
  return value;
}

export function snapshotOf(world: World): SnapshotFile {
  return {
    format: "siyu-emulator-snapshot",
    version: 1,
    savedAt: world.now(),
    corps: [...world.corps.values()],
  };
}

export function serializeWorld(world: World): string {
  return JSON.stringify(snapshotOf(world), replacer);
}

export function restoreWorld(world: World, text: string): number {
  const file = JSON.parse(text, reviver) as SnapshotFile;
  if (file.format !== "siyu-emulator-snapshot" || file.version !== 1)
    throw new Error("not an emulator snapshot");
  for (const corp of file.corps) world.attach(corp);
  return file.corps.length;
}

export async function saveSnapshot(world: World, file: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, serializeWorld(world));
  await rename(tmp, file);
}

/** Loads the snapshot if the file exists; returns false when there is none. */
export async function loadSnapshot(world: World, file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
  restoreWorld(world, text);
  return true;
}
