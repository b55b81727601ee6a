// Every emulated WeCom endpoint, gathered for the router.
import { contactWayRoutes } from "./contact-ways.ts";
import { customerRoutes } from "./customers.ts";
import { groupRoutes } from "./groups.ts";
import type { Route } from "./route.ts";
import { tagRoutes } from "./tags.ts";
import { welcomeRoutes } from "./welcome.ts";

export const ROUTES: Route[] = [
  ...customerRoutes,
  ...tagRoutes,
  ...contactWayRoutes,
  ...welcomeRoutes,
  ...groupRoutes,
];
