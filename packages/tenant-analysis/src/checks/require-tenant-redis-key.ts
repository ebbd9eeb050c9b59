/**
 * `require-tenant-redis-key` (redis-keys): every key a Redis command touches has a tenant
 * segment, so one tenant's cache, session or counter can never be read by another.
 */
import ts from "typescript";
import { redisKeyPositions, type KeyPositions } from "../adapters/redis-commands.js";
import { callMember, unwrap } from "../ast.js";
import { type CheckScope, defineCheck, type SuggestionInput } from "../check.js";
import { isGlobalKey, keyCarriesTenant } from "../evidence/key-evidence.js";
import { classifyReceiver } from "../receivers/classify.js";
import { tenantValueInScope } from "../suggestions.js";

export type RequireTenantRedisKeyMessageId = "missingTenantSegment" | "prefixKeyWithTenant";

export const requireTenantRedisKey = defineCheck<RequireTenantRedisKeyMessageId>({
  ruleId: "require-tenant-redis-key",
  messages: {
    missingTenantSegment: "Redis {{command}} uses key {{key}} with no {{field}} segment; every tenant shares it",
    prefixKeyWithTenant: "Prefix the key with the tenant: {{replacement}}",
  },
  run(scope) {
    for (const call of scope.facts.calls) {
      const member = callMember(call);
      if (!member) continue;
      const positions = redisKeyPositions.get(member.method.toLowerCase());
      if (!positions) continue;
      const classification = classifyReceiver(member.receiver, scope.context);
      if (classification.status !== "target" || classification.target.kind !== "redis") continue;
      checkCommand(call, member.method, positions, scope);
    }
  },
});

function keyArguments(call: ts.CallExpression, positions: KeyPositions): ts.Expression[] {
  const args = [...call.arguments];
  switch (positions) {
    case "first":
      return args.slice(0, 1);
    case "two":
      return args.slice(0, 2);
    case "all":
      return args.filter((arg) => !ts.isSpreadElement(arg));
    case "pairs":
      return args.length === 1 ? [] : args.filter((_, index) => index % 2 === 0);
    case "command":
      return args.slice(1, 2);
    default:
      return [];
  }
}

function checkCommand(call: ts.CallExpression, method: string, positions: KeyPositions, scope: CheckScope<RequireTenantRedisKeyMessageId>): void {
  const keys = keyArguments(call, positions);
  if (keys.length === 0) {
    scope.examined("unknown");
    return;
  }
  let reportedKey: ts.Expression | undefined;
  let undecided = false;
  for (const key of keys) {
    const verdict = keyCarriesTenant(key, scope.context);
    if (verdict.evidence === "yes" || isGlobalKey(verdict, scope.context)) continue;
    if (verdict.evidence === "unknown") undecided = true;
    else reportedKey ??= key;
  }
  scope.examined(reportedKey ? "unscoped" : undecided ? "unknown" : "scoped");
  if (!reportedKey) return;
  const keyText = reportedKey.getText(scope.sourceFile);
  scope.report(
    call,
    "missingTenantSegment",
    { command: method, key: keyText.length > 60 ? `${keyText.slice(0, 57)}…` : keyText, field: scope.context.settings.tenantFields[0]! },
    prefixSuggestions(reportedKey, scope),
  );
}

/** `"stats"` → `` `${tenantId}:stats` ``; `` `session:${id}` `` → `` `${tenantId}:session:${id}` ``. */
function prefixSuggestions(key: ts.Expression, scope: CheckScope<RequireTenantRedisKeyMessageId>): SuggestionInput<RequireTenantRedisKeyMessageId>[] {
  const value = tenantValueInScope(key, scope.context);
  if (!value) return [];
  const node = unwrap(key);
  let replacement: string;
  if (ts.isStringLiteralLike(node)) {
    replacement = `\`\${${value}}:${node.text.replaceAll("`", "\\`").replaceAll("${", "\\${")}\``;
  } else if (ts.isTemplateExpression(node)) {
    const text = node.getText(scope.sourceFile);
    replacement = `\`\${${value}}:${text.slice(1)}`;
  } else {
    replacement = `\`\${${value}}:\${${node.getText(scope.sourceFile)}}\``;
  }
  return [{ messageId: "prefixKeyWithTenant", data: { replacement }, edits: [{ start: key.getStart(scope.sourceFile), end: key.end, text: replacement }] }];
}
