// @siyu/server: Siyu itself.
export { type Config, loadConfig } from "./config.ts";
export { type RunningSiyu, startSiyu } from "./server.ts";
