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

export class HandlerRegistry {
  private readonly handlers = new Map<string, EventHandler>();

  on(eventType: string, handler: EventHandler): this {
    if (this.handlers.has(eventType)) throw new Error(`a handler for ${eventType} is already registered`);
    this.handlers.set(eventType, handler);
    return this;
  }

  get(eventType: string): EventHandler | undefined {
    return this.handlers.get(eventType);
  }
}
