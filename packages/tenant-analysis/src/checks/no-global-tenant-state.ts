/**
 * `no-global-tenant-state` (prompt-isolation): no tenant's prompt, conversation or other request
 * data is kept in module-level memory that every tenant's requests share. The finding points at
 * the store's declaration.
 *
 * A module-level store is a top-level `Map`, `Set`, object literal, array, `let`/`var`, or an
 * in-memory cache (`lru-cache`, `quick-lru`, `node-cache`). It is reported when a function that
 * runs per request or per job writes request-derived data into it under a key that is known to
 * lack the tenant (arrays and `let`: written at all). Keys are judged with the same evidence as
 * Redis keys (`segmentCarriesTenant`): `map.set(tenantId, …)`, `cache[\`campaign:${tenantId}\`]`
 * and scope helpers carry the tenant; `campaignId`, `req.body.conversationId`, `"last"` do not;
 * a key-like parameter (`key`, `cacheKey`) is undecidable.
 *
 * "Request-derived" (both must hold):
 * - the write is inside a function that takes a request or a job (see `request-sources.ts`), or
 *   has a tenant value in scope (a parameter or variable named as a tenant field, or a read of
 *   one such as `req.user.tenantId`), itself or in an enclosing function; writes at module level
 *   or in functions with neither (registries filled at start-up) are not;
 * - the written value is not static: it mentions a parameter or a function-local variable that
 *   is not itself static. Literals, module-level names, `Date.now()`, values read back from the
 *   store itself (`(hits.get(ip) ?? 0) + 1`) and clients constructed from a package
 *   (`client ??= new OpenAI()`) are static.
 */
import ts from "../typescript.cjs";
import { accessedName, enclosingFunction, isAccess, propertyNameText, unwrap } from "../ast.js";
import { resolveBinding } from "../bindings.js";
import { type CheckScope, defineCheck } from "../check.js";
import { identifiersNamed } from "../file-facts.js";
import { anyPart, type Evidence } from "../evidence/evidence.js";
import { segmentCarriesTenant } from "../evidence/key-evidence.js";
import { variableValues } from "../evidence/local-flow.js";
import { isTenantValue } from "../evidence/tenant-value.js";
import { classifyReceiver } from "../receivers/classify.js";
import { isRequestOrJobParameter, takesRequestOrJob } from "../request-sources.js";
import { hasTenantInScope } from "../tenant-in-scope.js";
import type { AnalysisContext } from "../types.js";

export type NoGlobalTenantStateMessageId = "sharedKeyedState" | "sharedState";

type StoreKind = "Map" | "Set" | "object" | "array" | "cache" | "variable" | "unknown";

interface Store {
  readonly declaration: ts.VariableDeclaration;
  readonly name: ts.Identifier;
  readonly kind: StoreKind;
  /** `let`/`var`: assigning the variable itself is a write. */
  readonly reassignable: boolean;
}

interface Write {
  readonly node: ts.Node;
  /** The keys leading to the written entry, outermost first; empty for arrays and `let`. */
  readonly keys: readonly KeyPart[];
  readonly value: ts.Expression | undefined;
}

type KeyPart = { readonly name: string } | { readonly expression: ts.Expression };

/** In-memory caches with a `Map`-like `set(key, value)`, by the module that exports them. */
const cacheModules: ReadonlySet<string> = new Set(["lru-cache", "quick-lru", "node-cache", "lru.min", "tiny-lru"]);

/** Methods that put data into a store, by store kind; the value is at the given argument positions. */
const keyedWriters: Readonly<Record<string, { readonly key: number | "value"; readonly values: readonly number[] }>> = {
  set: { key: 0, values: [1] },
  add: { key: "value", values: [0] },
};
const appendingWriters = new Set(["push", "unshift", "splice", "fill"]);

export const noGlobalTenantState = defineCheck<NoGlobalTenantStateMessageId>({
  ruleId: "no-global-tenant-state",
  messages: {
    sharedKeyedState:
      "Module-level {{kind}} {{name}} is written with request data under key {{key}}, which has no {{field}}; every tenant's requests share it",
    sharedState:
      "Module-level {{kind}} {{name}} is written with request data in {{writer}}; every tenant's requests share it",
  },
  run(scope) {
    for (const store of moduleStores(scope.sourceFile, scope.context)) judge(store, scope);
  },
});

