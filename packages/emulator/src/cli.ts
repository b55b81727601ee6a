// `siyu-emulator`: runs the WeCom emulator from the command line. Flags create one corp; --demo seeds the
// demo world; --snapshot loads/saves the world; --traffic keeps simulated people busy.
import { parseArgs } from "node:util";
import { startEmulator } from "./index.ts";
import type { CorpSeed } from "./world/world.ts";

const HELP = `siyu-emulator — a local WeCom (企业微信) server for tests, demos and benchmarks

  --port N            port to listen on (default 4000; 0 = any free port)
  --host H            interface (default 127.0.0.1)
  --corp-id ID        create a corp with this CorpID …
  --corp-secret S     … and this app secret (required with --corp-id)
  --agent-id N        the app's AgentID (default 1000002)
  --callback-url URL  where the app's encrypted callbacks go
  --token T           callback Token
  --aes-key K         callback EncodingAESKey (43 characters)
  --demo              seed the demo world (brand, stores, staff, customers, orders); with --corp-id it
                      is seeded under that CorpID and secret
  --seed N            demo seed (default 20260101)
  --customers N       demo customer count (default 5000)
  --snapshot FILE     load the world from FILE if present; save it there on exit and on POST /_emulator/snapshot
  --traffic N         simulated people actions per minute (demo traffic mode)
  --log               log requests
  --help              this text

Control API: http://HOST:PORT/_emulator/ (see packages/emulator/README.md)`;

/** Runs the emulator from command-line arguments (also used by `siyu emulator`); resolves once it listens. */
export async function runCli(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "corp-id": { type: "string" },
      "corp-secret": { type: "string" },
      "agent-id": { type: "string" },
      "callback-url": { type: "string" },
      token: { type: "string" },
      "aes-key": { type: "string" },
      demo: { type: "boolean" },
      seed: { type: "string" },
      customers: { type: "string" },
      snapshot: { type: "string" },
      traffic: { type: "string" },
      log: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const corps: CorpSeed[] = [];
  if (values["corp-id"]) {
    if (!values["corp-secret"]) throw new Error("--corp-secret is required with --corp-id");
    corps.push({
      corpId: values["corp-id"],
      secret: values["corp-secret"],
      agentId: values["agent-id"] ? Number(values["agent-id"]) : undefined,
      callbackUrl: values["callback-url"],
      token: values.token,
      aesKey: values["aes-key"],
    });
  }
  const emu = await startEmulator({
    port: Number(values.port ?? 4000),
    host: values.host ?? "127.0.0.1",
    corps,
    // With --demo, a corp given by flags is the demo corp (seeded under that CorpID and secret).
    demo: values.demo
      ? {
          seed: values.seed ? Number(values.seed) : undefined,
          customers: values.customers ? Number(values.customers) : undefined,
          corpId: values["corp-id"],
          secret: values["corp-secret"],
        }
      : false,
    snapshotFile: values.snapshot,
    traffic: values.traffic ? { perMinute: Number(values.traffic) } : false,
    logger: values.log ?? false,
    handleSignals: true,
  });
  if (!values.snapshot) {
    const stop = () => void emu.close().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  }
  const corpList = [...emu.world.corps.values()]
    .map((c) => `${c.corpId} (agent ${c.apps[0]?.agentId})`)
    .join(", ");
  process.stdout.write(
    `siyu-emulator listening on ${emu.url}  corps: ${corpList || "none"}  control: ${emu.url}/_emulator/\n`,
  );
}
