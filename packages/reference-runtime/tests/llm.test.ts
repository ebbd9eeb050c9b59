import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { createChatClient } from "../src/llm/create-chat-client.js";
import { estimateInputTokens } from "../src/llm/estimate-tokens.js";
import { LocalChatClient, promptFingerprint } from "../src/llm/local-chat-client.js";

describe("LLM providers", () => {
  it("the local model is deterministic and names the hash of the system prompt it received", async () => {
    const llm = new LocalChatClient();
    const body = {
      model: "local",
      max_tokens: 200,
      messages: [
        { role: "system" as const, content: "You are A." },
        { role: "user" as const, content: "hello" },
      ],
    };
    const first = await llm.chat.completions.create(body);
    const second = await llm.chat.completions.create(body);
    expect(first).toEqual(second);
    expect(first.choices[0]?.message.content).toBe(`[local system=${promptFingerprint("You are A.")}] Re: hello`);
    expect(promptFingerprint("You are A.")).not.toBe(promptFingerprint("You are B."));
  });

  it("honours max_tokens and reports usage the budget can settle against", async () => {
    const llm = new LocalChatClient();
    const messages = [
      { role: "system" as const, content: "You are A." },
      { role: "user" as const, content: "word ".repeat(100) },
    ];
    const result = await llm.chat.completions.create({ model: "local", max_tokens: 5, messages });
    expect(result.usage?.completion_tokens).toBeLessThanOrEqual(5);
    expect(result.usage?.prompt_tokens).toBe(estimateInputTokens(messages));
    expect(result.usage?.total_tokens).toBe(
      (result.usage?.prompt_tokens ?? 0) + (result.usage?.completion_tokens ?? 0),
    );
  });

  it("counts input tokens with a real tokenizer (more text, more tokens; overhead per message)", () => {
    const one = estimateInputTokens([{ role: "user", content: "hello" }]);
    const long = estimateInputTokens([{ role: "user", content: "hello ".repeat(50) }]);
    const two = estimateInputTokens([
      { role: "system", content: "hello" },
      { role: "user", content: "hello" },
    ]);
    expect(long).toBeGreaterThanOrEqual(one + 49);
    expect(two).toBeGreaterThan(one + 1);
  });

  it("uses the OpenAI SDK client when that provider is configured (no request is made here)", () => {
    expect(createChatClient({ provider: "openai", openaiApiKey: "sk-test", localDelayMs: 0 })).toBeInstanceOf(OpenAI);
    expect(createChatClient({ provider: "local", openaiApiKey: undefined, localDelayMs: 0 })).toBeInstanceOf(
      LocalChatClient,
    );
  });
});
