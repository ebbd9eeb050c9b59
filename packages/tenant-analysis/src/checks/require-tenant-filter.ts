/**
 * `require-tenant-filter` (db-queries): every read, update, delete, count, distinct and
 * aggregate on a tenant-owned model or collection is scoped to the tenant.
 */
import ts from "../typescript.cjs";
import type { DbOperation } from "../adapters/mongo-operations.js";
import { chainedCalls, enclosingFunction, memberPath, propertyNameText, returnedExpressions, stripConversions, unwrap } from "../ast.js";
import { type CheckScope, defineCheck, type SuggestionInput, type Verdict } from "../check.js";
import { initialValue } from "../bindings.js";
import { objectCarriesTenant } from "../evidence/object-evidence.js";
import { isTenantValue } from "../evidence/tenant-value.js";
import { insertArgumentEdit, tenantProperty, tenantValueInScope } from "../suggestions.js";
import type { AnalysisContext } from "../types.js";
import { type DbSite, dbSites, tenantObjectEdits } from "./db-sites.js";

export type RequireTenantFilterMessageId =
  | "missingTenantFilter"
  | "partialOr"
  | "lookupById"
  | "aggregateWithoutMatch"
  | "unscopableCount"
  | "addTenantToFilter"
  | "useTenantLookup"
  | "invalidSchema";

export const requireTenantFilter = defineCheck<RequireTenantFilterMessageId>({
  ruleId: "require-tenant-filter",
  messages: {
    missingTenantFilter:
      "{{method}}() on tenant-owned {{target}} has no {{field}} in its filter, so it reaches every tenant's documents",
    partialOr:
      "$or in the filter of {{method}}() carries {{field}} in only some branches; the others match every tenant's documents",
    lookupById:
      "{{method}}() on tenant-owned {{target}} looks up by id alone; filter by {{field}} too, or compare the result's {{field}} with the caller's before using it",
    aggregateWithoutMatch:
      "aggregate() on tenant-owned {{target}} must start with a $match on {{field}}; other stages see every tenant's documents",
    unscopableCount: "estimatedDocumentCount() counts every tenant's documents in {{target}}; use countDocuments({ {{field}} })",
    addTenantToFilter: "Add {{property}} to the filter",
    useTenantLookup: "Use {{replacement}}({ _id: …, {{property}} })",
    invalidSchema: "The data schema cannot be read ({{location}}: {{problem}}); database queries are checked without it until it is fixed",
  },
  run(scope) {
    const { sites, undecidedReceivers } = dbSites(scope.sourceFile, scope.facts, scope.context);
    for (const site of sites) checkSite(site, scope);
    for (let index = 0; index < undecidedReceivers; index += 1) scope.examined("unknown");
  },
});

function checkSite(site: DbSite, scope: CheckScope<RequireTenantFilterMessageId>): void {
  const { call, operation, method } = site;
  const context = scope.context;
  const data = { method, target: site.targetName, field: context.settings.tenantFields[0]! };
  // Inserts are `require-tenant-on-write`'s; bulkWrite is checked per operation below.
  if (operation.op === "insert") return;
  if (chainScopesTenant(call, context)) {
    scope.examined("scoped");
    return;
  }
  // `const q = Model.find(…); q.where({ tenantId })`: a query built up through a variable.
  const builder = builderScopesTenant(call, context);
  if (builder !== undefined) {
    scope.examined(builder === "yes" ? "scoped" : "unknown");
    return;
  }
  switch (operation.op) {
    case "filter": {
      const filter = call.arguments[operation.filterArg];
      const verdict = objectCarriesTenant(filter, context, "filter", call);
      record(scope, verdict.evidence);
      if (verdict.evidence !== "no") return;
      scope.report(call, verdict.partialOr ? "partialOr" : "missingTenantFilter", data, filterSuggestions(call, filter, scope));
      return;
    }
    case "byId": {
      const authorized = operation.writes ? "no" : comparedWithTenantAfterLoad(call, context);
      record(scope, authorized);
      if (authorized === "no") scope.report(call, "lookupById", data, byIdSuggestions(call, operation, scope));
      return;
    }
    case "aggregate": {
      const evidence = pipelineStartsWithTenantMatch(call, context);
      record(scope, evidence);
      if (evidence === "no") scope.report(call, "aggregateWithoutMatch", data);
      return;
    }
    case "bulkWrite": {
      const evidence = bulkFiltersCarryTenant(call, context);
      record(scope, evidence);
      if (evidence === "no") scope.report(call, "missingTenantFilter", data);
      return;
    }
    case "unscopable":
      record(scope, "no");
      scope.report(call, "unscopableCount", data);
      return;
    default:
      return;
  }
}

