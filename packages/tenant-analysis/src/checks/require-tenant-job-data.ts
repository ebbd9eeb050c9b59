/**
 * `require-tenant-job-data` (job-queues): every job added to a queue carries the tenant in its
 * data, so the worker can scope everything it does to that tenant. Which methods add jobs, and
 * where each takes its data, is in the queue libraries' adapters.
 */
import ts from "../typescript.cjs";
import { examineNotUnderstood } from "../coverage.js";
import { callMember, isStringish, propertyNameText, unwrap } from "../ast.js";
import { initialValue } from "../bindings.js";
import { type CheckScope, defineCheck, type SuggestionInput } from "../check.js";
import { adapters, type JobPayload } from "../adapters/index.js";
import { inHouseQueueMethods } from "../adapters/in-house-queue.js";
import { anyPart, type Evidence, everyPart } from "../evidence/evidence.js";
import { isGlobalKey, keyCarriesTenant } from "../evidence/key-evidence.js";
import { objectCarriesTenant } from "../evidence/object-evidence.js";
import { classifyReceiver, type Target } from "../receivers/classify.js";
import { addTenantEdits, tenantProperty, tenantValueInScope } from "../suggestions.js";
import type { AnalysisContext } from "../types.js";
import { arrayElements } from "../evidence/local-flow.js";

export type RequireTenantJobDataMessageId = "missingTenantInJobData" | "addTenantToJobData";

export const requireTenantJobData = defineCheck<RequireTenantJobDataMessageId>({
  ruleId: "require-tenant-job-data",
  messages: {
    missingTenantInJobData:
      "Job added to {{queue}} has no {{field}} in its data; the worker cannot tell whose job it runs",
    addTenantToJobData: "Add {{property}} to the job data",
  },
  run(scope) {
    examineNotUnderstood(scope, "job-queues");
    for (const call of scope.facts.calls) {
      const member = callMember(call);
      if (!member || !jobMethodNames.has(member.method)) continue;
      const classification = classifyReceiver(member.receiver, scope.context);
      if (classification.status === "unknown" && distinctiveJobMethods.has(member.method)) {
        // `deps.queue.addBulk(jobs)`: most likely a queue, but not known to be; counted, never reported.
        // A plain `add` or `send` on an unknown receiver is not counted: Sets, p-queue, sockets have one too.
        scope.examined("unknown", { node: call, reason: "a queue-like call on a receiver not known to be a queue" });
        continue;
      }
      if (classification.status !== "target" || classification.target.kind !== "queue") continue;
      const { target } = classification;
      // `agenda.define(name, handler)` declares a job type; only the adapter's job methods add jobs.
      const payload = (target.adapter?.jobMethods ?? inHouseQueueMethods)[member.method];
      if (!payload) continue;
      if (isGlobalQueue(target, scope.context)) {
        scope.examined("scoped");
        continue;
      }
      // The receiver as written at the site (`emailQueue`, `getCampaignQueue(tenantId)`), not a variable inside a factory.
      const written = unwrap(member.receiver).getText(scope.sourceFile).replace(/\s+/gu, " ");
      const queue = written.length > 40 ? `${written.slice(0, 39)}…` : written;
      checkJobs(call, payload, queue, scope);
    }
  },
});

const queueAdapters = [
  ...adapters.filter((adapter) => adapter.kind === "queue").map((adapter) => adapter.jobMethods ?? {}),
  inHouseQueueMethods,
];

/** Every method some queue adds jobs with: no other call is classified. */
const jobMethodNames: ReadonlySet<string> = new Set(queueAdapters.flatMap((methods) => Object.keys(methods)));

/** Methods only queues have: counted as unverified on an unknown receiver. */
const distinctiveJobMethods: ReadonlySet<string> = new Set(
  queueAdapters.flatMap((methods) =>
    Object.entries(methods)
      .filter(([, payload]) => payload.distinctive)
      .map(([name]) => name),
  ),
);

/** Options-only keys: an object made of these is Bull's `opts`, not job data. */
const jobOptionKeys = new Set([
  "delay",
  "attempts",
  "priority",
  "jobId",
  "removeOnComplete",
  "removeOnFail",
  "repeat",
  "backoff",
  "lifo",
  "timeout",
  "stackTraceLimit",
  "preventParsingData",
  "parent",
  "deduplication",
  "debounce",
]);

/** What one job, or one call's jobs, carry; `data` is the data expression a suggestion can extend. */
interface JobVerdict {
  readonly evidence: Evidence;
  readonly data?: ts.Expression;
}

function checkJobs(
  call: ts.CallExpression,
  payload: JobPayload,
  queue: string,
  scope: CheckScope<RequireTenantJobDataMessageId>,
): void {
  const verdict = callVerdict(call, payload, scope.context);
  record(scope, verdict.evidence, verdict.data ?? call);
  if (verdict.evidence !== "no") return;
  scope.report(
    call,
    "missingTenantInJobData",
    messageData(queue, scope),
    verdict.data ? suggestions(call, verdict.data, scope) : [],
  );
}

