// Multi-keyword matching over chat text: an Aho–Corasick automaton over UTF-16 code units, written here (the
// issue asks for it) rather than taken from a library. Keywords and text are folded the same way first —
// full-width ASCII to half-width, the ideographic space to a space, and case folding — one code unit to one
// code unit, so offsets in the folded text are offsets in the original.
//
// Layout, for speed on Chinese text where most positions leave the root: the root's transitions are a dense
// table over all 65,536 code units; every other transition lives in one open-addressing hash table keyed by
// (state, code unit) in typed arrays. Each state keeps its failure link, the keyword that ends exactly there
// (or -1), and a dictionary link to the nearest state on its failure chain that ends a keyword.

/** fold[c] = the folded code unit for c. */
const fold: Uint16Array = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const t = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) {
    let f = c;
    if (c >= 0xff01 && c <= 0xff5e)
      f = c - 0xfee0; // full-width ASCII variants → ASCII
    else if (c === 0x3000) f = 0x20; // ideographic space
    if (f < 0xd800 || f > 0xdfff) {
      const lower = String.fromCharCode(f).toLowerCase();
      if (lower.length === 1) f = lower.charCodeAt(0);
    }
    t[c] = f;
  }
  return t;
}

/** The folded form of a string (same length, same offsets). */
export function foldText(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(fold[s.charCodeAt(i)]!);
  return out;
}

export interface KeywordMatch {
  /** Index into the keyword list the matcher was built from. */
  keyword: number;
  /** Code-unit offset of the match's first unit in the text. */
  start: number;
  /** Code-unit offset just past the match. */
  end: number;
}

export class KeywordMatcher {
  readonly size: number;
  private readonly rootNext: Int32Array;
  private readonly fail: Int32Array;
  private readonly out: Int32Array;
  private readonly dict: Int32Array;
  private readonly lengths: Int32Array;
  private readonly hKeyState: Int32Array;
  private readonly hKeyUnit: Int32Array;
  private readonly hValue: Int32Array;
  private readonly hMask: number;
  /** Keyword ids that share an end state with another (duplicates after folding): extra[i] chains them. */
  private readonly sameNext: Int32Array;

