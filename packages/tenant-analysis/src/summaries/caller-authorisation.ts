/**
 * Summary: "every caller authorises argument k". A data helper that looks a row up by an id it
 * is handed (`deleteRecipient(recipientId)`, `updateTitle({ documentId, title })`) is safe when
 * every call of it passes an id the caller has authorised:
 * - a tenant value;
 * - a value the caller handed, with the verified identity, to a check that refuses otherwise
 *   (`authorisation.ts`);
 * - a field of a row the caller loaded through a scoped read, a read checked after its load, or a
 *   helper that returns such a row (`key-lookup.ts`, `returnsAuthorisedRow`);
 * - the caller's own parameter j, when every caller of the caller authorises j in turn (bounded
 *   depth; a cycle is unknown).
 * Which callers are seen depends on the host: the CLI has the whole program's call graph
 * (`ProjectFacts.callers`); ESLint sees one file, so only a function that is not exported has
 * all its callers in sight. A function with no caller in sight, and an entry point (a route
 * handler, a job processor), are judged alone, as before.
 */
import ts from "../typescript.cjs";
import {
  calleeName,
  contains,
  enclosingFunction,
  functionName,
  memberPath,
  propertyNameText,
  stripConversions,
  unwrap,
} from "../ast.js";
import { authorisationAt } from "../authorisation.js";
import { initialValue, resolveBinding } from "../bindings.js";
import { filterScope } from "../data-layer/filter-scope.js";
import { keyLookupAuthorised } from "../data-layer/key-lookup.js";
import type { Predicate } from "../data-layer/predicate.js";
import type { QuerySite } from "../data-layer/query-site.js";
import { isIdentifyingField } from "../data-layer/row-provenance.js";
import { querySites } from "../data-layer/query-sites.js";
import { functionKey, isEntryFunction, isExported } from "../entry-points.js";
import type { Evidence } from "../evidence/evidence.js";
import { isTenantValue } from "../evidence/tenant-value.js";
import { getFileFacts, identifiersNamed } from "../file-facts.js";
import type { AnalysisContext } from "../types.js";
import { summarise } from "./cache.js";
import { calledFunction } from "./callee.js";

/** Where an argument sits: parameter `index`, or its `property` when the parameter is an options object. */
export interface ParameterSlot {
  readonly fn: ts.FunctionLikeDeclaration;
  readonly index: number;
  readonly property?: string;
}

export type CallersVerdict =
  | { readonly kind: "authorised" }
  /** One call passes a value it has not authorised. */
  | { readonly kind: "unauthorised"; readonly call: ts.CallExpression }
  | { readonly kind: "unknown" }
  /** No caller in sight (exported and called from nowhere the host sees, or an entry point). */
  | { readonly kind: "unseen" };

/** Why a value is the tenant's, for the report. */
export type ValueVerdict =
  { readonly evidence: "yes"; readonly why: string } | { readonly evidence: "no" | "unknown"; readonly why?: string };

const maxValueDepth = 6;

/**
 * The parameter slot an expression of a function is: `id` (a parameter), `documentId` of
 * `({ documentId })`, `options.documentId`, or a `const` holding one of these.
 */
export function parameterSlotOf(
  expression: ts.Expression,
  context: AnalysisContext,
  depth = 0,
): ParameterSlot | undefined {
  if (depth > maxValueDepth) return undefined;
  const node = stripConversions(unwrap(expression));
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(unwrap(node.expression))) {
    const base = parameterSlotOf(node.expression, context, depth + 1);
    return base && base.property === undefined ? { ...base, property: node.name.text } : undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const binding = resolveBinding(node, context.checker);
  if (binding?.kind === "parameter") {
    const parameter = binding.declaration;
    const fn = parameter.parent;
    if (!ts.isFunctionLike(fn) || !("body" in fn)) return undefined;
    const index = (fn as ts.FunctionLikeDeclaration).parameters.indexOf(parameter);
    if (parameter.name === binding.name) return { fn: fn as ts.FunctionLikeDeclaration, index };
    const element = binding.name.parent;
    if (ts.isBindingElement(element) && element.parent === parameter.name && !element.dotDotDotToken) {
      const property = element.propertyName ? propertyNameText(element.propertyName) : binding.name.text;
      return property === undefined ? undefined : { fn: fn as ts.FunctionLikeDeclaration, index, property };
    }
    return undefined;
  }
  if (binding?.kind !== "variable" || !binding.constant) return undefined;
  const { declaration } = binding;
  // `const { documentId } = options`: the property of what it destructures.
  const element = binding.name.parent;
  if (
    ts.isBindingElement(element) &&
    ts.isObjectBindingPattern(element.parent) &&
    element.parent === declaration.name &&
    !element.dotDotDotToken &&
    declaration.initializer
  ) {
    const property = element.propertyName ? propertyNameText(element.propertyName) : binding.name.text;
    const base = parameterSlotOf(declaration.initializer, context, depth + 1);
    return base && base.property === undefined && property !== undefined ? { ...base, property } : undefined;
  }
  const value = initialValue(node, context.checker);
  return value && value !== node ? parameterSlotOf(value, context, depth + 1) : undefined;
}

