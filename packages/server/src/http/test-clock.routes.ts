// Tests only (SIYU_TEST_CLOCK=on): an admin moves Siyu's clock forward, so a browser test sees a line's T+1 and
// T+2 steps fall due without waiting days. Not registered at all otherwise.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { TestClock } from "../lib/clock.ts";

const view = z.object({ now: z.string() });

export function testClockRoutes(clock: TestClock) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      "/api/test-clock",
      {
        config: { access: "admin" },
        schema: { tags: ["test"], summary: "Siyu's clock (test clock on)", response: { 200: view } },
      },
      async () => ({ now: new Date(clock.now()).toISOString() }),
    );
    r.post(
      "/api/test-clock/advance",
      {
        config: { access: "admin" },
        schema: {
          tags: ["test"],
          summary: "Move Siyu's clock forward (test clock on)",
          body: z
            .object({
              minutes: z
                .number()
                .int()
                .min(1)
                .max(366 * 1440),
            })
            .strict(),
          response: { 200: view },
        },
      },
      async (req) => ({ now: new Date(clock.advance(req.body.minutes * 60_000)).toISOString() }),
    );
  };
}
