// @siyu/wecom: a typed WeCom server-API client, callback crypto and event parsing. Imports nothing of Siyu.
export * from "./api/contact-way.ts";
export * from "./api/corp-tags.ts";
export * from "./api/directory.ts";
export * from "./api/external-contact.ts";
export * from "./api/gettoken.ts";
export * from "./api/group-chat.ts";
export * from "./api/message.ts";
export * from "./api/message-parts.ts";
export * from "./api/requester.ts";
export * from "./callback/crypto.ts";
export * from "./callback/event-types.ts";
export { callbackEventFromFields, eventKey, eventType, parseCallbackEvent } from "./callback/events.ts";
export * from "./callback/xml.ts";
export * from "./client/client.ts";
export * from "./client/clock.ts";
export * from "./client/errors.ts";
export * from "./client/rate-limiter.ts";
export * from "./client/token-cache.ts";
