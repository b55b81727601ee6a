// API shapes for corps (tenants). Secrets go in, never come out.
import { z } from "zod";

export const corpInput = z.object({
  corpId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, "corpId may contain letters, digits, '_' and '-' only"),
  name: z.string().min(1).max(100),
  secret: z.string().min(1).max(512),
  token: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9]+$/, "token is up to 32 letters or digits"),
  aesKey: z.string().regex(/^[A-Za-z0-9]{43}$/, "aesKey (EncodingAESKey) is 43 letters or digits"),
  apiBase: z.string().url().default("https://qyapi.weixin.qq.com"),
  agentId: z.string().max(32).optional(),
});
export type CorpInput = z.input<typeof corpInput>;

export const corpView = z.object({
  corpId: z.string(),
  name: z.string(),
  apiBase: z.string(),
  agentId: z.string().nullable(),
  createdAt: z.string(),
});
export type CorpView = z.infer<typeof corpView>;
