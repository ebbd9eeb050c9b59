/**
 * The slice of the OpenAI client the runtime uses. The `openai` SDK's client satisfies it
 * as is, and the local provider implements it, so the one call site in `call-llm.ts` (the
 * one behind the token budget) serves both.
 */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens: number;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatResult {
  choices: Array<{ message: { content: string | null } }>;
  usage?: ChatUsage | null | undefined;
}

export interface ChatClient {
  chat: { completions: { create(body: ChatRequest): PromiseLike<ChatResult> } };
}
