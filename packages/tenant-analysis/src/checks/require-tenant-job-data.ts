/**
 * `require-tenant-job-data` (job-queues): every job added to a Bull or BullMQ queue carries the
 * tenant in its data, so the worker can scope everything it does to that tenant.
 */
import ts from "typescript";
import { callMember, isStringish, propertyNameText, unwrap } from "../ast.js";
import { initialValue } from "../bindings.js";
import { type CheckScope, defineCheck, type SuggestionInput } from "../check.js";
import type { Evidence } from "../evidence/evidence.js";
import { isGlobalKey, keyCarriesTenant } from "../evidence/key-evidence.js";
import { objectCarriesTenant } from "../evidence/object-evidence.js";
import { classifyReceiver, type Target } from "../receivers/classify.js";
import { addTenantEdits, tenantProperty, tenantValueInScope } from "../suggestions.js";
import type { AnalysisContext } from "../types.js";
import { arrayElements } from "./require-tenant-filter.js";

export type RequireTenantJobDataMessageId = "missingTenantInJobData" | "addTenantToJobData";

export const requireTenantJobData = defineCheck<RequireTenantJobDataMessageId>({
  ruleId: "require-tenant-job-data",
  messages: {
    missingTenantInJobData: "Job added to queue {{queue}} has no {{field}} in its data; the worker cannot tell whose job it runs",
    addTenantToJobData: "Add {{property}} to the job data",
  },
  run(scope) {
    for (const call of scope.facts.calls) {
      const member = callMember(call);
      if (!member || (member.method !== "add" && member.method !== "addBulk")) continue;
      const classification = classifyReceiver(member.receiver, scope.context);
      if (classification.status !== "target" || classification.target.kind !== "queue") continue;
      const { target } = classification;
      if (isGlobalQueue(target, scope.context)) {
        scope.examined("scoped");
        continue;
      }
      const queue = target.names[0] ?? unwrap(member.receiver).getText(scope.sourceFile);
      if (member.method === "add") checkAdd(call, target, queue, scope);
      else checkAddBulk(call, queue, scope);
    }
  },
});

/** Options-only keys: an object made of these is Bull's `opts`, not job data. */
const jobOptionKeys = new Set([
  "delay", "attempts", "priority", "jobId", "removeOnComplete", "removeOnFail", "repeat", "backoff",
  "lifo", "timeout", "stackTraceLimit", "preventParsingData", "parent", "deduplication", "debounce",
]);

/** Which argument of `add` is the job data: BullMQ `add(name, data, opts)`; Bull `add(data, opts)` or `add(name, data, opts)`. */
function jobDataArgument(call: ts.CallExpression, target: Target, context: AnalysisContext): ts.Expression | undefined | "absent" {
  const [first, second] = call.arguments;
  if (target.library !== "bull") return second ?? "absent";
  if (!first) return "absent";
  if (!second) return first;
  if (isStringish(first) || isStringValue(first, context)) return second;
  return looksLikeOptions(second, context) ? first : second;
}

function isStringValue(expression: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(expression);
  if (ts.isIdentifier(node)) {
    const value = initialValue(node, context.checker);
    if (value && isStringish(value)) return true;
  }
  if (context.checker) {
    const type = context.checker.getTypeAtLocation(node);
    return (type.flags & ts.TypeFlags.StringLike) !== 0;
  }
  return false;
}

function looksLikeOptions(expression: ts.Expression, context: AnalysisContext): boolean {
  let node = unwrap(expression);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  if (!ts.isObjectLiteralExpression(node)) return false;
  return node.properties.length > 0 && node.properties.every((property) => jobOptionKeys.has(propertyNameText(property.name) ?? ""));
}

function checkAdd(call: ts.CallExpression, target: Target, queue: string, scope: CheckScope<RequireTenantJobDataMessageId>): void {
  const data = jobDataArgument(call, target, scope.context);
  const evidence: Evidence = data === "absent" ? "no" : objectCarriesTenant(data, scope.context, "document", call).evidence;
  record(scope, evidence);
  if (evidence !== "no") return;
  scope.report(call, "missingTenantInJobData", messageData(queue, scope), data === "absent" ? [] : suggestions(call, data, scope));
}

/** `addBulk([{ name, data }, …])` or `addBulk(items.map((item) => ({ name, data: { … } })))`. */
function checkAddBulk(call: ts.CallExpression, queue: string, scope: CheckScope<RequireTenantJobDataMessageId>): void {
  const list = call.arguments[0];
  let node = list && unwrap(list);
  if (node && ts.isIdentifier(node)) node = initialValue(node, scope.context.checker) ?? node;
  const elements = node ? arrayElements(node) : undefined;
  if (!elements) {
    record(scope, "unknown");
    return;
  }
  const parts = elements.map((element): Evidence => {
    const job = unwrap(element);
    if (!ts.isObjectLiteralExpression(job)) return "unknown";
    if (job.properties.some((property) => ts.isSpreadAssignment(property))) return "unknown";
    const dataProperty = job.properties.find((property) => ts.isPropertyAssignment(property) && propertyNameText(property.name) === "data");
    if (!dataProperty) return job.properties.some((property) => ts.isShorthandPropertyAssignment(property) && property.name.text === "data") ? objectCarriesTenant((job.properties.find((p) => ts.isShorthandPropertyAssignment(p) && p.name.text === "data") as ts.ShorthandPropertyAssignment).name, scope.context, "document", call).evidence : "no";
    return objectCarriesTenant((dataProperty as ts.PropertyAssignment).initializer, scope.context, "document", call).evidence;
  });
  const evidence: Evidence = parts.length === 0 ? "yes" : parts.includes("no") ? "no" : parts.includes("unknown") ? "unknown" : "yes";
  record(scope, evidence);
  if (evidence === "no") scope.report(call, "missingTenantInJobData", messageData(queue, scope));
}

function record(scope: CheckScope<string>, evidence: Evidence): void {
  scope.examined(evidence === "yes" ? "scoped" : evidence === "no" ? "unscoped" : "unknown");
}

function messageData(queue: string, scope: CheckScope<string>): Record<string, string> {
  return { queue, field: scope.context.settings.tenantFields[0]! };
}

/** A queue whose name (as constructed) matches `globalKeys` is global on purpose. */
function isGlobalQueue(target: Target, context: AnalysisContext): boolean {
  const nameArgument = target.origin?.arguments?.[0];
  if (!nameArgument) return false;
  const verdict = keyCarriesTenant(nameArgument, context);
  return isGlobalKey(verdict, context);
}

function suggestions(call: ts.CallExpression, data: ts.Expression | undefined, scope: CheckScope<RequireTenantJobDataMessageId>): SuggestionInput<RequireTenantJobDataMessageId>[] {
  if (!data || !ts.isObjectLiteralExpression(unwrap(data))) return [];
  const value = tenantValueInScope(call, scope.context);
  if (!value) return [];
  const property = tenantProperty(value, scope.context);
  return [{ messageId: "addTenantToJobData", data: { property }, edits: addTenantEdits(data, property, scope.sourceFile) }];
}