function judge(store: Store, scope: CheckScope<NoGlobalTenantStateMessageId>): void {
  const { context } = scope;
  const writes = writesOf(store, context).filter(
    (write) =>
      runsPerRequest(write.node, context) &&
      !isCounterUpdate(write.value, store) &&
      !isStatic(write.value, store, context) &&
      !isTenantDirectoryEntry(write, context),
  );
  if (store.kind === "unknown") {
    // A module-level value we cannot identify (`createCache()` untyped): only its request writes make it worth counting.
    if (writes.length > 0)
      scope.examined("unknown", {
        node: store.declaration,
        reason: "module-level state of a kind that cannot be identified is written per request",
      });
    return;
  }
  let unknown = false;
  for (const write of writes) {
    const evidence = keyEvidence(write.keys, context);
    if (evidence === "yes") continue;
    if (evidence === "unknown") {
      unknown = true;
      continue;
    }
    scope.examined("unscoped");
    const field = context.settings.tenantFields[0]!;
    const last = write.keys.at(-1);
    if (last) {
      const key = "name" in last ? JSON.stringify(last.name) : abbreviate(last.expression.getText(scope.sourceFile));
      scope.report(store.declaration, "sharedKeyedState", { kind: store.kind, name: store.name.text, key, field });
    } else {
      scope.report(store.declaration, "sharedState", {
        kind: store.kind,
        name: store.name.text,
        writer: writerName(write.node),
      });
    }
    return;
  }
  if (unknown)
    scope.examined("unknown", {
      node: store.declaration,
      reason: "module-level state is keyed per request by a value not known to be a tenant value",
    });
  else scope.examined("scoped");
}

/**
 * `totals[model] = (totals[model] ?? 0) + tokens`, `costs.set(model, (costs.get(model) ?? 0) + cost)`:
 * a sum kept per key aggregates numbers, it holds no one tenant's content (like `+=`).
 */
function isCounterUpdate(value: ts.Expression | undefined, store: Store): boolean {
  const node = value && unwrap(value);
  if (
    !node ||
    !ts.isBinaryExpression(node) ||
    (node.operatorToken.kind !== ts.SyntaxKind.PlusToken && node.operatorToken.kind !== ts.SyntaxKind.MinusToken)
  )
    return false;
  // Numbers only: `(history[id] ?? "") + message` accumulates content.
  const readsBackNumber = (operand: ts.Expression, other: ts.Expression): boolean => {
    let inner = unwrap(operand);
    let numeric = ts.isNumericLiteral(unwrap(other));
    if (
      ts.isBinaryExpression(inner) &&
      (inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    ) {
      numeric ||= ts.isNumericLiteral(unwrap(inner.right));
      inner = unwrap(inner.left);
    }
    return (
      numeric && (isAccess(inner) || ts.isCallExpression(inner)) && rootIdentifier(inner)?.text === store.name.text
    );
  };
  return readsBackNumber(node.left, node.right) || readsBackNumber(node.right, node.left);
}

/** `tenantsBySlug.set(slug, tenantId)`: a keyed entry holding a tenant id maps to a tenant, it holds none of its content. */
function isTenantDirectoryEntry(write: Write, context: AnalysisContext): boolean {
  return write.keys.length > 0 && write.value !== undefined && isTenantValue(write.value, context);
}

function abbreviate(text: string): string {
  const compact = text.replace(/\s+/gu, " ");
  return compact.length > 40 ? `${compact.slice(0, 37)}…` : compact;
}

function writerName(node: ts.Node): string {
  const fn = enclosingFunction(node);
  if (ts.isSourceFile(fn)) return "module code";
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name)
    return `${fn.name.getText()}()`;
  if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return `${fn.parent.name.text}()`;
  return "a request callback";
}

