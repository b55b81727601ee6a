// Materials (素材): files kept by Siyu and sent to WeCom as media when a message carries them.
export type MaterialKind = "image" | "video" | "file";

export interface Material {
  id: string;
  kind: MaterialKind;
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
}
