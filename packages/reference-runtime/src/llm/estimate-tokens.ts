import { countTokens } from "gpt-tokenizer";
import type { ChatMessage } from "./chat-client.js";

// OpenAI's chat format adds a few tokens around each message and primes the reply;
// counting them keeps the reservation an upper bound rather than an underestimate.
const PER_MESSAGE_OVERHEAD = 4;
const REPLY_PRIMING = 3;

/** Input tokens of a chat request, counted with the o200k/cl100k tokenizer of gpt-tokenizer. */
export function estimateInputTokens(messages: readonly ChatMessage[]): number {
  let total = REPLY_PRIMING;
  for (const message of messages) total += PER_MESSAGE_OVERHEAD + countTokens(message.content);
  return total;
}
