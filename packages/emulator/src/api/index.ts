// Every emulated WeCom endpoint, gathered for the router.
import { customerRoutes } from "./customers.ts";
import type { Route } from "./route.ts";

export const ROUTES: Route[] = [...customerRoutes];
