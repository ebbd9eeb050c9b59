/**
 * `require-llm-rate-limit` (billing-limits): no LLM call without the tenant's budget, so one
 * tenant's burst cannot exhaust the provider's global limit for every tenant.
 *
 * Sites: the model calls each LLM adapter lists, as member paths from a known client
 * (`client.chat.completions.create`: the path's members are peeled off and what remains must be
 * an OpenAI client) or as functions imported from the SDK (`generateText` from "ai").
 *
 * Clean when, walking out from the call through its enclosing functions, an awaited limiter call
 * for the tenant comes before it in a block that encloses it (see `limitedBefore`), or the call
 * sits in a callback handed to a limiter wrapper (see `wrapperVerdict`).
 */
import { defineCheck } from "../../check.js";
import { llmSite } from "./llm-sites.js";
import { rateLimitVerdict } from "./rate-limit-verdict.js";
import "./facts.js";

export type RequireLlmRateLimitMessageId = "missingTenantRateLimit";

export const requireLlmRateLimit = defineCheck<RequireLlmRateLimitMessageId>({
  ruleId: "require-llm-rate-limit",
  messages: {
    missingTenantRateLimit:
      "{{call}}() is not made through a per-tenant rate limiter; one tenant's burst can exhaust the provider's limit for every tenant. Await a limiter keyed by {{field}} first",
  },
  run(scope) {
    for (const call of scope.facts.calls) {
      const site = llmSite(call, scope.sourceFile, scope.context);
      if (!site) continue;
      const decided = rateLimitVerdict(call, scope.context);
      const { verdict } = decided;
      if (decided.verdict === "unknown") scope.examined("unknown", { node: call, reason: decided.reason });
      else scope.examined(decided.verdict);
      if (verdict !== "unscoped") continue;
      scope.report(call, "missingTenantRateLimit", {
        call: site.label,
        field: scope.context.settings.tenantFields[0]!,
      });
    }
  },
});
