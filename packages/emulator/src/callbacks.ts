// Callback delivery (contract §2): the event XML is encrypted and signed with the app's Token/EncodingAESKey,
// POSTed to its URL, and retried until 3 deliveries in total when the answer is not HTTP 200 or takes over
// 5 s. Deliveries to one URL go out in order; every attempt is recorded for the inspection view.
import { sealEnvelope } from "@siyu/wecom";

export interface CallbackJob {
  corpId: string;
  agentId: number;
  url: string;
  token: string;
  aesKey: string;
  xml: string;
  event: string;
  changeType: string;
  /** Emulated time of the event, Unix seconds (the envelope timestamp). */
  timestamp: number;
}

export interface Delivery {
  id: number;
  eventId: number;
  corpId: string;
  agentId: number;
  url: string;
  event: string;
  changeType: string;
  attempt: number;
  at: string;
  status: number | null;
  ok: boolean;
  error: string;
  durationMs: number;
}

export interface CallbackOptions {
  timeoutMs: number;
  retryDelayMs: number;
  attempts: number;
  maxRecorded: number;
}

export const DEFAULT_CALLBACK_OPTIONS: CallbackOptions = {
  timeoutMs: 5000,
  retryDelayMs: 1000,
  attempts: 3,
  maxRecorded: 20_000,
};

export class CallbackDispatcher {
  readonly deliveries: Delivery[] = [];
  private readonly queues = new Map<string, Promise<void>>();
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private nextDeliveryId = 1;
  private nextEventId = 1;
  private closed = false;

  constructor(
    private readonly opts: CallbackOptions,
    private readonly nonce: () => string,
  ) {}

  /** Queues an event for delivery; returns its event id (shared by all its delivery attempts). */
  enqueue(job: CallbackJob): number {
    const eventId = this.nextEventId++;
    this.inFlight++;
    const previous = this.queues.get(job.url) ?? Promise.resolve();
    const next = previous.then(() => this.run(job, eventId)).finally(() => this.settle());
    this.queues.set(job.url, next);
    return eventId;
  }

  /** Resolves once every queued delivery (with its retries) has finished. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
  }

  private settle(): void {
    this.inFlight--;
    if (this.inFlight === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }

  private async run(job: CallbackJob, eventId: number): Promise<void> {
    const sealed = sealEnvelope(
      { token: job.token, encodingAesKey: job.aesKey, receiveId: job.corpId },
      job.xml,
      {
        timestamp: String(job.timestamp),
        nonce: this.nonce(),
        agentId: job.agentId,
      },
    );
    const q = sealed.query;
    const sep = job.url.includes("?") ? "&" : "?";
    const url = `${job.url}${sep}msg_signature=${q.msg_signature}&timestamp=${q.timestamp}&nonce=${q.nonce}`;
    for (let attempt = 1; attempt <= this.opts.attempts && !this.closed; attempt++) {
      const started = Date.now();
      const record: Delivery = {
        id: this.nextDeliveryId++,
        eventId,
        corpId: job.corpId,
        agentId: job.agentId,
        url: job.url,
        event: job.event,
        changeType: job.changeType,
        attempt,
        at: new Date(started).toISOString(),
        status: null,
        ok: false,
        error: "",
        durationMs: 0,
      };
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "text/xml; charset=utf-8" },
          body: sealed.body,
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        record.status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        record.ok = res.status === 200;
        if (!record.ok) record.error = `HTTP ${res.status}`;
      } catch (err) {
        record.error = (err as Error).name === "TimeoutError" ? "timeout" : (err as Error).message;
      }
      record.durationMs = Date.now() - started;
      this.record(record);
      if (record.ok) return;
      if (attempt < this.opts.attempts) await sleep(this.opts.retryDelayMs);
    }
  }

  private record(d: Delivery): void {
    this.deliveries.push(d);
    if (this.deliveries.length > this.opts.maxRecorded) this.deliveries.splice(0, this.deliveries.length / 2);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
