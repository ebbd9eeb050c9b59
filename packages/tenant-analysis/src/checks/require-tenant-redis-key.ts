/**
 * `require-tenant-redis-key` (redis-keys): every key a Redis command touches has a tenant
 * segment, so one tenant's cache, session or counter can never be read by another.
 */
import ts from "../typescript.cjs";
import { examineNotUnderstood } from "../coverage.js";
import {
  isDistinctiveRedisCommand,
  redisCommandKeys,
  redisModuleCommandKeys,
  type KeyPositions,
} from "../adapters/redis-commands.js";
import { callMember, propertyNameText, unwrap } from "../ast.js";
import { initialValue } from "../bindings.js";
import { type CheckScope, defineCheck, type SuggestionInput } from "../check.js";
import type { Evidence } from "../evidence/evidence.js";
import { isGlobalKey, keyCarriesTenant } from "../evidence/key-evidence.js";
import { classifyReceiver, type Target } from "../receivers/classify.js";
import { tenantValueInScope } from "../suggestions.js";
import type { AnalysisContext } from "../types.js";

export type RequireTenantRedisKeyMessageId = "missingTenantSegment" | "prefixKeyWithTenant";

export const requireTenantRedisKey = defineCheck<RequireTenantRedisKeyMessageId>({
  ruleId: "require-tenant-redis-key",
  messages: {
    missingTenantSegment: "Redis {{command}} uses key {{key}} with no {{field}} segment; every tenant shares it",
    prefixKeyWithTenant: "Prefix the key with the tenant: {{replacement}}",
  },
  run(scope) {
    examineNotUnderstood(scope, "redis-keys");
    for (const call of scope.facts.calls) {
      const called = callMember(call);
      if (!called) continue;
      // `redis.json.set(key, …)`: a module's command on the client's namespace; the client is the receiver.
      const namespace = moduleCommand(called.receiver, called.method);
      const member = namespace ? { receiver: namespace.client, method: called.method } : called;
      const positions = namespace?.positions ?? redisCommandKeys(member.method);
      if (!positions) continue;
      const classification = classifyReceiver(member.receiver, scope.context);
      // `x.json.set(…)` on anything but a known Redis client is nobody's RedisJSON.
      if (namespace && classification.status !== "target") continue;
      if (classification.status === "unknown" && isDistinctiveRedisCommand(member.method)) {
        // `deps.redis.hgetall(key)`: most likely Redis, but not known to be; counted, never reported.
        scope.examined("unknown", { node: call, reason: "a Redis-like command on a receiver not known to be Redis" });
        continue;
      }
      if (classification.status !== "target" || classification.target.kind !== "redis") continue;
      const prefix = clientKeyPrefix(member.receiver, classification.target, scope.context);
      if (prefix === "yes") {
        // `new Redis({ keyPrefix: \`${tenantId}:\` })`: the client prefixes every key with the tenant.
        scope.examined("scoped");
        continue;
      }
      checkCommand(call, member.method, positions, prefix, scope);
    }
  },
});

function moduleCommand(
  receiver: ts.Expression,
  method: string,
): { client: ts.Expression; positions: KeyPositions } | undefined {
  const node = unwrap(receiver);
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const positions = redisModuleCommandKeys(node.name.text, method);
  return positions ? { client: node.expression, positions } : undefined;
}

/** The key arguments of a command; an array stands for its elements (node-redis `del([a, b])`). */
function keyArguments(
  call: ts.CallExpression,
  positions: KeyPositions,
  context: AnalysisContext,
): ts.Expression[] | undefined {
  return keysAmong([...call.arguments], positions, context, 0);
}

function keysAmong(
  all: readonly ts.Expression[],
  positions: KeyPositions,
  context: AnalysisContext,
  depth: number,
): ts.Expression[] | undefined {
  const args = all.filter((arg) => !ts.isSpreadElement(arg));
  const hasSpread = args.length !== all.length;
  switch (positions) {
    case "first":
      return all[0] && !ts.isSpreadElement(all[0]) ? [all[0]] : undefined;
    case "two":
      return hasSpread ? undefined : args.slice(0, 2);
    case "all":
      return expandArrays(args);
    case "allButLast":
      // `blPop(["a", "b"], 0)` (node-redis) or `blpop("a", "b", 0)` (ioredis): the last argument is the timeout.
      return hasSpread ? expandArrays(args) : expandArrays(args.slice(0, -1));
    case "pairs":
      return args.length === 1
        ? pairKeys(args[0]!, context)
        : hasSpread
          ? undefined
          : args.filter((_, index) => index % 2 === 0);
    case "subcommand":
      return hasSpread ? undefined : args.slice(1, 2);
    case "command":
      // `call("GET", key)`: the command name says where its keys are; an unknown name cannot tell.
      return depth === 0 && !hasSpread ? namedCommandKeys(args, context) : undefined;
    case "commandArray": {
      // `sendCommand(["GET", key])`: the same, inside one array.
      const list = args[0] && unwrap(args[0]);
      if (
        depth > 0 ||
        !list ||
        !ts.isArrayLiteralExpression(list) ||
        list.elements.some((element) => ts.isSpreadElement(element))
      )
        return undefined;
      return namedCommandKeys([...list.elements], context);
    }
    case "script":
      return scriptKeys(all, context);
    default:
      return undefined;
  }
}

