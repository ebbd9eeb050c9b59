/**
 * Load, then authorise: a row looked up by its key alone is safe when the same function compares
 * the loaded row's tenant with something before using it (`if (doc.tenantId !== tenantId) throw`),
 * and a write by key is safe when an earlier read of the same key in the function was scoped
 * and left on a miss. Handing the row and the tenant to a helper may authorise it: undecided.
 */
import ts from "../typescript.cjs";
import {
  alwaysLeaves,
  contains,
  enclosingFunction,
  enclosingValue,
  memberPath,
  stripConversions,
  unwrap,
} from "../ast.js";
import type { Evidence } from "../evidence/evidence.js";
import { isTenantValue } from "../evidence/tenant-value.js";
import type { AnalysisContext } from "../types.js";
import type { Predicate } from "./predicate.js";
import type { QuerySite } from "./query-site.js";
import { siteFilterScope } from "./row-provenance.js";

export function keyLookupAuthorised(site: QuerySite, context: AnalysisContext, sites: readonly QuerySite[]): Evidence {
  const call = site.node;
  if (site.byKey?.writes) return earlierAuthorisedRead(site, context, sites) ? "yes" : "no";
  const holder = loadedInto(call);
  // `ensureOwned(await findUnique(…))`: the row goes straight to a helper, which may refuse it.
  if (!holder) return handedOn(call) ? "unknown" : "no";
  return comparedAfterLoad(call, holder, context);
}

function handedOn(call: ts.Node): boolean {
  const node = enclosingValue(call);
  const parent = node.parent;
  return parent !== undefined && ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression);
}

const credentialField = /(token|secret|hash|hashed|apikey|api_key|nonce|otp|signature|code)$/iu;

/**
 * A lookup by a secret credential (`where: { tokenHash }`, `{ apiKey }`): whoever holds the secret
 * may see the row, which is how invitations, share links and API keys work. Not decidable here.
 */
export function credentialLookup(site: QuerySite): string | undefined {
  const fields: string[] = [];
  const visit = (part: Predicate | undefined): void => {
    if (!part) return;
    if (part.kind === "compare" && part.pins) fields.push(part.field);
    else if (part.kind === "all") part.parts.forEach(visit);
  };
  visit(site.filter);
  const secret = fields.find((field) => credentialField.test(field));
  return secret;
}

/**
 * `const doc = await findFirst({ where: { id, tenantId } }); if (!doc) throw …; await update({ where: { id } })`:
 * an earlier read of the same key in the same function, scoped (or checked after its load), whose
 * miss leaves, vouches for the write.
 */
function earlierAuthorisedRead(site: QuerySite, context: AnalysisContext, sites: readonly QuerySite[]): boolean {
  const keys = comparedValues(site.filter);
  if (keys.size === 0) return false;
  const fn = enclosingFunction(site.node);
  return sites.some((earlier) => {
    // The same function, or one that encloses it (a write inside `$transaction(async (tx) => …)`).
    if (
      earlier === site ||
      earlier.operation !== "read" ||
      earlier.node.end > site.node.getStart() ||
      !contains(enclosingFunction(earlier.node), fn)
    )
      return false;
    const scoped = earlier.filter !== undefined && siteFilterScope(earlier, sites, context).evidence === "yes";
    const holder = loadedInto(earlier.node);
    const checked =
      !scoped &&
      earlier.byKey !== undefined &&
      holder !== undefined &&
      comparedAfterLoad(earlier.node, holder, context) === "yes";
    if (!scoped && !checked) return false;
    // A key read off the authorised row itself (`doc.id`) is row-provenance.ts's: the filter is scoped.
    if (![...comparedValues(earlier.filter)].some((value) => keys.has(value))) return false;
    // The same key value: `findFirstOrThrow` leaves by itself, a checked read leaves on its
    // comparison, a plain scoped read must be tested for a miss.
    return (
      earlier.method.endsWith("OrThrow") || checked || (holder !== undefined && leavesOnMiss(earlier.node, holder))
    );
  });
}

