// People actions around mass sends, moments and transfers (filled as those endpoints land).
import type { PeopleAction } from "./people-actions.ts";

export const MORE_PEOPLE_ACTIONS: Record<string, PeopleAction> = {};
