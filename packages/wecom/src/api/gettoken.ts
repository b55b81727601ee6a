// gettoken (contract §1, doc 91039). The client calls it itself; the type is exported for emulators and tests.
import type { WeComResponse } from "./requester.ts";

export interface GetTokenResponse extends WeComResponse {
  access_token: string;
  /** Seconds, normally 7200. */
  expires_in: number;
}
