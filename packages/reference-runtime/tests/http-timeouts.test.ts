import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, call, startTestApp } from "./helpers/test-app.js";

/** Opens a raw connection and sends the headers plus the first bytes of a body that never completes. */
function trickle(port: number, token: string): Promise<{ response: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1");
    let response = "";
    let drip: NodeJS.Timeout | undefined;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      response += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => {
      clearInterval(drip);
      resolve({ response, closedAfterMs: Date.now() - started });
    });
    socket.write(
      "POST /campaigns HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
        `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":`,
    );
    // One byte every 200 ms: never idle long enough for an idle timeout, never finished.
    drip = setInterval(() => socket.write(" "), 200);
    setTimeout(() => {
      socket.destroy();
      reject(new Error("the server kept the slow request open for 15 s"));
    }, 15_000).unref();
  });
}

describe("request timeouts", () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({
      runWorkers: false,
      requestTimeoutMs: 1_000,
      handlerTimeoutMs: 1_500,
      localDelayMs: 5_000,
    });
    await t.app.listen({ host: "127.0.0.1", port: 0 });
    port = (t.app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
  });

  it("cuts off a body that trickles in slower than the request timeout", async () => {
    const { response, closedAfterMs } = await trickle(port, await t.token("tenant-a"));
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    // The timeout (1 s) plus at most one check interval (250 ms here), with room for a busy machine.
    expect(closedAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(closedAfterMs).toBeLessThan(3_000);
  });

  it("answers 503 when the handler runs past its timeout (a model that does not answer)", async () => {
    const token = await t.token("tenant-a");
    const campaign = (await call(t.app, "POST", "/campaigns", token, { name: "slow", systemPrompt: "take your time" }))
      .json.id;
    const started = Date.now();
    const res = await call(t.app, "POST", `/campaigns/${campaign}/chat`, token, { message: "hello?" });
    expect(res.status).toBe(503);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