/** The source text of every value a filter compares a field with: the keys it selects by. */
function comparedValues(filter: Predicate | undefined): Set<string> {
  const values = new Set<string>();
  const visit = (part: Predicate): void => {
    // Constants (`status: "open"`) select no particular row.
    if (part.kind === "compare" && part.value.kind === "expression" && !isConstant(part.value.expression))
      values.add(part.value.expression.getText());
    else if (part.kind === "all" || part.kind === "any" || part.kind === "either") part.parts.forEach(visit);
    else if (part.kind === "related") visit(part.part);
  };
  if (filter) visit(filter);
  return values;
}

function comparedAfterLoad(call: ts.Node, holder: string, context: AnalysisContext): Evidence {
  const fn = enclosingFunction(call);
  let compared = false;
  // `assertSameTenant(doc, tenantId)`: a helper given the document and the tenant may authorise it.
  let handedToHelper = false;
  const isLoadedTenant = (expression: ts.Expression): boolean => {
    const inner = stripConversions(expression);
    // `doc.get("tenantId")`: a document's getter.
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
    if (path === undefined || !path.startsWith(`${holder}.`)) return false;
    // SQL layers (Kysely) load rows by column name: `row.tenant_id` is the row's tenant as much as `row.tenantId`.
    return isTenantValue(inner, context) || snakeTenantColumns(context).has(path.slice(holder.length + 1));
  };
  const visit = (node: ts.Node): void => {
    if (compared || node.pos < call.end) {
      if (!compared) ts.forEachChild(node, visit);
      return;
    }
    if (
      ts.isBinaryExpression(node) &&
      isEqualityOperator(node.operatorToken.kind) &&
      (isLoadedTenant(node.left) || isLoadedTenant(node.right))
    ) {
      compared = true;
      return;
    }
    if (ts.isCallExpression(node)) {
      // `assertAccess(doc, tenantId)`, and `assertAccess(user, doc.teamId)`: the row's tenant handed to a check.
      if (
        node.arguments.some((argument) => memberPath(argument) === holder) &&
        node.arguments.some((argument) => isTenantValue(argument, context))
      ) {
        handedToHelper = true;
      }
      if (node.arguments.some((argument) => isLoadedTenant(argument))) handedToHelper = true;
      // `doc.tenantId.equals(tenantId)`
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
export function loadedInto(call: ts.Node): string | undefined {
  const node = enclosingValue(call, { throughChain: true });
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  // `const [row] = await db.select()…`: the first row of a query builder's result.
  if (parent && ts.isVariableDeclaration(parent) && ts.isArrayBindingPattern(parent.name)) {
    const first = parent.name.elements[0];
    if (first && ts.isBindingElement(first) && ts.isIdentifier(first.name)) return first.name.text;
  }
  if (
    parent &&
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isIdentifier(parent.left)
  )
    return parent.left.text;
  return undefined;
}

/** `if (!doc) throw …` / `if (!doc) return …` right after the load: a miss leaves the function. */
export function leavesOnMiss(call: ts.Node, holder: string): boolean {
  const fn = enclosingFunction(call);
  let leaves = false;
  const visit = (node: ts.Node): void => {
    if (leaves || node.end < call.end) {
      if (!leaves && node.pos <= call.end) ts.forEachChild(node, visit);
      return;
    }
    if (
      ts.isIfStatement(node) &&
      node.pos >= call.end &&
      testsMissing(node.expression, holder) &&
      alwaysLeaves(node.thenStatement)
    ) {
      leaves = true;
      return;
    }
    if (ts.isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return leaves;
}

function testsMissing(condition: ts.Expression, holder: string): boolean {
  const node = unwrap(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken)
    return memberPath(node.operand) === holder;
  if (ts.isBinaryExpression(node)) {
    if (node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
      return testsMissing(node.left, holder) || testsMissing(node.right, holder);
    const nullish = (side: ts.Expression): boolean => {
      const inner = unwrap(side);
      return inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === "undefined");
    };
    const equality =
      node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken;
    return (
      equality &&
      ((memberPath(node.left) === holder && nullish(node.right)) ||
        (memberPath(node.right) === holder && nullish(node.left)))
    );
  }
  return false;
}

function isConstant(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  return (
    ts.isLiteralExpression(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  );
}

function snakeTenantColumns(context: AnalysisContext): ReadonlySet<string> {
  return new Set(
    context.settings.tenantFields.map((name) => name.replace(/([a-z0-9])([A-Z])/gu, "$1_$2").toLowerCase()),
  );
}
