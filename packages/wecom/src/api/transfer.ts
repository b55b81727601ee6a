// 离职继承 / 在职继承 (contract §4.8): customer transfers of departed (resigned/…) and in-service (transfer_customer…)
// members, their results, the unassigned list, and group owner transfers. Per-item errors come inside the lists
// while the top-level errcode is 0.
import { type Requester, type WeComResponse, walkCursor } from "./requester.ts";

const BASE = "/cgi-bin/externalcontact";

export type TransferKind = "onjob" | "resigned";

export interface TransferCustomerRequest {
  handover_userid: string;
  takeover_userid: string;
  /** ≤100 customers per call. */
  external_userid: string[];
  /** In-service only: ≤200 characters, shown to the customer. */
  transfer_success_msg?: string;
}

export interface TransferCustomerResponse extends WeComResponse {
  /** errcode 0: the transfer started (taken over after 24 h unless refused); 40128 twice in 90 days, 40129 already in
   * transfer, 40130 handover = takeover, 40131 not the handover's customer, 40100 in a transfer flow, 40143 banned. */
  customer: { external_userid: string; errcode: number }[];
}

/** 1 taken over, 2 waiting, 3 refused by the customer, 4 the takeover is at the customer limit, 5 no transfer record. */
export type TransferStatus = 1 | 2 | 3 | 4 | 5;

export interface TransferResultItem {
  external_userid: string;
  status: TransferStatus;
  /** In the future while waiting; 0 when refused. */
  takeover_time: number;
}

export interface TransferResultResponse extends WeComResponse {
  customer: TransferResultItem[];
  next_cursor?: string;
}

export interface UnassignedItem {
  handover_userid: string;
  external_userid: string;
  dimission_time: number;
}

export interface UnassignedListResponse extends WeComResponse {
  info: UnassignedItem[];
  is_last: boolean;
  next_cursor?: string;
}

export interface GroupTransferResponse extends WeComResponse {
  /** Only the chats that failed (90500 owner not resigned, 90502 owner resigned, 90504 owner unchanged, 90507 in
   * progress, 90508 already inherited, 40128 twice in 90 days…); a chat not listed changed owner. */
  failed_chat_list?: { chat_id: string; errcode: number; errmsg: string }[];
}

export class TransferApi {
  constructor(private readonly client: Requester) {}

  /** transfer_customer (in-service) or resigned/transfer_customer. */
  transferCustomers(kind: TransferKind, req: TransferCustomerRequest): Promise<TransferCustomerResponse> {
    const path = kind === "onjob" ? `${BASE}/transfer_customer` : `${BASE}/resigned/transfer_customer`;
    const body =
      kind === "onjob"
        ? req
        : {
            handover_userid: req.handover_userid,
            takeover_userid: req.takeover_userid,
            external_userid: req.external_userid,
          };
    return this.client.request("POST", path, { body });
  }

  resultPage(
    kind: TransferKind,
    handover: string,
    takeover: string,
    cursor = "",
  ): Promise<TransferResultResponse> {
    const path = kind === "onjob" ? `${BASE}/transfer_result` : `${BASE}/resigned/transfer_result`;
    return this.client.request("POST", path, {
      body: { handover_userid: handover, takeover_userid: takeover, cursor },
    });
  }

  /** Walks every page of transfer_result for one (handover, takeover) pair. */
  results(
    kind: TransferKind,
    handover: string,
    takeover: string,
  ): AsyncGenerator<TransferResultItem, void, undefined> {
    return walkCursor(
      (cursor) => this.resultPage(kind, handover, takeover, cursor),
      (page) => page.customer,
    );
  }

  unassignedPage(cursor = "", pageSize = 1000): Promise<UnassignedListResponse> {
    return this.client.request("POST", `${BASE}/get_unassigned_list`, {
      body: { page_size: pageSize, cursor },
    });
  }

  /** Walks every page of get_unassigned_list: the customers departed members left behind. */
  async *unassigned(): AsyncGenerator<UnassignedItem, void, undefined> {
    const seen = new Set<string>();
    let cursor = "";
    for (;;) {
      const page = await this.unassignedPage(cursor);
      yield* page.info;
      const next = page.next_cursor ?? "";
      if (page.is_last || next === "" || seen.has(next)) return;
      seen.add(next);
      cursor = next;
    }
  }

  /** groupchat/transfer (departed owner) or groupchat/onjob_transfer; 1–100 chats per call. */
  transferGroups(kind: TransferKind, chatIds: string[], newOwner: string): Promise<GroupTransferResponse> {
    const path = kind === "onjob" ? `${BASE}/groupchat/onjob_transfer` : `${BASE}/groupchat/transfer`;
    return this.client.request("POST", path, { body: { chat_id_list: chatIds, new_owner: newOwner } });
  }
}
