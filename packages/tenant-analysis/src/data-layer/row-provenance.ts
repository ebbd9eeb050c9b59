/**
 * Row provenance, within one function: a value is **tenant-bound** when it was read off a row (or
 * rows) that an earlier query of the same function (or of a function enclosing it, as around a
 * `$transaction(async (tx) => …)` callback) returned, and that query was scoped: its filter is
 * (filter-scope.ts, itself with provenance), or it is a lookup by key checked after its load
 * (key-lookup.ts), or it wrote the row with the tenant. The value may pass through a local
 * variable, a destructuring, a `for … of` variable, a callback's element parameter, `.map`,
 * `.filter`, `new Set(…)`, `Array.from`, a spread or an array literal; never through an optional
 * chain (`doc?.id` is `undefined` for a missing row, which drops a Prisma condition).
 *
 * A filter that pins an identifying field (`id`, `documentId`, `deploymentId in ids`) to a
 * tenant-bound value selects rows of the same tenant as the row the value came from, so it is
 * scoped. A value from an unscoped or undecided query is not bound. A row returned by a helper
 * is bound when the helper's summary says every row it returns was loaded for the tenant
 * (`returnsAuthorisedRow`); other facts across functions are summaries/' business.
 */
import ts from "../typescript.cjs";
import { contains, enclosingValue, isAccess, returnedExpressions, unwrap } from "../ast.js";
import { initialValue, resolveBinding } from "../bindings.js";
import { isTenantRow } from "../evidence/tenant-value.js";
import { returnsAuthorisedRow } from "../summaries/caller-authorisation.js";
import { calledFunction } from "../summaries/callee.js";
import { referencesTenantOwnedModel } from "../tenant-owned-record.js";
import { variableValues } from "../evidence/local-flow.js";
import type { AnalysisContext } from "../types.js";
import { filterScope, type ScopeVerdict } from "./filter-scope.js";
import { keyLookupAuthorised } from "./key-lookup.js";
import type { QuerySite } from "./query-site.js";

/** Fields that identify rows (a key or a reference to one): `id`, `_id`, `documentId`, `deployment_ids`. */
const identifyingField = /^_?ids?$|[a-z0-9](?:Id|ID|Ids|IDs)$|_ids?$/u;

/** A field that identifies rows: only a value pinned to one can carry a row's tenant to the rows it selects. */
export function isIdentifyingField(field: string): boolean {
  return identifyingField.test(field);
}

/** The site's filter decision, with values read off the function's earlier scoped rows counting as the tenant's. */
export function siteFilterScope(site: QuerySite, sites: readonly QuerySite[], context: AnalysisContext): ScopeVerdict {
  return filterScope(site.filter ?? { kind: "all", parts: [] }, site.view, context, {
    // A lookup by a unique key pins that key, whatever it is called (`slug`, `email`).
    bound: (value, field) =>
      (site.byKey !== undefined || identifyingField.test(field)) && tenantBound(value, site, sites, context),
  });
}

const scopedRows = new WeakMap<QuerySite, boolean>();
const deciding = new Set<QuerySite>();

/** Whether the rows a site returns are the tenant's: read scoped, checked after load, or written with the tenant. */
export function rowsScoped(site: QuerySite, sites: readonly QuerySite[], context: AnalysisContext): boolean {
  const known = scopedRows.get(site);
  if (known !== undefined) return known;
  // Provenance only looks at earlier sites, so this guards against nothing but a malformed list.
  if (deciding.has(site)) return false;
  deciding.add(site);
  try {
    const scoped = decideRows(site, sites, context);
    scopedRows.set(site, scoped);
    return scoped;
  } finally {
    deciding.delete(site);
  }
}

function decideRows(site: QuerySite, sites: readonly QuerySite[], context: AnalysisContext): boolean {
  if (site.undecided !== undefined) return false;
  if (site.enforced !== undefined) return true;
  const written = site.documents !== undefined && site.documents.length > 0;
  const writtenWithTenant = written && site.documents!.every((document) => document.evidence === "yes");
  if (site.operation === "insert") return writtenWithTenant;
  if (site.filterForm === "unscopable" || !site.filter) return false;
  const filtered = siteFilterScope(site, sites, context).evidence === "yes";
  if (site.operation === "upsert") return filtered && writtenWithTenant;
  if (filtered) return true;
  return site.byKey !== undefined && keyLookupAuthorised(site, context, sites) === "yes";
}

