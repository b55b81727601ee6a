// Materials texts.
import type { Messages } from "../zh-CN.ts";

export const materials: Messages["materials"] = {
  upload: "Upload",
  uploaded: "Uploaded: {{name}}",
  choose: "Choose a material",
  deleted: "Material deleted",
  deleteConfirm: "Delete this material? Welcome messages using it can no longer send that attachment.",
  empty:
    "No materials yet. Upload images, videos or files, then pick them in welcome messages and mass sends.",
  limits:
    "Images JPG/PNG ≤ 10 MB, videos MP4 ≤ 10 MB, other files ≤ 20 MB. They are uploaded to WeCom when sent and again before the temporary media expires (3 days).",
  name: "Name",
  kind: "Kind",
  size: "Size",
  createdAt: "Uploaded",
  preview: "Preview",
  all: "All",
  kinds: { image: "Image", video: "Video", file: "File" },
};
