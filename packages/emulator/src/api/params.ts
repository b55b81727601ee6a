// Typed reads of a WeCom request (JSON body or query string). Wrong types answer 40058, as WeCom does for
// malformed parameters; callers pick the specific code (41037, 41049, …) for missing required fields.
import { ApiError } from "../errors.ts";

export class Params {
  constructor(readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== "";
  }

  str(name: string, missingCode = 40058, maxChars?: number): string {
    const v = this.raw[name];
    if (v === undefined || v === null || v === "") throw new ApiError(missingCode, `missing ${name}`);
    if (typeof v !== "string" && typeof v !== "number") throw new ApiError(40058, `invalid ${name}`);
    const s = String(v);
    if (maxChars !== undefined && [...s].length > maxChars) throw new ApiError(40058, `${name} too long`);
    return s;
  }

  optStr(name: string, fallback = "", maxChars?: number): string {
    return this.has(name) ? this.str(name, 40058, maxChars) : fallback;
  }

  int(name: string, fallback: number, missingCode?: number): number {
    const v = this.raw[name];
    if (v === undefined || v === null || v === "") {
      if (missingCode !== undefined) throw new ApiError(missingCode, `missing ${name}`);
      return fallback;
    }
    const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(n)) throw new ApiError(40058, `invalid ${name}`);
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw[name];
    if (v === undefined || v === null) return fallback;
    if (typeof v === "boolean") return v;
    if (v === 0 || v === 1) return v === 1;
    throw new ApiError(40058, `invalid ${name}`);
  }

  strArray(name: string, maxItems?: number): string[] {
    const v = this.raw[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string" && typeof x !== "number")) {
      throw new ApiError(40058, `invalid ${name}`);
    }
    if (maxItems !== undefined && v.length > maxItems) throw new ApiError(40058, `${name} exceed limit`);
    return v.map(String);
  }

  intArray(name: string): number[] {
    return this.strArray(name).map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n)) throw new ApiError(40058, `invalid ${name}`);
      return n;
    });
  }

  obj(name: string): Params | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "object" || Array.isArray(v)) throw new ApiError(40058, `invalid ${name}`);
    return new Params(v as Record<string, unknown>);
  }

  array(name: string): unknown[] {
    const v = this.raw[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new ApiError(40058, `invalid ${name}`);
    return v;
  }

  /** A page size clamped to [1, max] ("超过最大值时取最大值"), with the default when absent or 0. */
  limit(name: string, fallback: number, max: number): number {
    const n = this.int(name, fallback);
    if (n <= 0) return fallback;
    return Math.min(n, max);
  }
}

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