/** Whether `value`, used in `at`'s filter, was read off rows an earlier scoped query of the function returned. */
export function tenantBound(
  value: ts.Expression,
  at: QuerySite,
  sites: readonly QuerySite[],
  context: AnalysisContext,
): boolean {
  const start = at.node.getStart();
  const results = resultsOf(sites);
  // Each expression decided once; one being decided (a cycle through assignments) is not bound.
  const decided = new Map<ts.Node, boolean>();
  const bound = (expression: ts.Expression, depth: number): boolean => {
    if (depth > 12) return false;
    const known = decided.get(expression);
    if (known !== undefined) return known;
    decided.set(expression, false);
    const result = decide(expression, depth);
    decided.set(expression, result);
    return result;
  };
  const decide = (expression: ts.Expression, depth: number): boolean => {
    const returned = queryResult(expression, results);
    if (returned)
      return returned.every(
        (site) =>
          site !== at && site.node.end <= start && !contains(site.node, at.node) && rowsScoped(site, sites, context),
      );
    const node = unwrap(expression);
    // `workspace.defaultProgramId`: what the tenant's own row refers to is that tenant's.
    if (tenantRowReference(node, context)) return true;
    if (isAccess(node)) return node.questionDotToken === undefined && bound(node.expression, depth + 1);
    if (ts.isIdentifier(node)) return boundVariable(node, depth);
    if (ts.isCallExpression(node)) return boundCall(node, depth);
    // `new Set(ids)`
    if (ts.isNewExpression(node))
      return (
        ts.isIdentifier(node.expression) &&
        node.expression.text === "Set" &&
        node.arguments?.[0] !== undefined &&
        bound(node.arguments[0], depth + 1)
      );
    // `[...ids]`, `[doc.id, doc.parentId]`
    if (ts.isArrayLiteralExpression(node))
      return (
        node.elements.length > 0 &&
        node.elements.every((element) =>
          ts.isSpreadElement(element) ? bound(element.expression, depth + 1) : bound(element, depth + 1),
        )
      );
    if (ts.isConditionalExpression(node)) return bound(node.whenTrue, depth + 1) && bound(node.whenFalse, depth + 1);
    return false;
  };
  const boundVariable = (identifier: ts.Identifier, depth: number): boolean => {
    const binding = resolveBinding(identifier, context.checker);
    if (binding?.kind === "parameter") return boundElementParameter(binding.declaration, depth);
    if (binding?.kind !== "variable") return false;
    const declaration = binding.declaration;
    const list = declaration.parent;
    // `for (const deployment of deployments)`
    if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent) && list.parent.initializer === list)
      return bound(list.parent.expression, depth + 1);
    if (ts.isIdentifier(declaration.name)) {
      // `let appId: string; if (…) appId = app.id; else appId = other.id`: every value it is given.
      const { values } = variableValues(identifier, context);
      return values.length > 0 && values.every((held) => bound(held, depth + 1));
    }
    if (!declaration.initializer) return false;
    // `const [deployments, apps] = await Promise.all([db.select()…, db.select()…])`
    const element = topLevelElement(binding.name, declaration.name);
    const all = promiseAllElements(declaration.initializer);
    if (element !== undefined && all) return all[element] !== undefined && bound(all[element], depth + 1);
    // `const { id: appId } = app`, `const [first] = rows`, `const [row] = await db.select()…`
    return bound(declaration.initializer, depth + 1);
  };
  /** `rows.map((row) => …)`, `rows.forEach(async ({ id }) => …)`: the element parameter of a list's callback. */
  const boundElementParameter = (parameter: ts.ParameterDeclaration, depth: number): boolean => {
    const fn = parameter.parent;
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== parameter) return false;
    const call = fn.parent;
    if (!ts.isCallExpression(call) || !call.arguments.includes(fn)) return false;
    const callee = unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee) && iterating.has(callee.name.text) && call.arguments[0] === fn)
      return bound(callee.expression, depth + 1);
    if (isArrayFrom(call) && call.arguments[1] === fn && call.arguments[0] !== undefined)
      return bound(call.arguments[0], depth + 1);
    return false;
  };
  const boundCall = (call: ts.CallExpression, depth: number): boolean => {
    if (returnsTenantRowReference(call, context)) return true;
    // `await getCampaignOrThrow({ id, workspaceId })`, made before the site: a helper (wherever the
    // host sees it) whose every returned row it loaded for the tenant (summaries/caller-authorisation.ts).
    if (call.end <= start) {
      const helper = calledFunction(call, context);
      if (helper && returnsAuthorisedRow(helper, context) === "yes") return true;
    }
    const callee = unwrap(call.expression);
    const mapper = (fn: ts.Expression | undefined): boolean => {
      const inner = fn && unwrap(fn);
      if (!inner || !(ts.isArrowFunction(inner) || ts.isFunctionExpression(inner))) return false;
      const values = returnedExpressions(inner);
      return values.length > 0 && values.every((returned) => bound(returned, depth + 1));
    };
    if (isArrayFrom(call))
      return call.arguments.length > 1
        ? mapper(call.arguments[1])
        : call.arguments[0] !== undefined && bound(call.arguments[0], depth + 1);
    if (!ts.isPropertyAccessExpression(callee) || callee.questionDotToken !== undefined) return false;
    // `rows.map((row) => row.id)`: what the callback returns for each of the list's rows.
    if (mapping.has(callee.name.text)) return mapper(call.arguments[0]);
    // `rows.filter(…)`, `[...ids].sort()`: some of the same rows.
    return selecting.has(callee.name.text) && bound(callee.expression, depth + 1);
  };
  return bound(value, 0);
}

