// Deterministic id minting in the shapes of the official samples (contract §0): external_userid `wm…`,
// chat_id `wr…`, tags `et…`, mass msgid `msg…`, moment `mom…`, config_id 32 hex. A seeded PRNG keeps a
// demo world identical for the same seed.

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

/** mulberry32: tiny, fast, good enough for ids and demo data. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Ids {
  constructor(readonly rand: () => number) {}

  private chars(alphabet: string, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.rand() * alphabet.length)];
    return s;
  }

  externalUserId(wecomUser = false): string {
    return (wecomUser ? "wo" : "wm") + this.chars(ALNUM, 30);
  }
  chatId(): string {
    return `wr${this.chars(ALNUM, 28)}`;
  }
  tagId(): string {
    return `et${this.chars(ALNUM, 30)}`;
  }
  msgid(): string {
    return `msg${this.chars(ALNUM, 26)}`;
  }
  momentId(): string {
    return `mom${this.chars(ALNUM, 26)}`;
  }
  configId(): string {
    return this.chars(HEX, 32);
  }
  token(): string {
    return this.chars(ALNUM, 64);
  }
  opaque(n = 24): string {
    return this.chars(ALNUM, n);
  }
  unionid(): string {
    return `oz${this.chars(ALNUM, 26)}`;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.rand() * maxExclusive);
  }
}
