// @siyu/wecom: a typed WeCom server-API client, callback crypto and event parsing. Imports nothing of Siyu.
export * from "./callback/crypto.ts";
export * from "./client/client.ts";
export * from "./client/clock.ts";
export * from "./client/errors.ts";
export * from "./client/rate-limiter.ts";
export * from "./client/token-cache.ts";