/** Any key carrying the tenant scopes the entry (`store[tenantId][id]`, `map.get(tenantId).set(id, …)`). */
function keyEvidence(keys: readonly KeyPart[], context: AnalysisContext): Evidence {
  if (keys.length === 0) return "no";
  return anyPart(keys.map((key) => ("name" in key ? "no" : segmentCarriesTenant(key.expression, context).evidence)));
}

// ---------------------------------------------------------------------------------------------
// Which top-level declarations are stores

function moduleStores(sourceFile: ts.SourceFile, context: AnalysisContext): Store[] {
  const stores: Store[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const reassignable =
      (statement.declarationList.flags & (ts.NodeFlags.Const | ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing)) === 0;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const kind = storeKind(declaration, context);
      if (kind === undefined && !reassignable) continue;
      stores.push({ declaration, name: declaration.name, kind: kind ?? "variable", reassignable });
    }
  }
  return stores;
}

/** The kind of store a declaration makes; undefined for constants, singletons and anything else not a container. */
function storeKind(declaration: ts.VariableDeclaration, context: AnalysisContext): StoreKind | undefined {
  const initializer = declaration.initializer && unwrap(declaration.initializer);
  if (initializer) {
    if (ts.isArrayLiteralExpression(initializer)) return "array";
    if (ts.isObjectLiteralExpression(initializer)) return "object";
    if (ts.isNewExpression(initializer) || ts.isCallExpression(initializer)) {
      const made = constructedKind(initializer, context);
      if (made !== "unknown") return made;
    }
  }
  if (declaration.type) {
    const annotated = annotatedKind(declaration.type);
    if (annotated) return annotated;
  }
  // A known receiver (`createClient()`, `mongoose.model(…)`) is a singleton, whose `set` is a
  // command. Asked before the type: a Mongoose model's type can take TypeScript seconds to infer.
  const made = initializer && ts.isCallExpression(initializer) ? classifyReceiver(initializer, context) : undefined;
  if (made?.status === "target") return undefined;
  if (context.checker) {
    const typed = typedKind(declaration.name as ts.Identifier, context.checker);
    if (typed) return typed;
  }
  // A value made by a call we cannot see into may be a container: judged only if request code writes it.
  return made ? "unknown" : undefined;
}

/** `new Map()`, `new LRUCache()`, `Object.create(null)`; undefined for singletons (`new OpenAI()`, `new AsyncLocalStorage()`). */
function constructedKind(
  node: ts.NewExpression | ts.CallExpression,
  context: AnalysisContext,
): StoreKind | undefined | "unknown" {
  const callee = unwrap(node.expression);
  if (ts.isCallExpression(node) && callee.getText() === "Object.create") return "object";
  if (ts.isCallExpression(node) && callee.getText() === "Array.from") return "array";
  const head = ts.isIdentifier(callee)
    ? callee
    : isAccess(callee) && ts.isIdentifier(unwrap(callee.expression))
      ? (unwrap(callee.expression) as ts.Identifier)
      : undefined;
  if (!head) return "unknown";
  const binding = resolveBinding(head, context.checker);
  if (!binding && ts.isNewExpression(node) && ts.isIdentifier(callee)) {
    if (callee.text === "Map") return "Map";
    if (callee.text === "Set") return "Set";
    if (callee.text === "Array") return "array";
    // WeakMap/WeakSet are keyed by objects (a request, a socket): entries die with them, nothing is shared.
    return undefined;
  }
  if (binding?.kind === "import") {
    if (cacheModules.has(binding.module)) return "cache";
    // Constructed from another package (a client, a pool, AsyncLocalStorage, an emitter): a singleton, not a store.
    if (ts.isNewExpression(node) && !binding.module.startsWith(".")) return undefined;
  }
  return ts.isCallExpression(node) ? "unknown" : undefined;
}

function annotatedKind(type: ts.TypeNode): StoreKind | undefined {
  if (ts.isArrayTypeNode(type)) return "array";
  if (ts.isTypeLiteralNode(type) && type.members.some((member) => ts.isIndexSignatureDeclaration(member)))
    return "object";
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  switch (type.typeName.text) {
    case "Map":
      return "Map";
    case "Set":
      return "Set";
    case "Array":
      return "array";
    case "Record":
      return "object";
    case "LRUCache":
    case "NodeCache":
    case "QuickLRU":
      return "cache";
    default:
      return undefined;
  }
}

