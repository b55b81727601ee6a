// msgaudit_notify: WeCom says new messages are in the session archive; the archive puller pulls now.
import type { HandlerRegistry } from "../inbox/handlers.ts";
import { archiveNotified } from "./archive.ts";

export function registerAutoTagHandlers(registry: HandlerRegistry): void {
  registry.on("msgaudit_notify/", async () => archiveNotified());
}
