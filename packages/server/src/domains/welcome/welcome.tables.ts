// Welcome messages (欢迎语): per live code, per staff member, or the corp default.
import type { ColumnType, Generated } from "kysely";
import type { WelcomeAttachment } from "./welcome.schemas.ts";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface WelcomeMessagesTable {
  id: Generated<string>;
  corp_id: string;
  scope: "code" | "staff" | "default";
  live_code_id: string | null;
  userid: string | null;
  text: string;
  attachments: ColumnType<WelcomeAttachment[], string, string>;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface WelcomeTables {
  welcome_messages: WelcomeMessagesTable;
}