/** With types: `const cache = createCache()` from another file is known to be a `Map`, an array or an LRU cache. */
function typedKind(name: ts.Identifier, checker: ts.TypeChecker): StoreKind | undefined {
  const type = checker.getTypeAtLocation(name);
  if (checker.isArrayType(type)) return "array";
  const symbol = type.getSymbol();
  const fileName = symbol?.declarations?.[0]?.getSourceFile().fileName.replaceAll("\\", "/") ?? "";
  const fromLib = /\/typescript\/lib\/lib\.[^/]*\.d\.ts$/u.test(fileName);
  if (fromLib && symbol?.getName() === "Map") return "Map";
  if (fromLib && symbol?.getName() === "Set") return "Set";
  if ([...cacheModules].some((module) => fileName.includes(`/node_modules/${module}/`))) return "cache";
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// How functions write them

function writesOf(store: Store, context: AnalysisContext): Write[] {
  const writes: Write[] = [];
  for (const node of identifiersNamed(store.declaration.getSourceFile(), store.name.text)) {
    if (node !== store.name && refersTo(node, store, context))
      writes.push(...writesThrough(node, [], store, context, 0));
  }
  return writes;
}

function refersTo(identifier: ts.Identifier, store: Store, context: AnalysisContext): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (
    (ts.isPropertyAssignment(parent) || ts.isBindingElement(parent)) &&
    (parent as ts.PropertyAssignment).name === identifier
  )
    return false;
  const binding = resolveBinding(identifier, context.checker);
  return binding?.kind === "variable" && binding.declaration === store.declaration;
}

/**
 * The writes made through one reference to the store (or to one of its entries, reached by
 * `keys`): assignments to it or its properties, writer methods, and entries taken into a local
 * variable (`const history = conversations.get(id)`) and written there.
 */
function writesThrough(
  reference: ts.Expression,
  keys: readonly KeyPart[],
  store: Store,
  context: AnalysisContext,
  depth: number,
): Write[] {
  if (depth > 6) return [];
  let node: ts.Expression = reference;
  while (
    node.parent &&
    (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isAsExpression(node.parent))
  )
    node = node.parent;
  const parent = node.parent;
  if (!parent) return [];
  // `store = value`, `store[k] = value`, `store[k] ??= []`
  if (ts.isBinaryExpression(parent) && parent.left === node && isAssignment(parent.operatorToken.kind)) {
    if (keys.length === 0 && !store.reassignable) return [];
    // Counters (`total += n`, `count -= 1`) aggregate, they hold no one tenant's content.
    if (isArithmeticAssignment(parent.operatorToken.kind)) return [];
    const writes: Write[] = [{ node: parent, keys, value: parent.right }];
    // `(store[k] ??= []).push(x)`: the assignment's result is the entry.
    if (keys.length > 0 && parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken)
      writes.push(...writesThrough(parent, keys, store, context, depth + 1));
    return writes;
  }
  if (ts.isPostfixUnaryExpression(parent) || ts.isPrefixUnaryExpression(parent)) return [];
  if (isAccess(parent) && parent.expression === node) {
    const call = parent.parent;
    const method = accessedName(parent);
    if (call && ts.isCallExpression(call) && call.expression === parent && method !== undefined)
      return methodWrites(call, method, keys, store, context, depth);
    const key: KeyPart | undefined = ts.isPropertyAccessExpression(parent)
      ? { name: parent.name.text }
      : keyPart(parent.argumentExpression);
    return key ? writesThrough(parent, [...keys, key], store, context, depth + 1) : [];
  }
  if (
    ts.isCallExpression(parent) &&
    unwrap(parent.expression).getText() === "Object.assign" &&
    parent.arguments[0] === node
  ) {
    return parent.arguments
      .slice(1)
      .map((source) => ({ node: parent, keys: [...keys, ...mergedKeys(source)], value: source }));
  }
  // `const history = conversations.get(id) ?? []`: writes to `history` are writes to that entry.
  if (keys.length > 0) return aliasWrites(node, keys, store, context, depth);
  return [];
}

