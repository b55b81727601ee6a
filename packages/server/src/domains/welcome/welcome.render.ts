// Pure rendering of a welcome message: placeholders filled in, attachments in WeCom's shape.
import type { Attachment } from "@siyu/wecom";
import type { WelcomeAttachment } from "./welcome.schemas.ts";

export interface WelcomeVars {
  customerName: string;
  staffName: string;
  storeName: string;
}

export function usesPlaceholder(text: string, name: "customer_name" | "staff_name" | "store_name"): boolean {
  return text.includes(`{${name}}`);
}

export function renderText(text: string, vars: WelcomeVars): string {
  return text
    .replaceAll("{customer_name}", vars.customerName)
    .replaceAll("{staff_name}", vars.staffName)
    .replaceAll("{store_name}", vars.storeName);
}

export function toWeComAttachment(a: WelcomeAttachment): Attachment {
  switch (a.type) {
    case "image":
      return { msgtype: "image", image: a.mediaId ? { media_id: a.mediaId } : { pic_url: a.picUrl ?? "" } };
    case "link":
      return {
        msgtype: "link",
        link: {
          title: a.title,
          url: a.url,
          ...(a.picUrl ? { picurl: a.picUrl } : {}),
          ...(a.desc ? { desc: a.desc } : {}),
        },
      };
    case "miniprogram":
      return {
        msgtype: "miniprogram",
        miniprogram: { title: a.title, pic_media_id: a.picMediaId ?? "", appid: a.appid, page: a.page },
      };
    case "file":
      return { msgtype: "file", file: { media_id: a.mediaId ?? "" } };
    case "video":
      return { msgtype: "video", video: { media_id: a.mediaId ?? "" } };
  }
}

/** The materials an attachment list refers to, with the kind each must be, for validation. */
export function materialRefs(
  attachments: WelcomeAttachment[],
): { path: string; id: string; kind: "image" | "video" | "file" }[] {
  return attachments.flatMap((a, i) => {
    if ((a.type === "image" || a.type === "file" || a.type === "video") && a.materialId)
      return [{ path: `/attachments/${i}/materialId`, id: a.materialId, kind: a.type }];
    if (a.type === "miniprogram" && a.picMaterialId)
      return [{ path: `/attachments/${i}/picMaterialId`, id: a.picMaterialId, kind: "image" as const }];
    return [];
  });
}
