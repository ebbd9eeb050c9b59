import OpenAI from "openai";
import type { ChatClient } from "./chat-client.js";
import { LocalChatClient } from "./local-chat-client.js";

export function createChatClient(options: {
  provider: "local" | "openai";
  openaiApiKey: string | undefined;
  localDelayMs: number;
}): ChatClient {
  if (options.provider === "openai") {
    // Retries are left to our own budget/queue logic, so the SDK's hidden retries cannot
    // spend tokens the budget never reserved.
    return new OpenAI({ apiKey: options.openaiApiKey, maxRetries: 0 });
  }
  return new LocalChatClient(options.localDelayMs);
}
