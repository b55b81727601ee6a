// What the SMS log adapter "sent": the message as it would have gone to a gateway, so tests and the console see it.
import type { ColumnType, Generated } from "kysely";

export interface SmsMessagesTable {
  id: Generated<string>;
  corp_id: string;
  outbox_id: string | null;
  phone: string;
  text: string;
  sign: string | null;
  adapter: string;
  created_at: Date;
}

/** A corp's own SMS settings (else the SIYU_SMS_* environment applies). */
export interface SmsSettingsTable {
  corp_id: string;
  adapter: "log" | "http";
  sign: string | null;
  /** The gateway without its secret headers (SmsHttpConfig minus those). */
  http: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  /** A sealed JSON object of header name → value (API keys), opened only to send. */
  secret_headers: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SmsTables {
  sms_messages: SmsMessagesTable;
  sms_settings: SmsSettingsTable;
}
