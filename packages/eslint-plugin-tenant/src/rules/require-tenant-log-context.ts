import { requireTenantLogContext as check, ruleDescriptors } from "@tenant-audit/analysis";
import { checkFindings } from "../utils/check-findings.js";
import { createRule } from "../utils/create-rule.js";

// Re-derived (not the core's alias, which its entry point does not export) so declarations can name it.
export type MessageId = Extract<keyof typeof check.messages, string>;
export type Options = [];

export default createRule<Options, MessageId>({
  name: "require-tenant-log-context",
  meta: {
    type: "problem",
    docs: {
      description: ruleDescriptors["require-tenant-log-context"].description,
      recommended: ruleDescriptors["require-tenant-log-context"].recommended,
    },
    messages: check.messages,
    hasSuggestions: true,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program(program) {
        for (const { loc, messageId, data, suggest } of checkFindings(context, check, program)) {
          context.report({ loc, messageId, data, suggest });
        }
      },
    };
  },
});
