// Fault injection for the control API: "the next N calls to PATH (for CORP) answer ERRCODE", e.g. -1 (busy)
// or 45009, so clients can prove their retry and back-off paths against the emulator; or "…are carried out, then
// answered LATENCYMS later" (a slow WeCom), so a client can be stopped after WeCom acted but before it heard back.

export interface Fault {
  id: number;
  corpId: string;
  path: string;
  /** The error answered instead of running the call; absent for a latency fault. */
  errcode?: number;
  /** The call runs, and its answer is sent this many (real) milliseconds later. */
  latencyMs?: number;
  remaining: number;
}

/** "/cgi-bin/externalcontact/get", "cgi-bin/externalcontact/get" and "externalcontact/get" are the same path. */
export function normalizeApiPath(path: string): string {
  return path
    .replace(/\?.*$/, "")
    .replace(/^\/+/, "")
    .replace(/^cgi-bin\//, "");
}

export class FaultBox {
  private nextId = 1;
  readonly faults: Fault[] = [];

  add(input: { corpId?: string; path: string; errcode?: number; latencyMs?: number; count?: number }): Fault {
    const fault: Fault = {
      id: this.nextId++,
      corpId: input.corpId ?? "",
      path: normalizeApiPath(input.path),
      ...(input.errcode !== undefined ? { errcode: input.errcode } : {}),
      ...(input.latencyMs !== undefined ? { latencyMs: input.latencyMs } : {}),
      remaining: Math.max(1, input.count ?? 1),
    };
    this.faults.push(fault);
    return fault;
  }

  /** Consumes one matching fault and returns it, or undefined. */
  take(corpId: string | undefined, path: string): Fault | undefined {
    if (this.faults.length === 0) return undefined;
    const i = this.faults.findIndex((f) => f.path === path && (f.corpId === "" || f.corpId === corpId));
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults.splice(i, 1);
    return fault;
  }

  clear(): void {
    this.faults.length = 0;
  }
}
