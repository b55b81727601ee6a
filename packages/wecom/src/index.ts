// @siyu/wecom: a typed WeCom server-API client, callback crypto and event parsing. Imports nothing of Siyu.
export * from "./callback/crypto.ts";