function namedCommandKeys(args: readonly ts.Expression[], context: AnalysisContext): ts.Expression[] | undefined {
  const name = args[0] && unwrap(args[0]);
  if (!name || !ts.isStringLiteralLike(name)) return undefined;
  const positions = redisCommandKeys(name.text);
  return positions ? keysAmong(args.slice(1), positions, context, 1) : undefined;
}

function expandArrays(args: readonly ts.Expression[]): ts.Expression[] {
  return args.flatMap((arg) => {
    const node = unwrap(arg);
    return ts.isArrayLiteralExpression(node) ? node.elements.filter((element) => !ts.isSpreadElement(element)) : [arg];
  });
}

/** `mset({ a: 1, [k]: 2 })`, `mSet([["a", "1"], [k, "2"]])` or `mSet(["a", "1", k, "2"])`: the keys. */
function pairKeys(arg: ts.Expression, context: AnalysisContext): ts.Expression[] | undefined {
  let node = unwrap(arg);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  if (ts.isObjectLiteralExpression(node)) {
    const keys: ts.Expression[] = [];
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return undefined;
      if (ts.isComputedPropertyName(property.name)) keys.push(property.name.expression);
      else if (
        ts.isIdentifier(property.name) ||
        ts.isStringLiteralLike(property.name) ||
        ts.isNumericLiteral(property.name)
      )
        keys.push(property.name);
      else return undefined;
    }
    return keys;
  }
  if (!ts.isArrayLiteralExpression(node)) return undefined;
  const elements = node.elements;
  if (elements.some((element) => ts.isSpreadElement(element))) return undefined;
  if (elements.every((element) => ts.isArrayLiteralExpression(unwrap(element)))) {
    return elements.flatMap((element) => (unwrap(element) as ts.ArrayLiteralExpression).elements.slice(0, 1));
  }
  return elements.filter((_, index) => index % 2 === 0);
}

/** ioredis `eval(script, 2, keyA, keyB, arg)`; node-redis `eval(script, { keys: [a, b], arguments })`. */
function scriptKeys(args: readonly ts.Expression[], context: AnalysisContext): ts.Expression[] | undefined {
  const second = args[1] && unwrap(args[1]);
  if (!second) return undefined;
  if (ts.isNumericLiteral(second)) {
    const count = Number(second.text);
    const keys = args.slice(2, 2 + count);
    return keys.length === count && !keys.some((key) => ts.isSpreadElement(key)) ? keys : undefined;
  }
  let options = second;
  if (ts.isIdentifier(options)) options = initialValue(options, context.checker) ?? options;
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  const keys = options.properties.find((property) => propertyNameText(property.name) === "keys");
  if (!keys) return [];
  if (!ts.isPropertyAssignment(keys)) return undefined;
  const list = unwrap(keys.initializer);
  return ts.isArrayLiteralExpression(list) && !list.elements.some((element) => ts.isSpreadElement(element))
    ? [...list.elements]
    : undefined;
}

/**
 * Whether the client adds a tenant prefix to every key itself: ioredis' `keyPrefix` option,
 * given where the client was made (`new Redis({ keyPrefix })`, `redis.duplicate({ keyPrefix })`,
 * `new Cluster(nodes, { redisOptions: { keyPrefix } })`). `no` when there is no such option.
 */
function clientKeyPrefix(receiver: ts.Expression, target: Target, context: AnalysisContext): Evidence {
  let current = unwrap(receiver);
  for (let depth = 0; depth < 8; depth += 1) {
    if (ts.isIdentifier(current)) {
      const value = initialValue(current, context.checker);
      if (!value || value === current) break;
      current = value;
      continue;
    }
    if (!ts.isCallExpression(current)) break;
    const member = callMember(current);
    if (!member) break;
    if (member.method === "duplicate") {
      const prefix = keyPrefixOption(current, context);
      if (prefix) return keyCarriesTenant(prefix, context).evidence;
    }
    current = unwrap(member.receiver);
  }
  const prefix = target.origin && keyPrefixOption(target.origin, context);
  return prefix ? keyCarriesTenant(prefix, context).evidence : "no";
}

function keyPrefixOption(
  made: ts.CallExpression | ts.NewExpression,
  context: AnalysisContext,
): ts.Expression | undefined {
  for (const argument of made.arguments ?? []) {
    const found = keyPrefixIn(argument, context, 0);
    if (found) return found;
  }
  return undefined;
}

