// The corp's names for the ids a segment refers to: what text resolves against and what printing shows.
import type { SegmentIssue } from "./errors.ts";
import type { RawValue } from "./parser.ts";

export interface CatalogItem {
  id: string;
  name: string;
  /** Shown with candidates (a tag's group, a store's city). */
  detail?: string;
}

export interface SegmentCatalog {
  tags: CatalogItem[];
  /** id = stage key. */
  stages: CatalogItem[];
  /** id = the live code's state. */
  channels: CatalogItem[];
  /** id = userid. */
  staff: CatalogItem[];
  stores: CatalogItem[];
}

export type IdKind = keyof SegmentCatalog;

const KIND_WORD: Record<IdKind, string> = {
  tags: "tag",
  stages: "stage",
  channels: "channel (live code)",
  staff: "staff member",
  stores: "store",
};

/** Lookup tables over one catalog. */
export class CatalogIndex {
  private readonly byName = new Map<IdKind, Map<string, CatalogItem[]>>();
  private readonly byId = new Map<IdKind, Map<string, CatalogItem>>();

  constructor(readonly catalog: SegmentCatalog) {
    for (const kind of Object.keys(catalog) as IdKind[]) {
      const names = new Map<string, CatalogItem[]>();
      const ids = new Map<string, CatalogItem>();
      for (const item of catalog[kind]) {
        ids.set(item.id, item);
        const list = names.get(item.name) ?? [];
        list.push(item);
        names.set(item.name, list);
        if (kind === "tags" && item.detail) {
          const q = `${item.detail}/${item.name}`;
          const ql = names.get(q) ?? [];
          ql.push(item);
          names.set(q, ql);
        }
      }
      this.byName.set(kind, names);
      this.byId.set(kind, ids);
    }
  }

  item(kind: IdKind, id: string): CatalogItem | undefined {
    return this.byId.get(kind)?.get(id);
  }

  /** Items a written name may mean: by name first; by id only when no item has that name. */
  candidates(kind: IdKind, text: string): CatalogItem[] {
    const named = this.byName.get(kind)?.get(text) ?? [];
    if (named.length) return named;
    const byId = this.item(kind, text);
    return byId ? [byId] : [];
  }

  /** How an id is written: its name when the name reads back as exactly this id, else `#id`. */
  nameOf(kind: IdKind, id: string): { text: string; id: boolean } {
    const item = this.item(kind, id);
    if (item && item.name.trim() !== "" && item.name.trim() === item.name) {
      const back = this.candidates(kind, item.name);
      if (back.length === 1 && back[0]?.id === id) return { text: item.name, id: false };
      if (kind === "tags" && item.detail) {
        const q = `${item.detail}/${item.name}`;
        const qb = this.candidates(kind, q);
        if (qb.length === 1 && qb[0]?.id === id) return { text: q, id: false };
      }
    }
    return { text: id, id: true };
  }

  /** Resolves one written value to an id, or an issue at its range. */
  resolve(kind: IdKind, v: RawValue): { id: string } | { issue: SegmentIssue } {
    const what = KIND_WORD[kind];
    if (v.id) {
      if (this.item(kind, v.text)) return { id: v.text };
      return {
        issue: {
          path: "/text",
          kind: "unknown_name",
          message: `no ${what} has the id ${v.text}`,
          from: v.from,
          to: v.to,
          found: v.text,
        },
      };
    }
    const found = this.candidates(kind, v.text);
    if (found.length === 1) return { id: (found[0] as CatalogItem).id };
    if (found.length > 1) {
      return {
        issue: {
          path: "/text",
          kind: "ambiguous_name",
          message: `${found.length} ${what}s are named ${v.text}; write #id${kind === "tags" ? " or group/name" : ""} to pick one`,
          from: v.from,
          to: v.to,
          found: v.text,
          candidates: found
            .slice(0, 10)
            .map((c) => ({ id: c.id, name: c.name, ...(c.detail ? { detail: c.detail } : {}) })),
        },
      };
    }
    const lower = v.text.toLowerCase();
    const similar = this.catalog[kind]
      .filter((c) => c.name.toLowerCase().includes(lower) || lower.includes(c.name.toLowerCase()))
      .slice(0, 5);
    return {
      issue: {
        path: "/text",
        kind: "unknown_name",
        message: `no ${what} is named ${v.text}${similar.length ? `; did you mean ${similar.map((s) => s.name).join(", ")}?` : ""}`,
        from: v.from,
        to: v.to,
        found: v.text,
        candidates: similar.map((c) => ({
          id: c.id,
          name: c.name,
          ...(c.detail ? { detail: c.detail } : {}),
        })),
      },
    };
  }
}
