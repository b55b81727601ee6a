// What the SMS log adapter "sent": the message as it would have gone to a gateway, so tests and the console see it.
import type { Generated } from "kysely";

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

export interface SmsTables {
  sms_messages: SmsMessagesTable;
}
