// Traffic mode (filled in below).
import type { World } from "../world/world.ts";

export function startTraffic(_world: World, _perMinute: number): () => void {
  return () => {};
}