function record(scope: CheckScope<string>, evidence: "yes" | "no" | "unknown"): void {
  const verdicts: Record<typeof evidence, Verdict> = { yes: "scoped", no: "unscoped", unknown: "unknown" };
  scope.examined(verdicts[evidence]);
}

/**
 * Mongoose query chains that add the tenant after the fact:
 * `.where("tenantId").equals(t)`, `.where("tenantId", t)`, `.where({ tenantId })`, `.and([{ tenantId }])`.
 */
function chainScopesTenant(call: ts.Expression, context: AnalysisContext): boolean {
  const chain = chainedCalls(call);
  return chain.some(({ method, call: link }, index) => {
    const [first, second] = link.arguments;
    if (method === "where" && first) {
      const path = unwrap(first);
      if (ts.isStringLiteralLike(path)) {
        if (!context.settings.tenantFields.includes(path.text)) return false;
        if (second) return !isNullishText(second);
        const next = chain[index + 1];
        return next !== undefined && ["equals", "eq", "in"].includes(next.method) && next.call.arguments.length > 0;
      }
      return objectCarriesTenant(first, context, "filter", link).evidence === "yes";
    }
    // `.setOptions({ tenantId })`: a tenant plugin's query option (the plugin adds the filter).
    if ((method === "and" || method === "find" || method === "findOne" || method === "merge" || method === "setQuery" || method === "setOptions") && first) {
      if (method === "and") {
        const branches = unwrap(first);
        return ts.isArrayLiteralExpression(branches) && branches.elements.some((element) => objectCarriesTenant(element, context, "filter", link).evidence === "yes");
      }
      return objectCarriesTenant(first, context, "filter", link).evidence === "yes";
    }
    return false;
  });
}

/**
 * A query kept in a variable and scoped by a later statement: `const q = Model.find(f); q.where({ tenantId })`.
 * "yes" when that statement runs unconditionally in the same block, "unknown" when it is nested
 * (an `if` may skip it), undefined when nothing scopes it.
 */
function builderScopesTenant(call: ts.CallExpression, context: AnalysisContext): "yes" | "unknown" | undefined {
  let node: ts.Node = call;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent))) node = node.parent;
  const declaration = node.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent?.parent;
  const block = statement?.parent;
  if (!statement || !block) return undefined;
  const name = declaration.name.text;
  let verdict: "yes" | "unknown" | undefined;
  const visit = (child: ts.Node): void => {
    if (verdict === "yes") return;
    if (ts.isIdentifier(child) && child.text === name && child !== declaration.name && child.pos > call.end && chainScopesTenant(child, context)) {
      let owner: ts.Node = child;
      while (owner.parent && owner.parent !== block) owner = owner.parent;
      verdict = owner.parent === block && (ts.isExpressionStatement(owner) || ts.isReturnStatement(owner)) ? "yes" : "unknown";
      return;
    }
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(block, visit);
  return verdict;
}

function isNullishText(value: ts.Expression): boolean {
  const inner = unwrap(value);
  return inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === "undefined");
}

/**
 * Load, then authorize: `const c = await Campaign.findById(id); if (c.tenantId !== tenantId) throw …`.
 * The same function compares the loaded document's tenant field with something before trusting it.
 */