function methodWrites(
  call: ts.CallExpression,
  method: string,
  keys: readonly KeyPart[],
  store: Store,
  context: AnalysisContext,
  depth: number,
): Write[] {
  const keyed = Object.hasOwn(keyedWriters, method) ? keyedWriters[method] : undefined;
  if (keyed) {
    const keyArgument = keyed.key === "value" ? call.arguments[keyed.values[0]!] : call.arguments[keyed.key];
    const key = keyArgument && keyPart(keyArgument);
    if (!key) return [];
    const writes: Write[] = keyed.values.map((index) => ({
      node: call,
      keys: [...keys, key],
      value: call.arguments[index],
    }));
    // A `Set` holds its values as keys: `seen.add(email)` writes request data under the key `email`.
    return writes;
  }
  if (appendingWriters.has(method)) {
    const values =
      method === "splice"
        ? call.arguments.slice(2)
        : method === "fill"
          ? call.arguments.slice(0, 1)
          : [...call.arguments];
    return values.map((value) => ({ node: call, keys, value: ts.isSpreadElement(value) ? value.expression : value }));
  }
  // `store.get(k)`, `cache.peek(k)`: an entry, which may be written in turn.
  if (/^(get|peek|at)$/u.test(method) && call.arguments[0]) {
    const key = keyPart(call.arguments[0]);
    return key ? writesThrough(call, [...keys, key], store, context, depth + 1) : [];
  }
  return [];
}

function keyPart(expression: ts.Expression): KeyPart | undefined {
  const node = unwrap(expression);
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) return { name: node.text };
  return { expression };
}

/** `Object.assign(store, { a, b })`: its property names; anything else is one undecidable key. */
function mergedKeys(source: ts.Expression): KeyPart[] {
  const node = unwrap(source);
  if (ts.isObjectLiteralExpression(node) && node.properties.length === 1) {
    const name = propertyNameText(node.properties[0]!.name);
    if (name !== undefined) return [{ name }];
  }
  return [{ expression: source }];
}

