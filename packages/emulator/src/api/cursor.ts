// Opaque paging cursors: a position encoded so clients cannot (and need not) read it; "" ends the list.
import { ApiError } from "../errors.ts";

export function encodeCursor(position: number[]): string {
  return Buffer.from(`c1:${position.join(".")}`).toString("base64url");
}

export function decodeCursor(cursor: string, size: number): number[] {
  if (!cursor) return new Array(size).fill(0);
  const text = Buffer.from(cursor, "base64url").toString();
  const parts = text.startsWith("c1:") ? text.slice(3).split(".").map(Number) : [];
  if (parts.length !== size || parts.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new ApiError(40058, "invalid cursor");
  }
  return parts;
}

/** Pages a plain array with an offset cursor. */
export function pageArray<T>(
  items: readonly T[],
  cursor: string,
  limit: number,
): { page: T[]; next: string } {
  const [offset = 0] = decodeCursor(cursor, 1);
  const page = items.slice(offset, offset + limit);
  const end = offset + page.length;
  return { page, next: end < items.length ? encodeCursor([end]) : "" };
}