function comparedWithTenantAfterLoad(call: ts.CallExpression, context: AnalysisContext): "yes" | "no" | "unknown" {
  const holder = loadedInto(call);
  if (!holder) return "no";
  const fn = enclosingFunction(call);
  let compared = false;
  // `assertSameTenant(doc, tenantId)`: a helper given the document and the tenant may authorize it.
  let handedToHelper = false;
  const isLoadedTenant = (expression: ts.Expression): boolean => {
    // c.tenantId.toString(), String(c.tenantId)
    const inner = stripConversions(expression);
    // c.get("tenantId"): a Mongoose document's getter.
    if (ts.isCallExpression(inner)) {
      const callee = unwrap(inner.expression);
      const key = inner.arguments[0] && unwrap(inner.arguments[0]);
      return (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === "get" &&
        memberPath(callee.expression) === holder &&
        key !== undefined &&
        ts.isStringLiteralLike(key) &&
        context.settings.tenantFields.includes(key.text)
      );
    }
    const path = memberPath(inner);
    return path !== undefined && path.startsWith(`${holder}.`) && isTenantValue(inner, context);
  };
  const visit = (node: ts.Node): void => {
    if (compared || node.pos < call.end) {
      if (!compared) ts.forEachChild(node, visit);
      return;
    }
    if (ts.isBinaryExpression(node) && isEqualityOperator(node.operatorToken.kind) && (isLoadedTenant(node.left) || isLoadedTenant(node.right))) {
      compared = true;
      return;
    }
    if (
      ts.isCallExpression(node) &&
      node.arguments.some((argument) => memberPath(argument) === holder) &&
      node.arguments.some((argument) => isTenantValue(argument, context))
    ) {
      handedToHelper = true;
    }
    // c.tenantId.equals(tenantId)
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "equals" && isLoadedTenant(callee.expression)) {
        compared = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return compared ? "yes" : handedToHelper ? "unknown" : "no";
}

function isEqualityOperator(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    kind === ts.SyntaxKind.EqualsEqualsToken ||
    kind === ts.SyntaxKind.ExclamationEqualsToken
  );
}

/** The variable a lookup's result is stored in: `const c = await X.findById(id).lean()`. */
function loadedInto(call: ts.CallExpression): string | undefined {
  let node: ts.Node = call;
  while (node.parent && (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent) || (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) || (ts.isCallExpression(node.parent) && node.parent.expression === node))) {
    node = node.parent;
  }
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(parent.left)) return parent.left.text;
  return undefined;
}

/** The first stage of the pipeline is a `$match` (or `$geoNear.query`, `$vectorSearch.filter`) carrying the tenant. */
function pipelineStartsWithTenantMatch(call: ts.CallExpression, context: AnalysisContext): "yes" | "no" | "unknown" {
  const argument = call.arguments[0];
  if (!argument) {
    // Mongoose: `Model.aggregate().match({ tenantId })…`
    const first = chainedCalls(call)[0];
    if (!first) return "no";
    if (first.method !== "match") return "no";
    return objectCarriesTenant(first.call.arguments[0], context, "filter", first.call).evidence;
  }
  let pipeline = unwrap(argument);
  if (ts.isIdentifier(pipeline)) {
    const value = initialValue(pipeline, context.checker);
    if (!value) return "unknown";
    pipeline = value;
  }
  if (!ts.isArrayLiteralExpression(pipeline)) return "unknown";
  const stage = pipeline.elements[0];
  if (!stage) return "no";
  if (ts.isSpreadElement(stage)) return "unknown";
  const stageObject = unwrap(stage);
  if (ts.isIdentifier(stageObject) || ts.isCallExpression(stageObject)) {
    const resolved = ts.isIdentifier(stageObject) ? initialValue(stageObject, context.checker) : undefined;
    if (!resolved || !ts.isObjectLiteralExpression(resolved)) return "unknown";
    return stageEvidence(resolved, context, call);
  }
  if (!ts.isObjectLiteralExpression(stageObject)) return "unknown";
  return stageEvidence(stageObject, context, call);
}

function stageEvidence(stage: ts.ObjectLiteralExpression, context: AnalysisContext, site: ts.Node): "yes" | "no" | "unknown" {
  for (const property of stage.properties) {
    if (!ts.isPropertyAssignment(property)) return "unknown";
    const name = propertyNameText(property.name);
    if (name === "$match") return objectCarriesTenant(property.initializer, context, "filter", site).evidence;
    // Atlas Search scopes through its own operators (`compound.filter`), which we do not read: undecided.
    if (name === "$search" || name === "$searchMeta") return "unknown";
    if (name === "$geoNear" || name === "$vectorSearch") {
      const options = unwrap(property.initializer);
      if (!ts.isObjectLiteralExpression(options)) return "unknown";
      const inner = options.properties.find(
        (option) => ts.isPropertyAssignment(option) && ["query", "filter"].includes(propertyNameText(option.name) ?? ""),
      );
      return inner && ts.isPropertyAssignment(inner) ? objectCarriesTenant(inner.initializer, context, "filter", site).evidence : "no";
    }
    return "no";
  }
  return "no";
}

const bulkFilterOperations = new Set(["updateOne", "updateMany", "deleteOne", "deleteMany", "replaceOne"]);

