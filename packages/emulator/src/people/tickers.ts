// Time-driven platform behaviour registered on the world's tick (24 h transfer takeovers, …).
import type { World } from "../world/world.ts";

export function registerTickers(_world: World): void {}
