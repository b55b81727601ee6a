// 客户朋友圈 customer moments (contract §4.7): add_moment_task creates an asynchronous job whose result names the
// moment; members then publish it in their client. The task, customer-list, send-result and comment APIs
// report per member what happened. Media come from media/upload_attachment (attachment_type 1).
import { type Requester, type WeComResponse, walkCursor } from "./requester.ts";

const BASE = "/cgi-bin/externalcontact";

/** Either ≤9 images, or 1 video, or 1 link (mixed types: 'invalid attachments msgtype'). */
export type MomentAttachment =
  | { msgtype: "image"; image: { media_id: string } }
  | { msgtype: "video"; video: { media_id: string } }
  | { msgtype: "link"; link: { title?: string; url: string; media_id: string } };

export interface AddMomentTaskRequest {
  /** ≤2000 characters. Text and attachments may not both be empty. */
  text?: { content: string };
  attachments?: MomentAttachment[];
  /** Absent: every member in the app's range publishes it, to all their customers. */
  visible_range?: {
    sender_list?: { user_list?: string[]; department_list?: number[] };
    /** Corp tags only. */
    external_contact_list?: { tag_list: string[] };
  };
}

export interface MomentTaskResult {
  /** 1 started, 2 running, 3 done. */
  status: number;
  type: string;
  result?: {
    errcode: number;
    errmsg: string;
    moment_id?: string;
    invalid_sender_list?: { user_list?: string[]; department_list?: number[] };
    invalid_external_contact_list?: { tag_list?: string[] };
  };
}

export interface MomentListItem {
  moment_id: string;
  creator?: string;
  /** Unix seconds (a string on the wire; parsed here). */
  create_time: number;
  /** 0 corp, 1 personal. */
  create_type: number;
  /** 0 partial, 1 public. */
  visible_type: number;
  text?: { content: string };
  image?: { media_id: string }[];
  video?: { media_id: string; thumb_media_id: string };
  link?: { title: string; url: string };
  location?: { latitude: string; longitude: string; name: string };
}

export interface MomentMemberTask {
  userid: string;
  /** 0 not published, 1 published. */
  publish_status: number;
}

/** A like or comment: from a customer (external_userid) or a colleague (userid). */
export interface MomentInteraction {
  external_userid?: string;
  userid?: string;
  create_time: number;
}

export interface MomentComments {
  comment_list: MomentInteraction[];
  like_list: MomentInteraction[];
}

type Page<K extends string, T> = { [k in K]?: T[] } & { next_cursor?: string } & WeComResponse;

export class MomentApi {
  constructor(private readonly client: Requester) {}

  /** Starts the creation job (41078: too many concurrent jobs). */
  addTask(req: AddMomentTaskRequest): Promise<{ jobid: string } & WeComResponse> {
    return this.client.request("POST", `${BASE}/add_moment_task`, { body: req });
  }

  taskResult(jobid: string): Promise<MomentTaskResult & WeComResponse> {
    return this.client.request("GET", `${BASE}/get_moment_task_result`, { query: { jobid } });
  }

  /** Stops members from publishing it (and withdraws it where WeCom does). */
  cancel(momentId: string): Promise<WeComResponse> {
    return this.client.request("POST", `${BASE}/cancel_moment_task`, { body: { moment_id: momentId } });
  }

  /** Moments created between two instants (≤ one month apart), create_time parsed to a number. */
  list(q: {
    startTime: number;
    endTime: number;
    creator?: string;
    /** 0 corp, 1 personal, 2 all (default). */
    filterType?: 0 | 1 | 2;
  }): AsyncGenerator<MomentListItem, void, undefined> {
    return walkCursor(
      (cursor) =>
        this.client.request<Page<"moment_list", MomentListItem & { create_time: number | string }>>(
          "POST",
          `${BASE}/get_moment_list`,
          {
            body: {
              start_time: q.startTime,
              end_time: q.endTime,
              ...(q.creator ? { creator: q.creator } : {}),
              filter_type: q.filterType ?? 2,
              limit: 100,
              cursor,
            },
          },
        ),
      (p) => (p.moment_list ?? []).map((m) => ({ ...m, create_time: Number(m.create_time) })),
    );
  }

  /** Every member asked to publish the moment, with whether they did. */
  tasks(momentId: string): AsyncGenerator<MomentMemberTask, void, undefined> {
    return walkCursor(
      (cursor) =>
        this.client.request<Page<"task_list", MomentMemberTask>>("POST", `${BASE}/get_moment_task`, {
          body: { moment_id: momentId, limit: 1000, cursor },
        }),
      (p) => p.task_list ?? [],
    );
  }

  /** The customers of one member who can see the moment. */
  customers(momentId: string, userid: string): AsyncGenerator<{ userid: string; external_userid: string }> {
    return walkCursor(
      (cursor) =>
        this.client.request<Page<"customer_list", { userid: string; external_userid: string }>>(
          "POST",
          `${BASE}/get_moment_customer_list`,
          { body: { moment_id: momentId, userid, limit: 1000, cursor } },
        ),
      (p) => p.customer_list ?? [],
    );
  }

  /** The customers one member's published moment reached (41062 before the member published). */
  sendResult(momentId: string, userid: string): AsyncGenerator<{ external_userid: string }> {
    return walkCursor(
      (cursor) =>
        this.client.request<Page<"customer_list", { external_userid: string }>>(
          "POST",
          `${BASE}/get_moment_send_result`,
          { body: { moment_id: momentId, userid, limit: 5000, cursor } },
        ),
      (p) => p.customer_list ?? [],
    );
  }

  /** Likes and comments under one member's post of the moment. */
  async comments(momentId: string, userid: string): Promise<MomentComments> {
    const res = await this.client.request<Partial<MomentComments> & WeComResponse>(
      "POST",
      `${BASE}/get_moment_comments`,
      { body: { moment_id: momentId, userid } },
    );
    const norm = (l: MomentInteraction[] | undefined) =>
      (l ?? []).map((c) => ({ ...c, create_time: Number(c.create_time) }));
    return { comment_list: norm(res.comment_list), like_list: norm(res.like_list) };
  }
}