/**
 * `workspace.defaultProgramId`, `ctx.project.billingAccountId`: a reference the tenant's own row
 * holds to a row of a tenant-owned model (by the schema) is to that tenant's row. A reference to
 * a global row (`workspace.ownerId`, a user) is not: that row may belong to every tenant.
 */
function tenantRowReference(node: ts.Expression, context: AnalysisContext): boolean {
  return (
    ts.isPropertyAccessExpression(node) &&
    node.questionDotToken === undefined &&
    node.name.text !== "id" &&
    referencesTenantOwnedModel(node.name.text, context) &&
    isTenantRow(node.expression, context)
  );
}

/**
 * `getDefaultProgramId(workspace)`: a function (wherever the host sees it) that returns such a
 * reference read off the parameter it is handed the tenant's row in.
 */
function returnsTenantRowReference(call: ts.CallExpression, context: AnalysisContext): boolean {
  const fn = calledFunction(call, context);
  if (!fn) return false;
  const returned = returnedExpressions(fn).map((value) => heldValue(value, context));
  return (
    returned.length > 0 &&
    returned.every((value) => {
      if (!ts.isPropertyAccessExpression(value) || value.name.text === "id") return false;
      if (!referencesTenantOwnedModel(value.name.text, context)) return false;
      const holder = unwrap(value.expression);
      const index = ts.isIdentifier(holder)
        ? fn.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === holder.text)
        : -1;
      const argument = index >= 0 ? call.arguments[index] : undefined;
      return argument !== undefined && isTenantRow(argument, context);
    })
  );
}

/** `const programId = workspace.defaultProgramId; …; return programId`: what a returned `const` holds. */
function heldValue(value: ts.Expression, context: AnalysisContext): ts.Expression {
  const node = unwrap(value);
  if (!ts.isIdentifier(node)) return node;
  const held = initialValue(node, context.checker);
  return held && held !== node ? unwrap(held) : node;
}

const iterating = new Set(["map", "flatMap", "forEach", "filter", "find", "findLast", "some", "every"]);
const mapping = new Set(["map", "flatMap"]);
const selecting = new Set(["filter", "find", "findLast", "slice", "sort", "toSorted", "reverse", "at", "flat"]);

function isArrayFrom(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === "from" &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "Array"
  );
}

/** The index of `identifier` among the top-level elements of an array pattern. */
function topLevelElement(identifier: ts.Identifier, pattern: ts.BindingName): number | undefined {
  if (!ts.isArrayBindingPattern(pattern)) return undefined;
  const index = pattern.elements.findIndex(
    (element) => ts.isBindingElement(element) && contains(element.name, identifier),
  );
  return index < 0 ? undefined : index;
}

function promiseAllElements(initializer: ts.Expression): readonly ts.Expression[] | undefined {
  const call = unwrap(initializer);
  if (!ts.isCallExpression(call)) return undefined;
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "all" || callee.expression.getText() !== "Promise")
    return undefined;
  const list = call.arguments[0] && unwrap(call.arguments[0]);
  if (!list || !ts.isArrayLiteralExpression(list) || list.elements.some(ts.isSpreadElement)) return undefined;
  return list.elements;
}

const resultIndex = new WeakMap<readonly QuerySite[], Map<ts.Node, QuerySite[]>>();

/** Each site by the expression that holds its result: the call chain around it, with `await`. */
function resultsOf(sites: readonly QuerySite[]): Map<ts.Node, QuerySite[]> {
  let index = resultIndex.get(sites);
  if (!index) {
    index = new Map();
    for (const site of sites) {
      const top = resultExpression(site.node);
      index.set(top, [...(index.get(top) ?? []), site]);
    }
    resultIndex.set(sites, index);
  }
  return index;
}

/** `await db.select().from(t).where(c)` for the `select()` site: up through the chain, `await` and parentheses. */
function resultExpression(call: ts.Node): ts.Node {
  return enclosingValue(call, { throughChain: true });
}

/** The sites (a statement and its joined tables) whose result `expression` is. */
function queryResult(expression: ts.Expression, results: Map<ts.Node, QuerySite[]>): QuerySite[] | undefined {
  let node: ts.Expression = expression;
  for (;;) {
    const found = results.get(node);
    if (found) return found;
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAwaitExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isSatisfiesExpression(node)
    )
      node = node.expression;
    else return undefined;
  }
}