function callVerdict(call: ts.CallExpression, payload: JobPayload, context: AnalysisContext): JobVerdict {
  const args = call.arguments;
  if (args.some((argument) => ts.isSpreadElement(argument))) return { evidence: "unknown" };
  const first = args[0];
  // pg-boss `send({ name, data })`: an object where the name would be.
  if (payload.orRequest && first && isObjectValue(first, context)) return callVerdict(call, payload.orRequest, context);
  if (payload.name !== undefined && typeof payload.name === "number" && isGlobalName(args[payload.name], context))
    return { evidence: "yes" };
  const argument = payload.nameOptional ? optionalNameData(call, context) : args[payload.argument];
  if (payload.property === undefined) {
    // The argument is the data itself: absent data has no tenant.
    return argument ? { evidence: dataEvidence(argument, call, context), data: argument } : { evidence: "no" };
  }
  if (!payload.list) return argument ? jobVerdict(argument, payload, call, context, 0) : { evidence: "no" };
  if (!argument) return { evidence: "no" };
  let list = unwrap(argument);
  if (ts.isIdentifier(list)) list = initialValue(list, context.checker) ?? list;
  const elements = arrayElements(list);
  if (!elements) {
    // `inngest.send(event)`: one job object where a list may be.
    return payload.list === "either" && ts.isObjectLiteralExpression(list)
      ? jobVerdict(list, payload, call, context, 0)
      : { evidence: "unknown" };
  }
  const verdicts = elements.map((element) => jobVerdict(element, payload, call, context, 0));
  return verdicts.length === 1 ? verdicts[0]! : { evidence: combine(verdicts.map((verdict) => verdict.evidence)) };
}

/** A job object `{ name, data, children }`: its data, and every child's, carry the tenant. */
function jobVerdict(
  expression: ts.Expression,
  payload: JobPayload,
  call: ts.CallExpression,
  context: AnalysisContext,
  depth: number,
): JobVerdict {
  let job = unwrap(expression);
  if (ts.isIdentifier(job)) job = initialValue(job, context.checker) ?? job;
  if (
    depth > 8 ||
    !ts.isObjectLiteralExpression(job) ||
    job.properties.some((property) => ts.isSpreadAssignment(property))
  )
    return { evidence: "unknown" };
  if (typeof payload.name === "string" && isGlobalName(propertyValue(job, payload.name), context))
    return { evidence: "yes" };
  const property = job.properties.find((candidate) => propertyNameText(candidate.name) === payload.property);
  const data =
    property && ts.isPropertyAssignment(property)
      ? property.initializer
      : property && ts.isShorthandPropertyAssignment(property)
        ? property.name
        : undefined;
  // A `data()` method or getter: not a value we read.
  const own: JobVerdict =
    property && !data
      ? { evidence: "unknown" }
      : data
        ? { evidence: dataEvidence(data, call, context), data }
        : { evidence: "no" };
  const childList = payload.children === undefined ? undefined : propertyValue(job, payload.children);
  if (!childList) return own;
  let children = unwrap(childList);
  if (ts.isIdentifier(children)) children = initialValue(children, context.checker) ?? children;
  const elements = arrayElements(children);
  const childVerdicts = elements
    ? elements.map((child) => jobVerdict(child, payload, call, context, depth + 1).evidence)
    : ["unknown" as const];
  const evidence = combine([own.evidence, ...childVerdicts]);
  // A suggestion can only mend the root's data, so it is offered only when the root is what lacks the tenant.
  return own.evidence === "no" ? { evidence, data: own.data } : { evidence };
}

/** Any job without the tenant decides; then any undecidable one. */
function combine(parts: readonly Evidence[]): Evidence {
  return parts.includes("no") ? "no" : parts.includes("unknown") ? "unknown" : "yes";
}

function propertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const property = object.properties.find((candidate) => propertyNameText(candidate.name) === name);
  return property && ts.isPropertyAssignment(property)
    ? property.initializer
    : property && ts.isShorthandPropertyAssignment(property)
      ? property.name
      : undefined;
}

/** A job, event or task name matching `globalKeys` (every name, for `every(interval, [a, b])`). */
function isGlobalName(name: ts.Expression | undefined, context: AnalysisContext): boolean {
  if (!name) return false;
  const node = unwrap(name);
  if (ts.isArrayLiteralExpression(node))
    return node.elements.length > 0 && node.elements.every((element) => isGlobalName(element, context));
  return isGlobalKey(keyCarriesTenant(node, context), context);
}

function isObjectValue(expression: ts.Expression, context: AnalysisContext): boolean {
  let node = unwrap(expression);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  return ts.isObjectLiteralExpression(node);
}