function aliasWrites(
  entry: ts.Expression,
  keys: readonly KeyPart[],
  store: Store,
  context: AnalysisContext,
  depth: number,
): Write[] {
  let node: ts.Node = entry;
  while (
    node.parent &&
    (ts.isParenthesizedExpression(node.parent) ||
      ts.isNonNullExpression(node.parent) ||
      ts.isAsExpression(node.parent) ||
      (ts.isBinaryExpression(node.parent) &&
        node.parent.left === node &&
        (node.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          node.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)))
  ) {
    node = node.parent;
  }
  const declaration = node.parent;
  let alias: ts.Identifier | undefined;
  if (
    declaration &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer === node &&
    ts.isIdentifier(declaration.name)
  )
    alias = declaration.name;
  if (
    declaration &&
    ts.isBinaryExpression(declaration) &&
    declaration.right === node &&
    declaration.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isIdentifier(unwrap(declaration.left))
  ) {
    alias = unwrap(declaration.left) as ts.Identifier;
  }
  if (!alias) return [];
  const target = alias;
  const fn = enclosingFunction(entry);
  const writes: Write[] = [];
  const visit = (child: ts.Node): void => {
    if (
      ts.isIdentifier(child) &&
      child !== target &&
      child.text === target.text &&
      child.pos > entry.pos &&
      isAccess(child.parent) &&
      child.parent.expression === child
    ) {
      writes.push(...writesThrough(child, keys, { ...store, reassignable: false }, context, depth + 1));
    }
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(fn, visit);
  return writes;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isArithmeticAssignment(kind: ts.SyntaxKind): boolean {
  return (
    isAssignment(kind) &&
    kind !== ts.SyntaxKind.EqualsToken &&
    kind !== ts.SyntaxKind.QuestionQuestionEqualsToken &&
    kind !== ts.SyntaxKind.BarBarEqualsToken &&
    kind !== ts.SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

// ---------------------------------------------------------------------------------------------
// Request-derived

/** The write runs per request or job: its function (or an enclosing one) takes a request or a job, or has a tenant in scope. */
function runsPerRequest(write: ts.Node, context: AnalysisContext): boolean {
  for (let fn = enclosingFunction(write); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) {
    if (takesRequestOrJob(fn, context) || hasTenantInScope(fn, context)) return true;
  }
  return false;
}

/** A value that holds nothing from the request: see the file comment. */
function isStatic(value: ts.Expression | undefined, store: Store, context: AnalysisContext, depth = 0): boolean {
  if (!value) return true;
  if (depth > 6) return false;
  if (isOwnId(value, context)) return true;
  let dynamic = false;
  const visit = (node: ts.Node): void => {
    if (dynamic) return;
    if (ts.isNewExpression(node) && constructsFromPackage(node, context)) return;
    // Read back from the store itself: a counter or an entry being rebuilt, not new request data.
    if ((isAccess(node) || ts.isCallExpression(node)) && rootIdentifier(node)?.text === store.name.text) return;
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      dynamic = true;
      return;
    }
    if (ts.isIdentifier(node) && isValueIdentifier(node) && !boundInside(node, value)) {
      if (!staticIdentifier(node, store, context, depth)) {
        dynamic = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(value);
  return !dynamic;
}

function constructsFromPackage(node: ts.NewExpression, context: AnalysisContext): boolean {
  const callee = unwrap(node.expression);
  const head = ts.isIdentifier(callee)
    ? callee
    : isAccess(callee) && ts.isIdentifier(unwrap(callee.expression))
      ? (unwrap(callee.expression) as ts.Identifier)
      : undefined;
  const binding = head && resolveBinding(head, context.checker);
  // A client made from a package (`new OpenAI()`, `new Queue(name)`): a singleton, not request data.
  return binding?.kind === "import" && !binding.module.startsWith(".") && !cacheModules.has(binding.module);
}

function rootIdentifier(node: ts.Expression): ts.Identifier | undefined {
  let current = unwrap(node);
  for (;;) {
    if (isAccess(current)) current = unwrap(current.expression);
    else if (ts.isCallExpression(current)) current = unwrap(current.expression);
    else return ts.isIdentifier(current) ? current : undefined;
  }
}

function isValueIdentifier(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if (ts.isParameter(parent) || ts.isTypeReferenceNode(parent) || ts.isBindingElement(parent)) return false;
  if (ts.isVariableDeclaration(parent) && parent.name === node) return false;
  return !ts.isTypeNode(parent);
}

/** A name bound inside the value itself (`items.map((item) => item.id)`) adds nothing of its own. */
function boundInside(node: ts.Identifier, value: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current && current !== value.parent; current = current.parent) {
    if (
      ts.isFunctionLike(current) &&
      current.parameters.some((parameter) =>
        parameter
          .getText()
          .split(/[^\w$]+/u)
          .includes(node.text),
      )
    )
      return true;
  }
  return false;
}

/** `job.id`, `req.id`: the id of the job or request itself names the unit of work and holds none of its content (an in-flight set). */
function isOwnId(value: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(value);
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== "id" || !ts.isIdentifier(unwrap(node.expression)))
    return false;
  const binding = resolveBinding(unwrap(node.expression) as ts.Identifier, context.checker);
  return binding?.kind === "parameter" && isRequestOrJobParameter(binding.declaration, context);
}

function staticIdentifier(node: ts.Identifier, store: Store, context: AnalysisContext, depth: number): boolean {
  if (node.text === "undefined") return true;
  const binding = resolveBinding(node, context.checker);
  if (!binding) return true;
  // A caught error (`lastError = err`) is a diagnostic, not tenant data.
  if ((binding.kind === "variable" || binding.kind === "other") && ts.isCatchClause(binding.declaration.parent))
    return true;
  if (binding.kind === "parameter") return false;
  if (binding.kind !== "variable") return true;
  if (binding.declaration === store.declaration) return true;
  if (ts.isSourceFile(enclosingFunction(binding.declaration))) return true;
  const { values, opaque } = variableValues(node, context);
  if (opaque) return false;
  return values.every((value) => isStatic(value, store, context, depth + 1));
}