/** Whether every caller of `slot.fn` passes an authorised value in that slot. */
export function callersAuthorise(slot: ParameterSlot, context: AnalysisContext, depth = 0): CallersVerdict {
  const kind = `callers-authorise:${slot.index}.${slot.property ?? ""}`;
  return summarise(kind, slot.fn, context, depth, { kind: "unknown" } as CallersVerdict, () =>
    computeCallers(slot, context, depth),
  );
}

function computeCallers(slot: ParameterSlot, context: AnalysisContext, depth: number): CallersVerdict {
  const { fn } = slot;
  if (isEntryFunction(fn, context)) return { kind: "unseen" };
  const calls = visibleCallers(fn, context);
  if (calls.length === 0) return { kind: "unseen" };
  let unknown = false;
  for (const call of calls) {
    const argument = call.arguments[slot.index];
    const verdict = argument
      ? valueVerdict(argument, slot.property, callerContext(call, fn, context), depth, true, call)
      : { evidence: "no" as const };
    if (verdict.evidence === "no") return { kind: "unauthorised", call };
    if (verdict.evidence === "unknown") unknown = true;
  }
  return unknown ? { kind: "unknown" } : { kind: "authorised" };
}

/**
 * The calls of `fn` the host sees, or none when some may be out of sight. The CLI: the whole
 * program's call graph. ESLint: the calls in the file of a function that is not exported and is
 * not handed on as a value (a callback may be called from anywhere).
 */
function visibleCallers(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): readonly ts.CallExpression[] {
  const name = functionName(fn);
  // A method is called through instances the syntax does not follow; an object's property likewise.
  if (
    name === undefined ||
    ts.isClassLike(fn.parent) ||
    ts.isPropertyAssignment(fn.parent) ||
    ts.isMethodDeclaration(fn)
  )
    return [];
  const sourceFile = fn.getSourceFile();
  const referencedAsValue = (file: ts.SourceFile): boolean =>
    identifiersNamed(file, name).some((identifier) => {
      const parent = identifier.parent;
      if (ts.isCallExpression(parent) && parent.expression === identifier) return false;
      if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent)) return false;
      if (ts.isVariableDeclaration(parent) && parent.name === identifier) return false;
      if (ts.isFunctionDeclaration(parent) && parent.name === identifier) return false;
      if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
      if (ts.isPropertyAssignment(parent) && parent.name === identifier) return false;
      return true;
    });
  const facts = context.projectFacts;
  if (facts?.callers) {
    const key = functionKey(fn);
    const calls = (key !== undefined && facts.callers.get(key)) || [];
    // Handed on as a value in its own file or a caller's: some calls are out of sight.
    const files = new Set([sourceFile, ...calls.map((call) => call.getSourceFile())]);
    return [...files].some(referencedAsValue) ? [] : calls;
  }
  if (isExported(fn) || referencedAsValue(sourceFile)) return [];
  return getFileFacts(sourceFile).calls.filter(
    (call) =>
      calleeName(call) === name && ts.isIdentifier(unwrap(call.expression)) && calledFunction(call, context) === fn,
  );
}

const callerContexts = new WeakMap<object, WeakMap<object, AnalysisContext>>();

/**
 * A caller in another file is read with the checker of its own program (the CLI knows each
 * file's), or, when none is known, from its syntax with the call graph's resolution of imports
 * (`ProjectFacts.callTargets`).
 */
