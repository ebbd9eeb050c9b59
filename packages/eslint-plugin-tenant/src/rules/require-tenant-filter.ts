import { ruleDescriptors } from "@tenant-audit/analysis";
import { createRule } from "../utils/create-rule.js";
import { registeredCheck } from "../utils/registered-check.js";
import { checkFindings } from "../utils/check-findings.js";

// Pending: becomes a named import of the core's check as soon as it lands.
const check = registeredCheck("require-tenant-filter");

export type MessageId = string;
export type Options = [];

export default createRule<Options, MessageId>({
  name: "require-tenant-filter",
  meta: {
    type: "problem",
    docs: {
      description: ruleDescriptors["require-tenant-filter"].description,
      recommended: ruleDescriptors["require-tenant-filter"].recommended,
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
