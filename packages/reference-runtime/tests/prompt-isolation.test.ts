import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promptFingerprint } from "../src/llm/local-chat-client.js";
import { type TestApp, call, startTestApp } from "./helpers/test-app.js";

describe("prompt isolation under concurrency", () => {
  let t: TestApp;
  beforeAll(async () => {
    // A slow model keeps many calls of both tenants in flight at the same time.
    t = await startTestApp({ runWorkers: false, localDelayMs: 15 });
  });
  afterAll(async () => {
    await t.close();
  });

  it("concurrent chats of A and B each reach the model with only their own system prompt and history", async () => {
    const tenants = ["tenant-a", "tenant-b"] as const;
    const setup = await Promise.all(
      tenants.map(async (tenant) => {
        const token = await t.token(tenant);
        const prompt = `You are the agent of ${tenant}. Secret: ${tenant}-${Math.random()}`;
        const id = (await call(t.app, "POST", "/campaigns", token, { name: tenant, systemPrompt: prompt })).json
          .id as string;
        return { tenant, token, prompt, id };
      }),
    );

    const turns = setup.flatMap((s) =>
      Array.from({ length: 25 }, (_, i) => ({ ...s, message: `${s.tenant} message ${i}` })),
    );
    // Interleave A and B so their requests overlap.
    turns.sort((x, y) => Number(x.message.split(" ").at(-1)) - Number(y.message.split(" ").at(-1)));
    const replies = await Promise.all(
      turns.map(async (turn) => ({
        turn,
        res: await call(t.app, "POST", `/campaigns/${turn.id}/chat`, turn.token, { message: turn.message }),
      })),
    );

    for (const { turn, res } of replies) {
      expect(res.status).toBe(200);
      // The local model names the hash of the system prompt it actually received.
      expect(res.json.reply).toContain(`system=${promptFingerprint(turn.prompt)}`);
      expect(res.json.reply).toContain(`Re: ${turn.message}`);
    }

    // And each tenant's stored conversation holds only its own turns.
    for (const s of setup) {
      const history = (await call(t.app, "GET", `/campaigns/${s.id}/history`, s.token)).json as Array<{
        input: string;
        output: string;
      }>;
      expect(history).toHaveLength(25);
      for (const entry of history) {
        expect(entry.input.startsWith(s.tenant)).toBe(true);
        expect(entry.output).toContain(promptFingerprint(s.prompt));
      }
    }
  });
});
