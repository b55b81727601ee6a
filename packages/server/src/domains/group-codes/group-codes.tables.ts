// Group live codes (群活码): join ways over customer groups, the groups each code fills, and joins through codes.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface GroupCodesTable {
  id: Generated<string>;
  corp_id: string;
  name: string;
  state: string;
  config_id: string | null;
  qr_code: string | null;
  remark: string | null;
  auto_create_room: boolean;
  room_base_name: string | null;
  room_base_id: number | null;
  tz_offset_minutes: Generated<number>;
  /** Set by callbacks that may mean WeCom changed the join way (a group auto-created); read models refresh it. */
  refresh_needed: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface GroupCodeChatsTable {
  group_code_id: string;
  corp_id: string;
  chat_id: string;
  position: number;
  /** configured by an operator, or auto-created by WeCom when every group was full. */
  origin: "configured" | "auto";
  added_at: Date;
  added_day: ColumnType<string, string, string>;
}

export interface GroupCodeJoinsTable {
  id: Generated<string>;
  corp_id: string;
  /** null until the chat is known to belong to a code (a group WeCom just auto-created). */
  group_code_id: string | null;
  chat_id: string;
  external_userid: string;
  joined_at: Date;
  left_at: Date | null;
  inbox_event_id: string | null;
}

export interface GroupCodesTables {
  group_codes: GroupCodesTable;
  group_code_chats: GroupCodeChatsTable;
  group_code_joins: GroupCodeJoinsTable;
}