  /** Builds the automaton. Empty keywords (after folding) never match. */
  constructor(keywords: readonly string[]) {
    this.size = keywords.length;
    let units = 1;
    for (const k of keywords) units += k.length;
    // Trie construction with growable per-state arrays (children as linked lists for the BFS).
    const cap = units;
    const firstChild = new Int32Array(cap).fill(-1);
    const nextSibling = new Int32Array(cap).fill(-1);
    const unitOf = new Int32Array(cap);
    const out = new Int32Array(cap).fill(-1);
    const sameNext = new Int32Array(keywords.length).fill(-1);
    let hSize = 1;
    while (hSize < cap * 2) hSize <<= 1;
    const hKeyState = new Int32Array(hSize).fill(-1);
    const hKeyUnit = new Int32Array(hSize);
    const hValue = new Int32Array(hSize);
    const hMask = hSize - 1;
    const rootNext = new Int32Array(65536);
    let states = 1;
    const get = (s: number, u: number): number => {
      if (s === 0) return rootNext[u]! || -1;
      let h = (Math.imul(s, 0x9e3779b1) ^ Math.imul(u, 0x85ebca6b)) & hMask;
      for (;;) {
        const ks = hKeyState[h]!;
        if (ks === -1) return -1;
        if (ks === s && hKeyUnit[h] === u) return hValue[h]!;
        h = (h + 1) & hMask;
      }
    };
    const put = (s: number, u: number, v: number): void => {
      if (s === 0) {
        rootNext[u] = v;
        return;
      }
      let h = (Math.imul(s, 0x9e3779b1) ^ Math.imul(u, 0x85ebca6b)) & hMask;
      while (hKeyState[h] !== -1) h = (h + 1) & hMask;
      hKeyState[h] = s;
      hKeyUnit[h] = u;
      hValue[h] = v;
    };
    for (let k = 0; k < keywords.length; k++) {
      const word = keywords[k]!;
      if (word.length === 0) continue;
      let s = 0;
      for (let i = 0; i < word.length; i++) {
        const u = fold[word.charCodeAt(i)]!;
        let t = get(s, u);
        if (t === -1) {
          t = states++;
          put(s, u, t);
          unitOf[t] = u;
          nextSibling[t] = firstChild[s]!;
          firstChild[s] = t;
        }
        s = t;
      }
      if (out[s] === -1) out[s] = k;
      else {
        // Same folded keyword twice: chain the later id behind the first.
        let last = out[s]!;
        while (sameNext[last] !== -1) last = sameNext[last]!;
        sameNext[last] = k;
      }
    }
    // Failure and dictionary links, breadth first.
    const fail = new Int32Array(states);
    const dict = new Int32Array(states).fill(-1);
    const queue = new Int32Array(states);
    let head = 0;
    let tail = 0;
    for (let c = firstChild[0]!; c !== -1; c = nextSibling[c]!) {
      fail[c] = 0;
      queue[tail++] = c;
    }
    while (head < tail) {
      const s = queue[head++]!;
      for (let c = firstChild[s]!; c !== -1; c = nextSibling[c]!) {
        const u = unitOf[c]!;
        let f = fail[s]!;
        let t = get(f, u);
        while (t === -1 && f !== 0) {
          f = fail[f]!;
          t = get(f, u);
        }
        const target = t === -1 || t === c ? 0 : t;
        fail[c] = target;
        dict[c] = out[target] !== -1 ? target : dict[target]!;
        queue[tail++] = c;
      }
    }
    this.rootNext = rootNext;
    this.fail = fail;
    this.out = out.slice(0, states);
    this.dict = dict;
    this.lengths = Int32Array.from(keywords, (k) => k.length);
    this.hKeyState = hKeyState;
    this.hKeyUnit = hKeyUnit;
    this.hValue = hValue;
    this.hMask = hMask;
    this.sameNext = sameNext;
  }

  /**
   * Calls `onMatch(keyword, end)` for every occurrence (overlapping ones included), where `end` is the code-unit
   * offset just past it. Returns the number of occurrences.
   */
  scan(text: string, onMatch?: (keyword: number, end: number) => void): number {
    const { rootNext, fail, out, dict, hKeyState, hKeyUnit, hValue, hMask, sameNext } = this;
    let s = 0;
    let count = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const u = fold[text.charCodeAt(i)]!;
      for (;;) {
        if (s === 0) {
          s = rootNext[u]!;
          break;
        }
        let h = (Math.imul(s, 0x9e3779b1) ^ Math.imul(u, 0x85ebca6b)) & hMask;
        let t = -1;
        for (;;) {
          const ks = hKeyState[h]!;
          if (ks === -1) break;
          if (ks === s && hKeyUnit[h] === u) {
            t = hValue[h]!;
            break;
          }
          h = (h + 1) & hMask;
        }
        if (t !== -1) {
          s = t;
          break;
        }
        s = fail[s]!;
      }
      if (s === 0) continue;
      let o = out[s] !== -1 ? s : dict[s]!;
      while (o !== -1) {
        for (let k = out[o]!; k !== -1; k = sameNext[k]!) {
          count++;
          onMatch?.(k, i + 1);
        }
        o = dict[o]!;
      }
    }
    return count;
  }

  /** Every occurrence with its offsets. */
  matches(text: string): KeywordMatch[] {
    const found: KeywordMatch[] = [];
    this.scan(text, (keyword, end) => {
      found.push({ keyword, start: end - this.lengths[keyword]!, end });
    });
    return found;
  }

  /** The distinct keyword ids found in the text, ascending. */
  distinct(text: string): number[] {
    const seen = new Set<number>();
    this.scan(text, (k) => seen.add(k));
    return [...seen].sort((a, b) => a - b);
  }

  /** Number of automaton states (memory and build-cost figure). */
  get states(): number {
    return this.fail.length;
  }
}

export function buildKeywordMatcher(keywords: readonly string[]): KeywordMatcher {
  return new KeywordMatcher(keywords);
}
