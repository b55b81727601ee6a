// The context every service function receives: database, clock, logger, config, secrets.
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import type { Db } from "./db/database.ts";
import type { WeComClients } from "./domains/corps/wecom-clients.ts";
import type { SegmentEngine } from "./domains/segments/engine/index.ts";
import type { Clock } from "./lib/clock.ts";
import type { SecretBox } from "./lib/secret-box.ts";

export interface Ctx {
  db: Db;
  clock: Clock;
  log: Logger;
  config: Config;
  secrets: SecretBox;
  /** WeCom API clients per corp (shared token cache and rate limiter). */
  wecom: WeComClients;
  /** In-memory segment counts (roaring bitmaps), kept current from the change log. */
  segments: SegmentEngine;
}
