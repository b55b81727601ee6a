// Registry of the people actions exposed as POST /_emulator/corps/:corpId/people/:action. Each action
// validates its body and calls the simulation in ../people/.
import type { CorpState } from "../world/types.ts";
import type { World } from "../world/world.ts";

export type PeopleAction = (world: World, corp: CorpState, body: Record<string, unknown>) => unknown;

export const PEOPLE_ACTIONS: Record<string, PeopleAction> = {};