/**
 * Bull's `add(data, opts)` or `add(name, data, opts)`; an in-house queue (`receivers.queue`)
 * may take either shape, as Bull does.
 */
function optionalNameData(call: ts.CallExpression, context: AnalysisContext): ts.Expression | undefined {
  const [first, second] = call.arguments;
  if (!first) return undefined;
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
  return (
    node.properties.length > 0 &&
    node.properties.every((property) => jobOptionKeys.has(propertyNameText(property.name) ?? ""))
  );
}

/** What the job data carries, from the code; when the code cannot tell, from its declared type. */
function dataEvidence(data: ts.Expression | undefined, call: ts.CallExpression, context: AnalysisContext): Evidence {
  const evidence = objectCarriesTenant(data, context, "document", call).evidence;
  return evidence === "unknown" && data && context.checker
    ? typeEvidence(context.checker.getTypeAtLocation(unwrap(data)), context.checker, context, 0)
    : evidence;
}

/**
 * `data: LeadJob` where `interface LeadJob { leadId: string }`: the declared type has no tenant
 * property, so no value of it carries one. Optional tenant properties, index signatures,
 * `any`, generics and empty object types cannot tell.
 */
function typeEvidence(type: ts.Type, checker: ts.TypeChecker, context: AnalysisContext, depth: number): Evidence {
  if (depth > 4) return "unknown";
  if (type.isUnion()) return everyPart(type.types.map((member) => typeEvidence(member, checker, context, depth + 1)));
  if (type.isIntersection())
    return anyPart(type.types.map((member) => typeEvidence(member, checker, context, depth + 1)));
  if (!(type.flags & ts.TypeFlags.Object)) return "unknown";
  const fields = context.settings.tenantFields.filter((field) => !field.includes("."));
  for (const field of fields) {
    const property = checker.getPropertyOfType(type, field);
    if (property) return property.flags & ts.SymbolFlags.Optional ? "unknown" : "yes";
  }
  if (checker.getIndexInfosOfType(type).length > 0 || checker.getPropertiesOfType(type).length === 0) return "unknown";
  return "no";
}

function record(scope: CheckScope<string>, evidence: Evidence, node: ts.Node): void {
  if (evidence === "unknown") {
    scope.examined("unknown", {
      node,
      reason: "its job data is built where it cannot be seen whether it carries the tenant",
    });
  } else scope.examined(evidence === "yes" ? "scoped" : "unscoped");
}

function messageData(queue: string, scope: CheckScope<string>): Record<string, string> {
  // "queue emails", but not "queue queue" or "queue emailQueue": a receiver that says it is a queue stands alone.
  const described = /queue/iu.test(queue) ? queue : `queue ${queue}`;
  return { queue: described, field: scope.context.settings.tenantFields[0]! };
}

/**
 * A queue whose name (as constructed: `new Queue("x")`, `task({ id: "x" })`) matches
 * `globalKeys` is global on purpose. In-house queues are named by their first argument.
 */
function isGlobalQueue(target: Target, context: AnalysisContext): boolean {
  const where = target.adapter ? target.adapter.originName : 0;
  if (where === undefined || !target.origin) return false;
  const args = target.origin.arguments ?? [];
  let nameArgument: ts.Expression | undefined;
  if (typeof where === "number") {
    nameArgument = args[where];
  } else {
    let options = args[0] && unwrap(args[0]);
    if (options && ts.isIdentifier(options)) options = initialValue(options, context.checker) ?? options;
    nameArgument = options && ts.isObjectLiteralExpression(options) ? propertyValue(options, where) : undefined;
  }
  return isGlobalName(nameArgument, context);
}

function suggestions(
  call: ts.CallExpression,
  data: ts.Expression | undefined,
  scope: CheckScope<RequireTenantJobDataMessageId>,
): SuggestionInput<RequireTenantJobDataMessageId>[] {
  // An object literal gets the property; a variable (`add("x", job)`) is spread into a new object.
  if (!data || !(ts.isObjectLiteralExpression(unwrap(data)) || ts.isIdentifier(unwrap(data)))) return [];
  const value = tenantValueInScope(call, scope.context);
  if (!value) return [];
  const property = tenantProperty(value, scope.context);
  const node = unwrap(data);
  // `{ tenantId: undefined, to }`: replace the empty tenant property rather than add a second one.
  const empty = ts.isObjectLiteralExpression(node)
    ? node.properties.find(
        (candidate) =>
          ts.isPropertyAssignment(candidate) &&
          scope.context.settings.tenantFields.includes(propertyNameText(candidate.name) ?? ""),
      )
    : undefined;
  const edits = empty
    ? [{ start: empty.getStart(scope.sourceFile), end: empty.end, text: property }]
    : addTenantEdits(data, property, scope.sourceFile);
  return [{ messageId: "addTenantToJobData", data: { property }, edits }];
}
