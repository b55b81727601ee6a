// The console's single API instance, bound to the browser: same-origin fetch and the CSRF cookie.
import { CSRF_COOKIE, createApiClient, readCookie } from "./client.ts";
import { createSiyuApi } from "./siyu.ts";

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Subscribe to "the session is gone" (any request answered 401 UNAUTHENTICATED). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export const api = createSiyuApi(
  createApiClient({
    csrfToken: () => readCookie(document.cookie, CSRF_COOKIE),
    onUnauthenticated: () => {
      for (const listener of unauthenticatedListeners) listener();
    },
  }),
);

export type * from "./accountHealth.ts";
export { uploadPhoneList } from "./accountHealth.ts";
export type * from "./acquisition.ts";
export type * from "./activities.ts";
export type * from "./autoTags.ts";
export type * from "./callCampaigns.ts";
export { ApiError } from "./client.ts";
export type * from "./customers.ts";
export type * from "./directory.ts";
export { errorText, type FieldError, fieldErrors } from "./errors.ts";
export type * from "./followups.ts";
export type * from "./groups.ts";
export type * from "./inheritance.ts";
export type * from "./journeys.ts";
export type * from "./massSends.ts";
export { RECIPIENT_STATUSES } from "./massSends.ts";
export type * from "./materials.ts";
export type * from "./moments.ts";
export type * from "./orders.ts";
export { uploadOrders } from "./orders.ts";
export type * from "./risk.ts";
export type * from "./segments.ts";
export type * from "./sops.ts";
export type * from "./stages.ts";
export type * from "./stores.ts";
export type * from "./types.ts";
