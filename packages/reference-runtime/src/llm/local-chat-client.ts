import { createHash } from "node:crypto";
import { countTokens, decode, encode } from "gpt-tokenizer";
import type { ChatClient, ChatRequest, ChatResult } from "./chat-client.js";
import { estimateInputTokens } from "./estimate-tokens.js";

/** Short, stable fingerprint of a system prompt: what the local model's reply names. */
export function promptFingerprint(systemPrompt: string): string {
  return createHash("sha256").update(systemPrompt).digest("hex").slice(0, 12);
}

/**
 * The default, offline provider. Deterministic: the reply names a hash of the system
 * prompt it was given, so a test can tell exactly which tenant's prompt reached the model
 * (prompt bleed shows up as the wrong hash). `delayMs` simulates provider latency.
 */
export class LocalChatClient implements ChatClient {
  readonly chat: ChatClient["chat"];

  constructor(private readonly delayMs = 0) {
    this.chat = { completions: { create: (body) => this.complete(body) } };
  }

  private async complete(body: ChatRequest): Promise<ChatResult> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const system = body.messages
      .filter((m) => m.role === "system")
      .map((m) => m.content)
      .join("\n");
    const lastUser = [...body.messages].reverse().find((m) => m.role === "user")?.content ?? "";
    const full = `[local system=${promptFingerprint(system)}] Re: ${lastUser}`;
    // Honour max_tokens like a real model would.
    const content = decode(encode(full).slice(0, body.max_tokens));
    const promptTokens = estimateInputTokens(body.messages);
    const completionTokens = countTokens(content);
    return {
      choices: [{ message: { content } }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    };
  }
}
