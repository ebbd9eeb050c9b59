/**
 * The per-tenant quota: a limiter, budget or quota taken for the tenant before work that costs
 * the shared provider capacity (an LLM call). One definition for the rate-limit check and the
 * function summaries ("checks the per-tenant quota and refuses on exhaustion").
 */
import ts from "./typescript.cjs";
import { accessedName, alwaysLeaves, callMember, contains, isAccess, memberPath, unwrap } from "./ast.js";
import { initialValue, resolveBinding } from "./bindings.js";
import type { Verdict } from "./check.js";
import { localFunction } from "./evidence/local-flow.js";
import type { AnalysisContext } from "./types.js";
import { bindsTenant, calleeText, carriesTenant, mentionsTenant } from "./tenant-mentions.js";

/** An awaited per-tenant limiter call in `fn` (not in a nested function) that ends before `site` in a block enclosing it. */
export function limitedBefore(
  site: ts.Node,
  fn: ts.FunctionLikeDeclaration | ts.SourceFile,
  context: AnalysisContext,
): boolean {
  const body = ts.isSourceFile(fn) ? fn : fn.body;
  if (!body) return false;
  let found = false;
  const siteStart = site.getStart();
  const visit = (node: ts.Node): void => {
    if (found || node.pos >= siteStart) return;
    if (node !== body && ts.isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node) && node.end <= siteStart) {
      const awaited = unwrap(node.expression);
      // `await Promise.all([limiter.consume(tenantId), loadPrompt()])` waits for the limiter too.
      const calls = ts.isCallExpression(awaited) ? [awaited, ...promiseCombined(awaited)] : [];
      if (calls.some((call) => isTenantLimiterCall(call, context, 0)) && dominates(node, site)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** The calls `Promise.all([…])` / `Promise.allSettled([…])` waits for. */
export function promiseCombined(call: ts.CallExpression): ts.CallExpression[] {
  const callee = unwrap(call.expression);
  if (
    !ts.isPropertyAccessExpression(callee) ||
    !/^(all|allSettled)$/u.test(callee.name.text) ||
    !ts.isIdentifier(callee.expression) ||
    callee.expression.text !== "Promise"
  )
    return [];
  const list = call.arguments[0] && unwrap(call.arguments[0]);
  if (!list || !ts.isArrayLiteralExpression(list)) return [];
  return list.elements
    .map((element) => unwrap(element as ts.Expression))
    .filter((element): element is ts.CallExpression => ts.isCallExpression(element));
}

/**
 * The statement holding `awaited` sits in a block that also holds `site` (so it is not in another
 * branch). A limiter awaited in a `try` block also covers what follows the `try` when its
 * `catch` leaves (`try { await limiter.consume(tenantId, n) } catch { return reply.code(429) }`):
 * a limiter that throws when the tenant is over budget is used exactly that way.
 */
export function dominates(awaited: ts.Node, site: ts.Node): boolean {
  let statement: ts.Node = awaited;
  for (;;) {
    while (
      statement.parent &&
      !ts.isBlock(statement.parent) &&
      !ts.isSourceFile(statement.parent) &&
      !ts.isCaseClause(statement.parent) &&
      !ts.isDefaultClause(statement.parent)
    ) {
      if (ts.isFunctionLike(statement.parent)) return false;
      statement = statement.parent;
    }
    const block = statement.parent;
    if (block === undefined) return false;
    if (contains(block, site)) return true;
    // Only when the `catch` leaves too: one that logs and carries on lets the call through over budget.
    if (
      ts.isBlock(block) &&
      block.parent &&
      ts.isTryStatement(block.parent) &&
      block.parent.tryBlock === block &&
      (!block.parent.catchClause || alwaysLeaves(block.parent.catchClause.block))
    ) {
      statement = block.parent;
      continue;
    }
    return false;
  }
}

/** Names that say a call or object is a rate limiter, budget or quota (`getOrCreateLimiter`, `budget`, `rateLimiter`). */
export const limiterName = /limit|budget|throttl|quota|bucket|capacity|(reserve|consume|spend|charge)tokens/iu;

/** Methods that take capacity from a limiter whatever its name: `waitForCapacity`, `consume`, `reserve`. */
export const limiterMethods = new Set([
  "waitForCapacity",
  "consume",
  "reserve",
  "removeTokens",
  "take",
  "charge",
  "spend",
]);

/** Limiter methods that run a callback within the limit (Bottleneck's `schedule`, `wrap`). */
export const scheduleMethods = new Set(["schedule", "wrap", "submit", "run"]);

/**
 * A call that takes capacity from a limiter for the tenant: a limiter method or a limiter-named
 * receiver or function (`limiter.consume(tenantId, n)`, `budget.reserve(tenantId, n)`,
 * `getOrCreateLimiter(tenantId).waitForCapacity(n)`, `enforceTenantQuota(tenantId)`), or a local
 * function that awaits one, keyed by the tenant (not by a constant such as `'global'`).
 */
export function isTenantLimiterCall(call: ts.CallExpression, context: AnalysisContext, depth: number): boolean {
  if (!isLimiterCall(call, context, depth)) return false;
  return keyedByTenant(call, context, 0);
}

export function isLimiterCall(call: ts.CallExpression, context: AnalysisContext, depth: number): boolean {
  const member = callMember(call);
  if (member) {
    // Only the receiver's name counts, not the method's: `Campaign.find(q).limit(10)` limits rows.
    if (limiterMethods.has(member.method)) return true;
    const receiverName = nameOf(member.receiver, context);
    if (receiverName !== undefined && limiterName.test(receiverName)) return true;
    // `await this.checkAllowance(tenantId, n)`: a method of this class that awaits a limiter.
    if (unwrap(member.receiver).kind !== ts.SyntaxKind.ThisKeyword) return false;
  }
  const name = member ? undefined : calleeText(call);
  if (name !== undefined && limiterName.test(name)) return true;
  // A function of another file that awaits the tenant's limiter (found by the CLI).
  if (name !== undefined && ts.isIdentifier(unwrap(call.expression)) && context.projectFacts?.limiterWrappers.has(name))
    return true;
  // `await reserveTokens(tenantId, n)`: a function of this file that awaits a limiter itself.
  const fn = localFunction(call, context);
  return fn !== undefined && depth < 2 && awaitsLimiter(fn, context, depth + 1);
}

/** The name an object is known by: `limiter`, `deps.budget` → `budget`, `getOrCreateLimiter(t)` → `getOrCreateLimiter`, and what a variable was made from. */
export function nameOf(expression: ts.Expression, context: AnalysisContext): string | undefined {
  const node = unwrap(expression);
  if (ts.isIdentifier(node)) {
    if (limiterName.test(node.text)) return node.text;
    if (madeByLimiterPackage(node, context)) return "limiter";
    const value = initialValue(node, context.checker);
    return value && value !== node
      ? ((ts.isCallExpression(value) || ts.isNewExpression(value) ? constructedName(value, context) : undefined) ??
          node.text)
      : node.text;
  }
  if (isAccess(node)) return accessedName(node);
  if (ts.isCallExpression(node)) return constructedName(node, context);
  return undefined;
}

export function constructedName(
  node: ts.CallExpression | ts.NewExpression,
  context: AnalysisContext,
): string | undefined {
  const callee = unwrap(node.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (isAccess(callee)) {
    // `limiters.get(tenantId)`, `group.key(tenantId)`: named after the collection.
    const owner = memberPath(callee.expression);
    if (limiterName.test(owner ?? "")) return owner;
    const head = unwrap(callee.expression);
    return ts.isIdentifier(head) && madeByLimiterPackage(head, context) ? "limiter" : accessedName(callee);
  }
  return undefined;
}

/** Packages whose objects are rate limiters whatever a variable is called: `const group = new Bottleneck.Group()`. */
export const limiterModules: ReadonlySet<string> = new Set([
  "bottleneck",
  "rate-limiter-flexible",
  "limiter",
  "@upstash/ratelimit",
  "p-throttle",
]);

export function madeByLimiterPackage(identifier: ts.Identifier, context: AnalysisContext): boolean {
  const value = initialValue(identifier, context.checker);
  if (!value || !(ts.isNewExpression(value) || ts.isCallExpression(value))) return false;
  const callee = unwrap(value.expression);
  const head = ts.isIdentifier(callee)
    ? callee
    : isAccess(callee) && ts.isIdentifier(unwrap(callee.expression))
      ? (unwrap(callee.expression) as ts.Identifier)
      : undefined;
  const binding = head && resolveBinding(head, context.checker);
  return binding?.kind === "import" && limiterModules.has(binding.module);
}

/**
 * The limiter is for the tenant: a non-callback argument carries it (`consume(tenantId, n)`,
 * `` consume(`llm:${tenantId}`) ``), or the limiter was obtained with it
 * (`getOrCreateLimiter(tenantId, …).waitForCapacity(n)`, `const l = limiters.get(tenantId)`).
 */
export function keyedByTenant(
  call: ts.CallExpression | ts.NewExpression,
  context: AnalysisContext,
  depth: number,
): boolean {
  if (depth > 6) return false;
  const args = call.arguments ?? [];
  if (args.some((argument) => !isFunction(argument) && carriesTenant(argument, context))) return true;
  if (!ts.isCallExpression(call)) return false;
  const member = callMember(call);
  if (!member) {
    // A local function keyed inside by its own tenant-free logic (ALS, `currentTenant()`): trust its body.
    const fn = localFunction(call, context);
    return (
      fn !== undefined &&
      !fn.parameters.some((parameter) => bindsTenant(parameter.name, context)) &&
      awaitsLimiter(fn, context, depth + 1)
    );
  }
  const receiver = unwrap(member.receiver);
  if (ts.isCallExpression(receiver) || ts.isNewExpression(receiver)) return keyedByTenant(receiver, context, depth + 1);
  if (ts.isIdentifier(receiver)) {
    const value = initialValue(receiver, context.checker);
    if (value && (ts.isCallExpression(value) || ts.isNewExpression(value)))
      return keyedByTenant(value, context, depth + 1);
  }
  return false;
}

export function isFunction(node: ts.Expression): boolean {
  const inner = unwrap(node);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
}

/** Whether a function body awaits a per-tenant limiter call (not inside a nested function). */
export function awaitsLimiter(fn: ts.FunctionLikeDeclaration, context: AnalysisContext, depth: number): boolean {
  if (!fn.body) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node !== fn.body && ts.isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node)) {
      const awaited = unwrap(node.expression);
      if (
        ts.isCallExpression(awaited) &&
        isLimiterCall(awaited, context, depth) &&
        keyedByTenant(awaited, context, depth)
      ) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

/**
 * `fn` is a callback handed to a call: is that call a limiter wrapper?
 * - named in `scopeHelpers` or discovered by the CLI (`projectFacts.limiterWrappers`): yes;
 * - a limiter's `schedule`/`wrap` (Bottleneck) or a limiter-named function, keyed by the tenant: yes;
 * - a function of this file that awaits a per-tenant limiter before calling its callback: yes
 *   (when it takes the tenant as a parameter, the call site must pass one);
 * - a function we cannot see into, with the tenant among its arguments: unknown.
 */
export function wrapperVerdict(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): Verdict {
  const parent = fn.parent;
  if (
    !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ||
    !parent ||
    !ts.isCallExpression(parent) ||
    !parent.arguments.includes(fn)
  ) {
    return "unscoped";
  }
  const wrapper = parent;
  const name = calleeText(wrapper);
  if (
    name !== undefined &&
    (context.settings.scopeHelpers.includes(name) || context.projectFacts?.limiterWrappers.has(name))
  )
    return "scoped";
  const tenantPassed = wrapper.arguments.some(
    (argument) => argument !== fn && !isFunction(argument) && mentionsTenant(argument, context),
  );
  const member = callMember(wrapper);
  // `limiter.consume(tenantId, n).then(() => openai…)`: the callback runs once capacity is taken.
  if (
    member &&
    member.method === "then" &&
    ts.isCallExpression(unwrap(member.receiver)) &&
    isTenantLimiterCall(unwrap(member.receiver) as ts.CallExpression, context, 0)
  ) {
    return "scoped";
  }
  if (member && scheduleMethods.has(member.method)) {
    const receiverName = nameOf(member.receiver, context);
    const limiter = (receiverName !== undefined && limiterName.test(receiverName)) || isGroupKeyCall(member.receiver);
    if (limiter && (tenantPassed || keyedByTenant(wrapper, context, 0))) return "scoped";
  }
  if (name !== undefined && limiterName.test(name) && tenantPassed) return "scoped";
  const local = localFunction(wrapper, context);
  if (local) {
    if (!awaitsLimiter(local, context, 1)) return "unscoped";
    const takesTenant = local.parameters.some((parameter) => bindsTenant(parameter.name, context));
    return !takesTenant || tenantPassed ? "scoped" : "unscoped";
  }
  // Array methods, promises and timers never limit anything.
  if (member && knownNonWrappers.has(member.method)) return "unscoped";
  return tenantPassed ? "unknown" : "unscoped";
}

/** `group.key(tenantId)`: Bottleneck's limiter group hands out one limiter per key. */
export function isGroupKeyCall(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  return ts.isCallExpression(node) && callMember(node)?.method === "key" && node.arguments.length === 1;
}

export const knownNonWrappers = new Set([
  "map",
  "forEach",
  "flatMap",
  "filter",
  "reduce",
  "then",
  "catch",
  "finally",
  "all",
  "allSettled",
  "race",
  "any",
  "setTimeout",
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "route",
  "use",
  "addHook",
  "process",
  "on",
]);
