import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/siyu-emulator.js", import.meta.url));

it("the siyu-emulator bin serves a corp created from flags", async () => {
  const child = spawn(
    process.execPath,
    [BIN, "--port", "0", "--corp-id", "wwclitest", "--corp-secret", "cli-secret"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}`)));
    });
    const res = (await (
      await fetch(`${url}/cgi-bin/gettoken?corpid=wwclitest&corpsecret=cli-secret`)
    ).json()) as {
      errcode: number;
      access_token: string;
    };
    expect(res.errcode).toBe(0);
    expect(res.access_token.length).toBeGreaterThan(10);
  } finally {
    child.kill("SIGTERM");
  }
});
