// Encryption of secrets at rest (corp secrets, callback tokens, AES keys): AES-256-GCM.
// Ciphertext: "v1.<keyId>.<iv>.<tag>.<data>" (base64url parts). Old keys stay usable for reading, so the key rotates.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** Id of the key new secrets are sealed with. */
  keyId: string;
}

function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32) {
    throw new SecretBoxError(
      "SIYU_SECRET_KEY must be 32 bytes, as 64 hex characters or base64 (openssl rand -hex 32)",
    );
  }
  return key;
}

function idOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function createSecretBox(current: string, previous: string[] = []): SecretBox {
  const keys = new Map<string, Buffer>();
  const currentKey = parseKey(current);
  const keyId = idOf(currentKey);
  keys.set(keyId, currentKey);
  for (const p of previous) {
    const k = parseKey(p);
    keys.set(idOf(k), k);
  }
  return {
    keyId,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", currentKey, iv);
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url"));
      return ["v1", keyId, ...parts].join(".");
    },
    open(sealed) {
      const [v, kid, iv, tag, data] = sealed.split(".");
      if (v !== "v1" || !kid || iv === undefined || tag === undefined || data === undefined) {
        throw new SecretBoxError("not a sealed secret");
      }
      const key = keys.get(kid);
      if (!key) throw new SecretBoxError(`secret was sealed with key ${kid}, which is not configured`);
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    },
  };
}

/** The configured key, or one generated once into <dataDir>/secret.key (mode 600). */
export async function loadOrCreateKey(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, "secret.key");
  const existing = await fs.readFile(file, "utf8").catch(() => undefined);
  if (existing) return existing.trim();
  await fs.mkdir(dataDir, { recursive: true });
  const key = randomBytes(32).toString("hex");
  await fs.writeFile(file, `${key}\n`, { mode: 0o600, flag: "wx" }).catch(async (err) => {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  });
  return (await fs.readFile(file, "utf8")).trim();
}
