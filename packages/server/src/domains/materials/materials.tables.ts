// Materials (素材) and the WeCom media_ids they were last uploaded as.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type MaterialKind = "image" | "video" | "file";

export interface MaterialsTable {
  id: Generated<string>;
  corp_id: string;
  kind: MaterialKind;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  created_by: string | null;
  created_at: Timestamp;
}

export interface MaterialMediaTable {
  material_id: string;
  corp_id: string;
  /** "message" (media/upload) or "moment" (media/upload_attachment). */
  purpose: "message" | "moment";
  media_id: string;
  uploaded_at: Date;
  expires_at: Date;
}

export interface MaterialsTables {
  materials: MaterialsTable;
  material_media: MaterialMediaTable;
}