/** Every filtered operation of a bulkWrite carries the tenant in its `filter`. */
function bulkFiltersCarryTenant(call: ts.CallExpression, context: AnalysisContext): "yes" | "no" | "unknown" {
  const operations = bulkOperations(call.arguments[0], context);
  if (!operations) return "unknown";
  const verdicts: ("yes" | "no" | "unknown")[] = [];
  for (const { name, body } of operations) {
    if (name === undefined || body === undefined) {
      verdicts.push("unknown");
      continue;
    }
    if (!bulkFilterOperations.has(name)) continue;
    const filter = body.properties.find((property) => ts.isPropertyAssignment(property) && propertyNameText(property.name) === "filter");
    verdicts.push(filter && ts.isPropertyAssignment(filter) ? objectCarriesTenant(filter.initializer, context, "filter", call).evidence : "no");
  }
  if (verdicts.includes("no")) return "no";
  return verdicts.includes("unknown") ? "unknown" : "yes";
}

/** The operations of a bulkWrite array literal (or `items.map(i => ({ updateOne: … }))`). */
export function bulkOperations(
  argument: ts.Expression | undefined,
  context: AnalysisContext,
): { name: string | undefined; body: ts.ObjectLiteralExpression | undefined }[] | undefined {
  if (!argument) return undefined;
  let list = unwrap(argument);
  if (ts.isIdentifier(list)) list = initialValue(list, context.checker) ?? list;
  const elements = arrayElements(list);
  if (!elements) return undefined;
  return elements.map((element) => {
    const operation = unwrap(element);
    if (!ts.isObjectLiteralExpression(operation) || operation.properties.length !== 1) return { name: undefined, body: undefined };
    const property = operation.properties[0]!;
    if (!ts.isPropertyAssignment(property)) return { name: undefined, body: undefined };
    const body = unwrap(property.initializer);
    return { name: propertyNameText(property.name), body: ts.isObjectLiteralExpression(body) ? body : undefined };
  });
}

/** The element expressions of an array literal, or the one object a `.map()` callback returns. */
export function arrayElements(list: ts.Expression): ts.Expression[] | undefined {
  if (ts.isArrayLiteralExpression(list)) {
    if (list.elements.some((element) => ts.isSpreadElement(element))) return undefined;
    return [...list.elements];
  }
  if (ts.isCallExpression(list)) {
    const callee = unwrap(list.expression);
    const callback = list.arguments[0] && unwrap(list.arguments[0]);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "map" && callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
      const returns = returnedExpressions(callback);
      return returns.length > 0 ? returns : undefined;
    }
  }
  return undefined;
}

function filterSuggestions(
  call: ts.CallExpression,
  filter: ts.Expression | undefined,
  scope: CheckScope<RequireTenantFilterMessageId>,
): SuggestionInput<RequireTenantFilterMessageId>[] {
  const value = tenantValueInScope(call, scope.context);
  if (!value) return [];
  const property = tenantProperty(value, scope.context);
  if (!filter) {
    if (call.arguments.length > 0) return [];
    return [{ messageId: "addTenantToFilter", data: { property }, edits: [insertArgumentEdit(call, `{ ${property} }`, scope.sourceFile)] }];
  }
  const inner = unwrap(filter);
  if (ts.isObjectLiteralExpression(inner) && inner.properties.some((member) => ts.isPropertyAssignment(member) && propertyNameText(member.name) === "$or")) return [];
  return [{ messageId: "addTenantToFilter", data: { property }, edits: tenantObjectEdits(filter, property, scope.sourceFile, scope.context) }];
}

function byIdSuggestions(
  call: ts.CallExpression,
  operation: Extract<DbOperation, { op: "byId" }>,
  scope: CheckScope<RequireTenantFilterMessageId>,
): SuggestionInput<RequireTenantFilterMessageId>[] {
  const value = tenantValueInScope(call, scope.context);
  const idArgument = call.arguments[0];
  const callee = unwrap(call.expression);
  if (!value || !idArgument || !ts.isPropertyAccessExpression(callee)) return [];
  const property = tenantProperty(value, scope.context);
  return [
    {
      messageId: "useTenantLookup",
      data: { replacement: operation.replacement, property },
      edits: [
        { start: callee.name.getStart(scope.sourceFile), end: callee.name.end, text: operation.replacement },
        { start: idArgument.getStart(scope.sourceFile), end: idArgument.end, text: `{ _id: ${idArgument.getText(scope.sourceFile)}, ${property} }` },
      ],
    },
  ];
}
