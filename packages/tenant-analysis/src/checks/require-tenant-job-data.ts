/**
 * `require-tenant-job-data` (job-queues): every job added to a Bull or BullMQ queue carries the
 * tenant in its data, so the worker can scope everything it does to that tenant.
 */
import ts from "../typescript.cjs";
import { callMember, isStringish, propertyNameText, unwrap } from "../ast.js";
import { initialValue } from "../bindings.js";
import { type CheckScope, defineCheck, type SuggestionInput } from "../check.js";
import { anyPart, type Evidence, everyPart } from "../evidence/evidence.js";
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
    missingTenantInJobData: "Job added to {{queue}} has no {{field}} in its data; the worker cannot tell whose job it runs",
    addTenantToJobData: "Add {{property}} to the job data",
  },
  run(scope) {
    for (const call of scope.facts.calls) {
      const member = callMember(call);
      if (!member || !jobMethods.has(member.method)) continue;
      const classification = classifyReceiver(member.receiver, scope.context);
      if (classification.status === "unknown" && member.method === "addBulk") {
        // `deps.queue.addBulk(jobs)`: most likely a queue, but not known to be; counted, never reported.
        // A plain `add` on an unknown receiver is not counted: Sets, p-queue and DOM lists have one too.
        scope.examined("unknown");
        continue;
      }
      if (classification.status !== "target" || classification.target.kind !== "queue") continue;
      const { target } = classification;
      if (isGlobalQueue(target, scope.context)) {
        scope.examined("scoped");
        continue;
      }
      // The receiver as written at the site (`emailQueue`, `getCampaignQueue(tenantId)`), not a variable inside a factory.
      const written = unwrap(member.receiver).getText(scope.sourceFile).replace(/\s+/gu, " ");
      const queue = written.length > 40 ? `${written.slice(0, 39)}…` : written;
      if (member.method === "add") checkAdd(call, target, queue, scope);
      else if (member.method === "addBulk") checkAddBulk(call, queue, scope);
      else checkScheduler(call, queue, scope);
    }
  },
});

/** `add`, `addBulk`, and BullMQ's `upsertJobScheduler(id, repeat, { name, data, opts })`, whose template makes every repeated job. */
const jobMethods: ReadonlySet<string> = new Set(["add", "addBulk", "upsertJobScheduler"]);

/** Options-only keys: an object made of these is Bull's `opts`, not job data. */
const jobOptionKeys = new Set([
  "delay", "attempts", "priority", "jobId", "removeOnComplete", "removeOnFail", "repeat", "backoff",
  "lifo", "timeout", "stackTraceLimit", "preventParsingData", "parent", "deduplication", "debounce",
]);

/**
 * Which argument of `add` is the job data: BullMQ `add(name, data, opts)`; Bull `add(data, opts)`
 * or `add(name, data, opts)`. An in-house queue (`receivers.queue`) may take either shape, as Bull does.
 */
function jobDataArgument(call: ts.CallExpression, target: Target, context: AnalysisContext): ts.Expression | undefined | "absent" {
  const [first, second] = call.arguments;
  if (target.library === "bullmq") return second ?? "absent";
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
  const evidence: Evidence = data === "absent" ? "no" : dataEvidence(data, call, scope.context);
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
    const shorthand = job.properties.find((property): property is ts.ShorthandPropertyAssignment => ts.isShorthandPropertyAssignment(property) && property.name.text === "data");
    if (!dataProperty) return shorthand ? dataEvidence(shorthand.name, call, scope.context) : "no";
    return dataEvidence((dataProperty as ts.PropertyAssignment).initializer, call, scope.context);
  });
  const evidence: Evidence = parts.length === 0 ? "yes" : parts.includes("no") ? "no" : parts.includes("unknown") ? "unknown" : "yes";
  record(scope, evidence);
  if (evidence === "no") scope.report(call, "missingTenantInJobData", messageData(queue, scope));
}

/** What the job data carries, from the code; when the code cannot tell, from its declared type. */
function dataEvidence(data: ts.Expression | undefined, call: ts.CallExpression, context: AnalysisContext): Evidence {
  const evidence = objectCarriesTenant(data, context, "document", call).evidence;
  return evidence === "unknown" && data && context.checker ? typeEvidence(context.checker.getTypeAtLocation(unwrap(data)), context.checker, context, 0) : evidence;
}

