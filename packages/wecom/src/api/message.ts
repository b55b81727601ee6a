// App messages to members — message/send (addendum §3). Partly invalid recipients still return errcode 0
// with the invalid ones listed; all invalid gives 81013.
import type { TextContent } from "./message-parts.ts";
import type { Requester, WeComResponse } from "./requester.ts";

export interface MessageTarget {
  /** "a|b" (≤1000) or "@all". */
  touser?: string;
  toparty?: string;
  totag?: string;
  agentid: number;
  safe?: number;
  enable_id_trans?: number;
  enable_duplicate_check?: number;
  duplicate_check_interval?: number;
}

export interface TextCard {
  title: string;
  description: string;
  url: string;
  btntxt?: string;
}

export interface NewsArticle {
  title: string;
  description?: string;
  url?: string;
  picurl?: string;
}

export type MessageSendRequest = MessageTarget &
  (
    | { msgtype: "text"; text: TextContent }
    | { msgtype: "markdown"; markdown: TextContent }
    | { msgtype: "textcard"; textcard: TextCard }
    | { msgtype: "news"; news: { articles: NewsArticle[] } }
    | { msgtype: "template_card"; template_card: Record<string, unknown> }
  );

export interface MessageSendResponse extends WeComResponse {
  /** "a|b", lower-cased. */
  invaliduser?: string;
  invalidparty?: string;
  invalidtag?: string;
  unlicenseduser?: string;
  msgid: string;
  /** Interactive cards: one update_template_card within 24 h. */
  response_code?: string;
}

export class MessageApi {
  constructor(private readonly client: Requester) {}

  send(req: MessageSendRequest): Promise<MessageSendResponse> {
    return this.client.request("POST", "/cgi-bin/message/send", { body: req });
  }
}
