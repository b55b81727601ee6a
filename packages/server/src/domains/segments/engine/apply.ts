// Applying re-read customers to the indexes: what the engine does with every batch the change log names. Each
// customer is taken out of every bitmap of their corp (and of the range columns' cached splits), their typed columns
// are reset, and their fresh attributes are put back, the cached splits included (see bit-slices.ts).
import type { Columns } from "./columns.ts";
import { type CorpIndex, getOrSet } from "./corp-index.ts";
import { type CustomerBatch, DIMS } from "./loader.ts";

export interface EngineData {
  columns: Columns;
  corps: Map<string, CorpIndex>;
  /** The corp's index, created on first sight. */
  corpIndex(corpId: string): CorpIndex;
}

/** Replaces the entries of `ids` (customers that no longer exist are only removed) with `batch`, read after. */
export function replaceCustomers(data: EngineData, ids: number[], batch: CustomerBatch): void {
  for (const idx of data.corps.values()) idx.removeEverywhere(ids);
  for (const id of ids) data.columns.reset(id);
  applyBatch(data, batch);
}

/** Puts a batch's attributes in place (the customers in it are already out of every bitmap). */
function applyBatch(data: EngineData, batch: CustomerBatch): void {
  const { columns } = data;
  const byCorp = new Map<string, number[]>();
  const corpOf = new Map<number, CorpIndex>();
  for (let i = 0; i < batch.ids.length; i++) {
    const corp = batch.corps[i] as string;
    const list = getOrSet(byCorp, corp, (): number[] => []);
    list.push(batch.ids[i] as number);
  }
  for (const [corp, ids] of byCorp) {
    const idx = data.corpIndex(corp);
    idx.universe.addMany(Uint32Array.from(ids));
    for (const id of ids) corpOf.set(id, idx);
  }
  for (const dim of DIMS) {
    const p = batch.pairs[dim];
    // Group by corp (a batch may span corps).
    const split = new Map<CorpIndex, { ids: number[]; keys: string[] }>();
    for (let i = 0; i < p.ids.length; i++) {
      const idx = corpOf.get(p.ids[i] as number);
      if (!idx) continue;
      const s = getOrSet(split, idx, () => ({ ids: [] as number[], keys: [] as string[] }));
      s.ids.push(p.ids[i] as number);
      s.keys.push(p.keys[i] as string);
    }
    for (const [idx, s] of split) idx.addPairs(dim, s.ids, s.keys);
  }
  const maxId = batch.ids.reduce((m, id) => Math.max(id, m), 0);
  columns.ensure(maxId);
  for (const id of batch.ids) columns.reset(id);
  const o = batch.orders;
  for (let i = 0; i < o.ids.length; i++) {
    const id = o.ids[i] as number;
    columns.orderCount[id] = o.counts[i] as number;
    columns.totalSpent[id] = o.spent[i] as number;
    columns.lastOrder[id] = o.last[i] as number;
  }
  const a = batch.firstAdded;
  for (let i = 0; i < a.ids.length; i++) columns.firstAdded[a.ids[i] as number] = a.at[i] as number;
  const s = batch.senders;
  for (let i = 0; i < s.ids.length; i++)
    columns.sender[s.ids[i] as number] = columns.senderNo(s.keys[i] as string);
  for (const [corp, ids] of byCorp) data.corpIndex(corp).addValues(ids, columns);
}