function callerContext(
  call: ts.CallExpression,
  fn: ts.FunctionLikeDeclaration,
  context: AnalysisContext,
): AnalysisContext {
  const facts = context.projectFacts;
  if (call.getSourceFile() === fn.getSourceFile() || !context.checker || !facts) return context;
  const checker = facts.checkers?.get(call.getSourceFile());
  if (checker === context.checker) return context;
  let byChecker = callerContexts.get(facts);
  if (!byChecker) callerContexts.set(facts, (byChecker = new WeakMap()));
  const key: object = checker ?? facts;
  let made = byChecker.get(key);
  if (!made) {
    made = {
      settings: context.settings,
      // Without a checker, a copy of the facts: per-file work memoised by them must not mix with the typed reading.
      ...(checker ? { checker, projectFacts: facts } : { projectFacts: { ...facts } }),
      ...(context.dataSchema ? { dataSchema: context.dataSchema } : {}),
    };
    byChecker.set(key, made);
  }
  return made;
}

/**
 * Whether `expression` (or its `field`, for an options object) is a value the code before it has
 * authorised: see the module comment.
 */
export function valueVerdict(
  expression: ts.Expression,
  field: string | undefined,
  context: AnalysisContext,
  depth = 0,
  // A filter's own pins: a tenant value compared with another field (`{ id: teamId }`) scopes nothing.
  tenantCounts = true,
  // The call of the helper being judged: that it checks its own argument says nothing about a
  // lookup inside it that may come before the check.
  helperCall?: ts.CallExpression,
): ValueVerdict {
  if (depth > maxValueDepth) return { evidence: "unknown" };
  const node = stripConversions(unwrap(expression));
  if (field !== undefined) {
    if (ts.isObjectLiteralExpression(node)) {
      let spread = false;
      for (const property of node.properties) {
        if (ts.isSpreadAssignment(property)) spread = true;
        else if (ts.isShorthandPropertyAssignment(property) && property.name.text === field)
          return valueVerdict(property.name, undefined, context, depth, true, helperCall);
        else if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === field)
          return valueVerdict(property.initializer, undefined, context, depth, true, helperCall);
      }
      return { evidence: spread ? "unknown" : "no" };
    }
  } else if (tenantCounts && isTenantValue(node, context)) return { evidence: "yes", why: "a tenant value" };
  let unknown = false;
  if (field === undefined && (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node))) {
    const path = memberPath(node);
    const binding = headBinding(node, context);
    // The same variable (or member of it), never a property name that happens to read the same (`{ id: … }`, `x.id`).
    const denotes = (candidate: ts.Expression): boolean =>
      path !== undefined &&
      !isPropertyName(candidate) &&
      (helperCall === undefined || !contains(helperCall, candidate)) &&
      memberPath(candidate) === path &&
      headBinding(candidate, context) === binding;
    const isVerified = (candidate: ts.Expression): boolean => isTenantValue(candidate, context);
    const authorised = authorisationAt(node, denotes, isVerified, context);
    if (authorised === "authorised") return { evidence: "yes", why: "authorised before the call" };
    if (authorised === "unknown") unknown = true;
    // `const organizationId = await getOrganizationIdFromSurveyId(surveyId); await checkAccess({ userId, organizationId })`:
    // what the id belongs to, looked up from it and then authorised, vouches for the id.
    for (const owner of ownersLookedUpFrom(node, denotes)) {
      const ownerBinding = owner;
      const denotesOwner = (candidate: ts.Expression): boolean => {
        const inner = unwrap(candidate);
        return (
          ts.isIdentifier(inner) &&
          !isPropertyName(inner) &&
          inner.text === ownerBinding.text &&
          headBinding(inner, context) === ownerBinding &&
          (helperCall === undefined || !contains(helperCall, inner))
        );
      };
      const byOwner = authorisationAt(node, denotesOwner, isVerified, context);
      if (byOwner === "authorised") return { evidence: "yes", why: "its owner was authorised before the call" };
      if (byOwner === "unknown") unknown = true;
    }
  }
  // `doc.id`, `team.webhookId`: a field of a row loaded scoped; `doc` handed whole for `({ id })`.
  // Never through an optional chain: `doc?.id` is `undefined` for a missing row, which drops the condition.
  const row =
    ts.isPropertyAccessExpression(node) &&
    node.questionDotToken === undefined &&
    ts.isIdentifier(unwrap(node.expression))
      ? (unwrap(node.expression) as ts.Identifier)
      : field !== undefined && ts.isIdentifier(node)
        ? node
        : undefined;
  if (row) {
    const loaded = rowVerdict(row, context, depth + 1);
    if (loaded === "yes") return { evidence: "yes", why: "a field of a row loaded for the tenant" };
    if (loaded === "unknown") unknown = true;
  }
  // The caller's own parameter: authorised when every caller of the caller authorises it.
  const slot = parameterSlotOf(node, context);
  if (slot) {
    const inner = field === undefined ? slot : slot.property === undefined ? { ...slot, property: field } : undefined;
    if (inner) {
      const callers = callersAuthorise(inner, context, depth + 1);
      if (callers.kind === "authorised") return { evidence: "yes", why: "authorised by every caller" };
      if (callers.kind === "unknown") unknown = true;
      return { evidence: unknown ? "unknown" : "no" };
    }
  }
  if (ts.isIdentifier(node)) {
    const value = initialValue(node, context.checker);
    if (value && value !== node) {
      const verdict = valueVerdict(value, field, context, depth, tenantCounts, helperCall);
      if (verdict.evidence !== "no") return verdict;
    }
  }
  return { evidence: unknown ? "unknown" : "no" };
}