function keyPrefixIn(options: ts.Expression, context: AnalysisContext, depth: number): ts.Expression | undefined {
  let node = unwrap(options);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  if (!ts.isObjectLiteralExpression(node) || depth > 2) return undefined;
  for (const property of node.properties) {
    const name = propertyNameText(property.name);
    if (name === "keyPrefix") {
      if (ts.isPropertyAssignment(property)) return property.initializer;
      if (ts.isShorthandPropertyAssignment(property)) return property.name;
    }
    if (name === "redisOptions" && ts.isPropertyAssignment(property)) {
      const inner = keyPrefixIn(property.initializer, context, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The first part of `[a, b].join(sep)`, where the tenant goes. */
function joinedParts(node: ts.Expression): ts.Expression | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = unwrap(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "join") return undefined;
  const list = unwrap(callee.expression);
  return ts.isArrayLiteralExpression(list) ? list.elements[0] : undefined;
}

/** `a` in `mset({ a: 1 })`: the property's name is the key itself. */
function isPropertyNameKey(key: ts.Expression): key is ts.Identifier {
  const parent = key.parent;
  return (
    ts.isIdentifier(key) &&
    (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) &&
    parent.name === key
  );
}

function checkCommand(
  call: ts.CallExpression,
  method: string,
  positions: KeyPositions,
  prefix: Evidence,
  scope: CheckScope<RequireTenantRedisKeyMessageId>,
): void {
  const keys = keyArguments(call, positions, scope.context);
  if (!keys || keys.length === 0) {
    scope.examined("unknown", { node: call, reason: "its key arguments could not be read" });
    return;
  }
  let reportedKey: ts.Expression | undefined;
  let undecided: string | undefined;
  for (const key of keys) {
    const verdict = isPropertyNameKey(key)
      ? { evidence: "no" as const, shape: key.text }
      : keyCarriesTenant(key, scope.context);
    if (verdict.evidence === "yes" || isGlobalKey(verdict, scope.context)) continue;
    // A client prefix we cannot read (`keyPrefix: prefix`) may carry the tenant.
    if (verdict.evidence === "unknown") undecided ??= "its key is built from a value that could not be followed";
    else if (prefix === "unknown") undecided ??= "the client's key prefix could not be read";
    else reportedKey ??= key;
  }
  if (!reportedKey && undecided) scope.examined("unknown", { node: call, reason: undecided });
  else scope.examined(reportedKey ? "unscoped" : "scoped");
  if (!reportedKey) return;
  const keyText = shownKey(reportedKey, scope);
  scope.report(
    call,
    "missingTenantSegment",
    {
      command: method,
      key: keyText,
      field: scope.context.settings.tenantFields[0]!,
    },
    prefixSuggestions(reportedKey, scope),
  );
}

/** The key as a reader knows it: `const key = \`rl:ip:${ip}\`; redis.incr(key)` shows what the variable holds, not its name. */
function shownKey(key: ts.Expression, scope: CheckScope<string>): string {
  const node = unwrap(key);
  const held =
    ts.isIdentifier(node) && !isPropertyNameKey(node) ? initialValue(node, scope.context.checker) : undefined;
  const text = (held ?? node).getText(scope.sourceFile);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** `"stats"` → `` `${tenantId}:stats` ``; `` `session:${id}` `` → `` `${tenantId}:session:${id}` ``. */
function prefixSuggestions(
  key: ts.Expression,
  scope: CheckScope<RequireTenantRedisKeyMessageId>,
): SuggestionInput<RequireTenantRedisKeyMessageId>[] {
  // A key that is an object's property name (`mset({ a: 1 })`) cannot become a template in place.
  if (isPropertyNameKey(key)) return [];
  const value = tenantValueInScope(key, scope.context);
  if (!value) return [];
  const node = unwrap(key);
  const joined = joinedParts(node);
  if (joined) {
    // `["session", id].join(":")` → `[tenantId, "session", id].join(":")`
    const start = joined.getStart(scope.sourceFile);
    const text = node.getText(scope.sourceFile);
    const offset = start - node.getStart(scope.sourceFile);
    const replacement = `${text.slice(0, offset)}${value}, ${text.slice(offset)}`;
    return [
      { messageId: "prefixKeyWithTenant", data: { replacement }, edits: [{ start, end: start, text: `${value}, ` }] },
    ];
  }
  let replacement: string;
  if (ts.isNumericLiteral(node)) {
    replacement = `\`\${${value}}:${node.text}\``;
  } else if (ts.isStringLiteralLike(node)) {
    replacement = `\`\${${value}}:${node.text.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("${", "\\${")}\``;
  } else if (ts.isTemplateExpression(node)) {
    const text = node.getText(scope.sourceFile);
    replacement = `\`\${${value}}:${text.slice(1)}`;
  } else {
    replacement = `\`\${${value}}:\${${node.getText(scope.sourceFile)}}\``;
  }
  return [
    {
      messageId: "prefixKeyWithTenant",
      data: { replacement },
      edits: [{ start: key.getStart(scope.sourceFile), end: key.end, text: replacement }],
    },
  ];
}