/**
 * `data: LeadJob` where `interface LeadJob { leadId: string }`: the declared type has no tenant
 * property, so no value of it carries one. Optional tenant properties, index signatures,
 * `any`, generics and empty object types cannot tell.
 */
function typeEvidence(type: ts.Type, checker: ts.TypeChecker, context: AnalysisContext, depth: number): Evidence {
  if (depth > 4) return "unknown";
  if (type.isUnion()) return everyPart(type.types.map((member) => typeEvidence(member, checker, context, depth + 1)));
  if (type.isIntersection()) return anyPart(type.types.map((member) => typeEvidence(member, checker, context, depth + 1)));
  if (!(type.flags & ts.TypeFlags.Object)) return "unknown";
  const fields = context.settings.tenantFields.filter((field) => !field.includes("."));
  for (const field of fields) {
    const property = checker.getPropertyOfType(type, field);
    if (property) return property.flags & ts.SymbolFlags.Optional ? "unknown" : "yes";
  }
  if (checker.getIndexInfosOfType(type).length > 0 || checker.getPropertiesOfType(type).length === 0) return "unknown";
  return "no";
}

/** `upsertJobScheduler(id, repeat, template)`: the template's `data` is every repeated job's data. */
function checkScheduler(call: ts.CallExpression, queue: string, scope: CheckScope<RequireTenantJobDataMessageId>): void {
  const argument = call.arguments[2];
  let template = argument && unwrap(argument);
  if (template && ts.isIdentifier(template)) template = initialValue(template, scope.context.checker) ?? template;
  let data: ts.Expression | undefined;
  let evidence: Evidence;
  if (!template) {
    evidence = "no";
  } else if (!ts.isObjectLiteralExpression(template) || template.properties.some((property) => ts.isSpreadAssignment(property))) {
    evidence = "unknown";
  } else {
    const property = template.properties.find((candidate) => propertyNameText(candidate.name) === "data");
    data = property && ts.isPropertyAssignment(property) ? property.initializer : property && ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    evidence = property && !data ? "unknown" : data ? dataEvidence(data, call, scope.context) : "no";
  }
  record(scope, evidence);
  if (evidence === "no") scope.report(call, "missingTenantInJobData", messageData(queue, scope), data ? suggestions(call, data, scope) : []);
}

function record(scope: CheckScope<string>, evidence: Evidence): void {
  scope.examined(evidence === "yes" ? "scoped" : evidence === "no" ? "unscoped" : "unknown");
}

function messageData(queue: string, scope: CheckScope<string>): Record<string, string> {
  // "queue emails", but not "queue queue" or "queue emailQueue": a receiver that says it is a queue stands alone.
  const described = /queue/iu.test(queue) ? queue : `queue ${queue}`;
  return { queue: described, field: scope.context.settings.tenantFields[0]! };
}

/** A queue whose name (as constructed) matches `globalKeys` is global on purpose. */
function isGlobalQueue(target: Target, context: AnalysisContext): boolean {
  const nameArgument = target.origin?.arguments?.[0];
  if (!nameArgument) return false;
  const verdict = keyCarriesTenant(nameArgument, context);
  return isGlobalKey(verdict, context);
}

function suggestions(call: ts.CallExpression, data: ts.Expression | undefined, scope: CheckScope<RequireTenantJobDataMessageId>): SuggestionInput<RequireTenantJobDataMessageId>[] {
  // An object literal gets the property; a variable (`add("x", job)`) is spread into a new object.
  if (!data || !(ts.isObjectLiteralExpression(unwrap(data)) || ts.isIdentifier(unwrap(data)))) return [];
  const value = tenantValueInScope(call, scope.context);
  if (!value) return [];
  const property = tenantProperty(value, scope.context);
  const node = unwrap(data);
  // `{ tenantId: undefined, to }`: replace the empty tenant property rather than add a second one.
  const empty = ts.isObjectLiteralExpression(node)
    ? node.properties.find((candidate) => ts.isPropertyAssignment(candidate) && scope.context.settings.tenantFields.includes(propertyNameText(candidate.name) ?? ""))
    : undefined;
  const edits = empty ? [{ start: empty.getStart(scope.sourceFile), end: empty.end, text: property }] : addTenantEdits(data, property, scope.sourceFile);
  return [{ messageId: "addTenantToJobData", data: { property }, edits }];
}
