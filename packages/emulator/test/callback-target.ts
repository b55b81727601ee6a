// A throwaway HTTP server standing in for Siyu's callback endpoint: records every request and answers
// with a scripted sequence of status codes (the last one repeats).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  query: URLSearchParams;
  body: string;
}

export async function callbackTarget(statuses: number[] = [200]) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        query: new URL(req.url ?? "/", "http://x").searchParams,
        body: Buffer.concat(chunks).toString(),
      });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      res.statusCode = status;
      res.end("");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
