// The baseline for bench/callbacks: a plain Fastify endpoint that accepts the same POST and only answers 200.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));
app.post("/wecom/callback/:corpId", async (_req, reply) => reply.status(200).send(""));
await app.listen({ port: 0, host: "127.0.0.1" });
const addr = app.server.address();
console.log(`baseline: http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`);