/**
 * Variables declared before `use` in its function whose value is looked up from it: `const orgId =
 * await getOrganizationIdFromSurveyId(surveyId)` (a call given the value).
 */
function ownersLookedUpFrom(use: ts.Node, denotes: (expression: ts.Expression) => boolean): ts.Identifier[] {
  const fn = enclosingFunction(use);
  const owners: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (node.pos >= use.pos || (node !== fn && ts.isFunctionLike(node))) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const call = loadCall(node.initializer);
      if (call && call.arguments.some((argument) => denotes(argument))) owners.push(node.name);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return owners;
}

function headBinding(expression: ts.Expression, context: AnalysisContext): ts.Node | undefined {
  let inner = unwrap(expression);
  while (ts.isPropertyAccessExpression(inner)) inner = unwrap(inner.expression);
  if (!ts.isIdentifier(inner)) return undefined;
  const binding = resolveBinding(inner, context.checker);
  return binding && "name" in binding ? binding.name : binding?.declaration;
}

function isPropertyName(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    parent !== undefined &&
    ((ts.isPropertyAssignment(parent) && parent.name === node) ||
      (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
      (ts.isBindingElement(parent) && parent.propertyName === node))
  );
}

const iterationMethods = new Set(["map", "forEach", "flatMap", "filter", "find", "some", "every"]);

/**
 * `const doc = await <read>`: whether the row `doc` holds is the tenant's. An element of such a
 * row's list, or of a list of such rows, is too: `for (const r of doc.recipients)`,
 * `rows.map((row) => …)`.
 */
function rowVerdict(row: ts.Identifier, context: AnalysisContext, depth: number): Evidence {
  const binding = resolveBinding(row, context.checker);
  const list = iteratedList(binding);
  if (list) {
    const inner = unwrap(list);
    const head = ts.isPropertyAccessExpression(inner) ? unwrap(inner.expression) : inner;
    return ts.isIdentifier(head) && head !== row ? rowVerdict(head, context, depth + 1) : "no";
  }
  if (binding?.kind !== "variable" || !ts.isIdentifier(binding.declaration.name)) return "no";
  const initializer = binding.declaration.initializer;
  if (!initializer) return "no";
  const call = loadCall(initializer);
  return call ? loadVerdict(call, context, depth) : "no";
}

/** The list a loop variable or an iteration callback's first parameter walks over. */
function iteratedList(binding: ReturnType<typeof resolveBinding>): ts.Expression | undefined {
  if (binding?.kind === "variable") {
    const list = binding.declaration.parent;
    const loop = list?.parent;
    return loop && ts.isForOfStatement(loop) && loop.initializer === list && binding.declaration.name === binding.name
      ? loop.expression
      : undefined;
  }
  if (binding?.kind !== "parameter" || binding.declaration.name !== binding.name) return undefined;
  const fn = binding.declaration.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== binding.declaration)
    return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && iterationMethods.has(callee.name.text)
    ? callee.expression
    : undefined;
}

