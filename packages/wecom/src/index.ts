// @siyu/wecom: a typed WeCom server-API client, callback crypto and event parsing. Imports nothing of Siyu.
export * from "./callback/crypto.ts";
export * from "./callback/event-types.ts";
export { callbackEventFromFields, eventKey, eventType, parseCallbackEvent } from "./callback/events.ts";
export * from "./callback/xml.ts";
export * from "./client/client.ts";
export * from "./client/clock.ts";
export * from "./client/errors.ts";
export * from "./client/rate-limiter.ts";
export * from "./client/token-cache.ts";
