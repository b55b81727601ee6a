// The registry of callback-event handlers: one per "Event/ChangeType", registered by the owning domain.
import type { CallbackEvent } from "@siyu/wecom";
import type { Ctx } from "../../context.ts";

export interface EventMeta {
  inboxId: string;
  corpId: string;
  receivedAt: Date;
}

/** Runs inside the transaction that marks the event done: its writes commit with it or not at all. */
export type EventHandler = (ctx: Ctx, event: CallbackEvent, meta: EventMeta) => Promise<void>;

/**
 * Several domains may react to one event type (an add updates the customer, starts the welcome message, applies
 * channel tags); their handlers run in registration order, in the same transaction.
 */
export class HandlerRegistry {
  private readonly handlers = new Map<string, EventHandler[]>();

  on(eventType: string, handler: EventHandler): this {
    const list = this.handlers.get(eventType) ?? [];
    list.push(handler);
    this.handlers.set(eventType, list);
    return this;
  }

  get(eventType: string): EventHandler[] {
    return this.handlers.get(eventType) ?? [];
  }
}
