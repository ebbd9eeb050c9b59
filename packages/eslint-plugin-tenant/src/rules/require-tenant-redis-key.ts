import { ruleDescriptors } from "@tenant-audit/analysis";
import { createRule } from "../utils/create-rule.js";
import { registeredCheck } from "../utils/registered-check.js";
import { reportCheck } from "../utils/report-check.js";

// Pending: becomes a named import of the core's check as soon as it lands.
const check = registeredCheck("require-tenant-redis-key");

export type MessageId = string;
export type Options = [];

export default createRule<Options, MessageId>({
  name: "require-tenant-redis-key",
  meta: {
    type: "problem",
    docs: {
      description: ruleDescriptors["require-tenant-redis-key"].description,
      recommended: ruleDescriptors["require-tenant-redis-key"].recommended,
    },
    messages: check.messages,
    hasSuggestions: true,
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      Program(program) {
        reportCheck(context, check, program);
      },
    };
  },
});
