// Message sub-objects shared by welcome messages, mass messages and contact-way conclusions (contract §4).

export interface TextContent {
  content: string;
}

export interface ImagePart {
  /** From media upload; or `pic_url` from the upload-image API. */
  media_id?: string;
  pic_url?: string;
}

export interface LinkPart {
  title: string;
  picurl?: string;
  desc?: string;
  url: string;
}

export interface MiniprogramPart {
  title: string;
  pic_media_id: string;
  appid: string;
  page: string;
}

export interface MediaPart {
  media_id: string;
}

export type Attachment =
  | { msgtype: "image"; image: ImagePart }
  | { msgtype: "link"; link: LinkPart }
  | { msgtype: "miniprogram"; miniprogram: MiniprogramPart }
  | { msgtype: "video"; video: MediaPart }
  | { msgtype: "file"; file: MediaPart };

/** Attributes shown on a customer's or member's external profile. */
export interface ExternalAttr {
  /** 0 text, 1 web, 2 mini program. */
  type: number;
  name: string;
  text?: { value: string };
  web?: { url: string; title: string };
  miniprogram?: { appid: string; pagepath: string; title: string };
}

export interface ExternalProfile {
  external_corp_name?: string;
  wechat_channels?: { nickname: string; status?: number };
  external_attr?: ExternalAttr[];
}
