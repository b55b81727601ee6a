// Time-driven platform behaviour registered on the world's tick (24 h transfer takeovers).
import type { World } from "../world/world.ts";
import { completeDueTransfers } from "./transfers.ts";

export function registerTickers(world: World): void {
  world.onTick(completeDueTransfers);
}
