import type { ChatClient, ChatMessage, ChatUsage } from "./chat-client.js";
import { estimateInputTokens } from "./estimate-tokens.js";
import type { TokenBudget } from "./token-budget.js";

export interface LlmDeps {
  budget: TokenBudget;
  llm: ChatClient;
  model: string;
  maxTokens: number;
}

export interface LlmReply {
  reply: string;
  usage: ChatUsage;
}

/**
 * The only place the runtime calls a model. The tenant's budget is reserved first (input
 * estimate plus max_tokens, the most the call can cost), and whatever the call did not use
 * is given back afterwards; a failed call gives back everything.
 */
export async function callLlm(deps: LlmDeps, tenantId: string, messages: ChatMessage[]): Promise<LlmReply> {
  const estimate = estimateInputTokens(messages) + deps.maxTokens;
  const reservation = await deps.budget.reserve(tenantId, estimate);
  let used = 0;
  try {
    const completion = await deps.llm.chat.completions.create({
      model: deps.model,
      messages,
      max_tokens: deps.maxTokens,
    });
    const usage = completion.usage ?? {
      prompt_tokens: estimate - deps.maxTokens,
      completion_tokens: deps.maxTokens,
      total_tokens: estimate,
    };
    used = usage.total_tokens;
    return { reply: completion.choices[0]?.message.content ?? "", usage };
  } finally {
    // A refund lost to a Redis blip only makes the budget stricter for one minute.
    await deps.budget.settle(reservation, used).catch(() => {});
  }
}
