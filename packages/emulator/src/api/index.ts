// Every emulated WeCom endpoint, gathered for the router.
import { acquisitionRoutes } from "./acquisition.ts";
import { authRoutes } from "./auth.ts";
import { contactWayRoutes } from "./contact-ways.ts";
import { customerRoutes } from "./customers.ts";
import { directoryRoutes } from "./directory.ts";
import { groupRoutes } from "./groups.ts";
import { kfRoutes } from "./kf.ts";
import { massRoutes } from "./mass.ts";
import { mediaRoutes } from "./media.ts";
import { messageRoutes } from "./messages.ts";
import { momentRoutes } from "./moments.ts";
import type { Route } from "./route.ts";
import { statisticsRoutes } from "./statistics.ts";
import { tagRoutes } from "./tags.ts";
import { transferRoutes } from "./transfers.ts";
import { welcomeRoutes } from "./welcome.ts";

export const ROUTES: Route[] = [
  ...customerRoutes,
  ...tagRoutes,
  ...contactWayRoutes,
  ...welcomeRoutes,
  ...groupRoutes,
  ...massRoutes,
  ...momentRoutes,
  ...transferRoutes,
  ...statisticsRoutes,
  ...directoryRoutes,
  ...mediaRoutes,
  ...messageRoutes,
  ...authRoutes,
  ...acquisitionRoutes,
  ...kfRoutes,
];
