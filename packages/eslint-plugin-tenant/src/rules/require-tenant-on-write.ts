import { requireTenantOnWrite, ruleDescriptors } from "@tenant-audit/analysis";
import { createRule } from "../utils/create-rule.js";
import { checkFindings } from "../utils/check-findings.js";

// Re-derived (not the core's alias, which its entry point does not export) so declarations can name it.
export type MessageId = Extract<keyof typeof requireTenantOnWrite.messages, string>;
export type Options = [];

export default createRule<Options, MessageId>({
  name: "require-tenant-on-write",
  meta: {
    type: "problem",
    docs: {
      description: ruleDescriptors["require-tenant-on-write"].description,
      recommended: ruleDescriptors["require-tenant-on-write"].recommended,
    },
    messages: requireTenantOnWrite.messages,
    hasSuggestions: true,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program(program) {
        for (const { loc, messageId, data, suggest } of checkFindings(context, requireTenantOnWrite, program)) {
          context.report({ loc, messageId, data, suggest });
        }
      },
    };
  },
});
