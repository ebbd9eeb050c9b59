/**
 * Proves the shared RuleTesters are set up as the rule tests assume: the typed one sees
 * types declared in another file of fixture-project, the untyped one has no program.
 */
import { ESLintUtils } from "@typescript-eslint/utils";
import { ruleTester, typedRuleTester } from "./rule-tester.js";

// A probe rule, not a tenant rule: it reports the name of each call receiver's type.
const receiverType = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: "problem", messages: { type: "{{name}}" }, schema: [] },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context, true);
    return {
      "CallExpression > MemberExpression.callee"(node: import("@typescript-eslint/utils").TSESTree.MemberExpression) {
        const name = services.program
          ? (services.getTypeAtLocation(node.object).getSymbol()?.getName() ?? "anonymous")
          : "untyped";
        context.report({ node: node.object, messageId: "type", data: { name } });
      },
    };
  },
});

typedRuleTester.run("typed receivers from another file", receiverType, {
  valid: [],
  invalid: [
    {
      code: 'import { Campaign } from "./models.js";\nexport const found = Campaign.find({});',
      errors: [{ messageId: "type", data: { name: "Model" }, line: 2, column: 22 }],
    },
    {
      code: 'import { campaignQueue } from "./queues.js";\nvoid campaignQueue.add("send", {});',
      errors: [{ messageId: "type", data: { name: "Queue" }, line: 2, column: 6 }],
    },
  ],
});

ruleTester.run("untyped receivers", receiverType, {
  valid: [],
  invalid: [
    {
      code: 'import { Campaign } from "./models.js";\nexport const found = Campaign.find({});',
      errors: [{ messageId: "type", data: { name: "untyped" }, line: 2, column: 22 }],
    },
  ],
});