/** The call whose result an initializer holds: `await x.findFirst(…)`, `(await getTeam(…))!`. */
function loadCall(initializer: ts.Expression): ts.CallExpression | undefined {
  let node = initializer;
  for (;;) {
    const inner = unwrap(node);
    if (ts.isAwaitExpression(inner)) node = inner.expression;
    else if (inner !== node) node = inner;
    else break;
  }
  return ts.isCallExpression(node) ? node : undefined;
}

/** A read whose row is the tenant's: a scoped query site, or a helper that returns such a row. */
function loadVerdict(call: ts.CallExpression, context: AnalysisContext, depth: number): Evidence {
  const sourceFile = call.getSourceFile();
  const { sites } = querySites(sourceFile, getFileFacts(sourceFile), context);
  const site = sites.find((candidate) => candidate.node === call);
  if (site) return site.operation === "read" ? siteAuthorised(site, sites, context, depth).evidence : "no";
  const target = calledFunction(call, context);
  return target ? returnsAuthorisedRow(target, context, depth) : "no";
}

/**
 * Summary: "returns a row it loaded for the tenant": every value the function returns is the row
 * of a scoped read (or one checked after its load), held in a variable or returned at once, or
 * what another such function returns (`getTeamById({ teamId, userId })`).
 */
export function returnsAuthorisedRow(fn: ts.FunctionLikeDeclaration, context: AnalysisContext, depth = 0): Evidence {
  return summarise("returns-authorised-row", fn, context, depth, "unknown" as Evidence, () => {
    const returned = returnedRows(fn);
    if (returned.length === 0) return "no";
    let unknown = false;
    for (const expression of returned) {
      const node = unwrap(expression);
      const call = loadCall(node);
      const verdict = call
        ? loadVerdict(call, context, depth)
        : ts.isIdentifier(node)
          ? rowVerdict(node, context, depth)
          : "no";
      if (verdict === "no") return "no";
      if (verdict === "unknown") unknown = true;
    }
    return unknown ? "unknown" : "yes";
  });
}

/** What a function returns, leaving out `return null` / `return undefined` (a miss is no row). */
function returnedRows(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  const result: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) {
      const value = unwrap(node.expression);
      if (value.kind !== ts.SyntaxKind.NullKeyword && !(ts.isIdentifier(value) && value.text === "undefined"))
        result.push(node.expression);
    }
    ts.forEachChild(node, visit);
  };
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  ts.forEachChild(fn.body, visit);
  return result;
}

/**
 * A site whose filter does not pin the tenant, decided by what it does pin: the tenant's when its
 * filter is scoped, when it is a lookup by key checked after its load (or after an earlier
 * authorised read of the key), or when a value it pins is authorised (`valueVerdict`).
 */
export function siteAuthorised(
  site: QuerySite,
  sites: readonly QuerySite[],
  context: AnalysisContext,
  depth = 0,
): ValueVerdict {
  if (!site.filter) return { evidence: "no" };
  const scope = filterScope(site.filter, site.view, context).evidence;
  if (scope === "yes") return { evidence: "yes", why: "scoped" };
  if (site.byKey && keyLookupAuthorised(site, context, sites) === "yes")
    return { evidence: "yes", why: "checked after its load" };
  return pinnedValuesVerdict(site, context, depth, scope === "unknown");
}

/** The values a filter pins in its conjunction (through relations too): one authorised value scopes the rows. */
export function pinnedValuesVerdict(
  site: QuerySite,
  context: AnalysisContext,
  depth: number,
  undecided = false,
): ValueVerdict {
  const values: ts.Expression[] = [];
  // As within a function (row-provenance.ts): a row's id or reference selects that tenant's rows,
  // a row's `status` does not; a lookup by key pins its key, whatever it is called.
  const visit = (part: Predicate): void => {
    if (
      part.kind === "compare" &&
      part.pins &&
      part.value.kind === "expression" &&
      (site.byKey !== undefined || isIdentifyingField(part.field))
    )
      values.push(part.value.expression);
    else if (part.kind === "all") part.parts.forEach(visit);
    else if (part.kind === "related") visit(part.part);
  };
  if (site.filter) visit(site.filter);
  let unknown = undecided;
  for (const value of values) {
    if (ts.isLiteralExpression(unwrap(value))) continue;
    const verdict = valueVerdict(value, undefined, context, depth, false);
    if (verdict.evidence === "yes") return verdict;
    if (verdict.evidence === "unknown") unknown = true;
  }
  return { evidence: unknown ? "unknown" : "no" };
}
