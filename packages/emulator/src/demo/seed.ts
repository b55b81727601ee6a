// Demo world seeding (filled in below).
import type { World } from "../world/world.ts";

export function seedDemo(_world: World, _opts: { seed?: number }): void {}
