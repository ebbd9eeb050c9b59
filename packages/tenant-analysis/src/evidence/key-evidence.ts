/**
 * Does a Redis key (or queue name) carry a tenant segment? Literals never do; templates and
 * concatenations do when a part is a tenant value or a tenant key; key builders in this file
 * are followed (their parameters stand for the caller's arguments); configured scope helpers
 * and discovered key builders always do.
 */
import ts from "../typescript.cjs";
import { calleeName, isStringConcatenation, propertyNameText, unwrap } from "../ast.js";
import { importedDeclaration, importedFunction, resolveBinding } from "../bindings.js";
import type { AnalysisContext } from "../types.js";
import { anyPart, bothBranches, type Evidence, everyPart } from "./evidence.js";
import { localFunction, returnedExpressions, variableValues } from "./local-flow.js";
import { isTenantValue } from "./tenant-value.js";

export interface KeyVerdict {
  readonly evidence: Evidence;
  /** The key's static shape with `*` for dynamic parts, when it is fully known (`session:*`). */
  readonly shape?: string;
}

/**
 * Names that hold a whole key or namespace, not one value: what they hold is decided by the
 * caller (`key`, `cacheKey`, `prefix`, `ns`, `queueName`). A bare `name` or `path` is a value.
 */
function isKeyLikeName(name: string): boolean {
  return /(key|prefix|namespace|^ns|scope)$/iu.test(name) || /.Name$/u.test(name);
}

/**
 * While following a call into a local key builder, what each of its parameters was given:
 * the argument expression, evaluated in the caller's own bindings.
 */
type Arguments = ReadonlyMap<
  ts.ParameterDeclaration,
  { readonly argument: ts.Expression | undefined; readonly outer: Arguments }
>;

const noArguments: Arguments = new Map();

export function keyCarriesTenant(
  expression: ts.Expression | undefined,
  context: AnalysisContext,
  depth = 0,
): KeyVerdict {
  return keyVerdict(expression, context, depth, noArguments);
}

function keyVerdict(
  expression: ts.Expression | undefined,
  context: AnalysisContext,
  depth: number,
  args: Arguments,
): KeyVerdict {
  if (!expression) return { evidence: "unknown" };
  if (depth > 8) return { evidence: "unknown" };
  const node = unwrap(expression);
  if (ts.isStringLiteralLike(node)) return { evidence: "no", shape: node.text };
  if (ts.isNumericLiteral(node)) return { evidence: "no", shape: node.text };
  if (ts.isTemplateExpression(node)) {
    const parts = node.templateSpans.map((span) => partEvidence(span.expression, context, depth, args));
    const shape =
      node.head.text +
      node.templateSpans.map((span, index) => `${parts[index]!.shape ?? "*"}${span.literal.text}`).join("");
    return { evidence: anyPart(parts.map((part) => part.evidence)), shape };
  }
  if (isStringConcatenation(node)) {
    const operands = flattenConcatenation(node);
    const parts = operands.map((operand) =>
      ts.isStringLiteralLike(unwrap(operand))
        ? { evidence: "no" as const, shape: (unwrap(operand) as ts.StringLiteralLike).text }
        : partEvidence(operand, context, depth, args),
    );
    return {
      evidence: anyPart(parts.map((part) => part.evidence)),
      shape: parts.map((part) => part.shape ?? "*").join(""),
    };
  }
  if (ts.isArrayLiteralExpression(node)) {
    // node-redis takes several keys as one array: every key must carry the tenant.
    const parts = node.elements.map((element) =>
      ts.isSpreadElement(element) ? { evidence: "unknown" as const } : keyVerdict(element, context, depth + 1, args),
    );
    return { evidence: everyPart(parts.map((part) => part.evidence)) };
  }
  if (ts.isIdentifier(node)) {
    if (isTenantValue(node, context)) return { evidence: "yes" };
    const bound = boundArgument(node, context, args);
    if (bound)
      return bound.argument ? keyVerdict(bound.argument, context, depth + 1, bound.outer) : { evidence: "unknown" };
    const { values, opaque } = variableValues(node, context);
    if (opaque || values.length === 0) return { evidence: "unknown" };
    const verdicts = values.map((value) => keyVerdict(value, context, depth + 1, args));
    return {
      evidence: bothBranches(verdicts.map((verdict) => verdict.evidence)),
      shape: verdicts.length === 1 ? verdicts[0]!.shape : undefined,
    };
  }
  if (ts.isCallExpression(node))
    return joinedKey(node, context, depth, args) ?? builderVerdict(node, context, depth, args);
  if (ts.isConditionalExpression(node)) {
    return {
      evidence: bothBranches(
        [node.whenTrue, node.whenFalse].map((branch) => keyVerdict(branch, context, depth + 1, args).evidence),
      ),
    };
  }
  if (isTenantValue(node, context)) return { evidence: "yes" };
  const constant = constantString(node, context);
  return constant === undefined ? { evidence: "unknown" } : { evidence: "no", shape: constant };
}

/** `KEYS.STATS` of `const KEYS = { STATS: "stats" } as const`, `CacheKey.Pricing` of a string enum: a literal by another name. */
function constantString(node: ts.Expression, context: AnalysisContext): string | undefined {
  if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(unwrap(node.expression))) return undefined;
  const binding = resolveBinding(unwrap(node.expression) as ts.Identifier, context.checker);
  const name = node.name.text;
  if (binding?.kind === "variable" && binding.constant && binding.declaration.initializer) {
    const object = unwrap(binding.declaration.initializer);
    if (!ts.isObjectLiteralExpression(object)) return undefined;
    const property = object.properties.find(
      (candidate) => ts.isPropertyAssignment(candidate) && propertyNameText(candidate.name) === name,
    ) as ts.PropertyAssignment | undefined;
    const value = property && unwrap(property.initializer);
    return value && ts.isStringLiteralLike(value) ? value.text : undefined;
  }
  if (binding?.kind === "other" && ts.isEnumDeclaration(binding.declaration)) {
    const member = binding.declaration.members.find((candidate) => propertyNameText(candidate.name) === name);
    const value = member?.initializer && unwrap(member.initializer);
    return value && ts.isStringLiteralLike(value) ? value.text : undefined;
  }
  return undefined;
}

/**
 * A value used whole as a key (a `Map` key, an object property): judged like one dynamic part of
 * a key, so a plain id (`campaignId`, `req.body.conversationId`) is a segment without the tenant.
 */
export function segmentCarriesTenant(expression: ts.Expression, context: AnalysisContext): KeyVerdict {
  return partEvidence(expression, context, 0, noArguments);
}

/** One dynamic part of a key: a tenant value, a tenant key, a known non-tenant value, or undecidable. */
function partEvidence(expression: ts.Expression, context: AnalysisContext, depth: number, args: Arguments): KeyVerdict {
  const node = unwrap(expression);
  if (isTenantValue(node, context)) return { evidence: "yes" };
  if (ts.isCallExpression(node)) {
    const verdict = joinedKey(node, context, depth, args) ?? builderVerdict(node, context, depth, args);
    return { ...verdict, evidence: settleUnknown(verdict.evidence, node, context) };
  }
  if (ts.isIdentifier(node)) {
    const bound = boundArgument(node, context, args);
    // A builder's parameter (`(t, id) => \`${t}:${id}\``) is whatever the caller passed in its place.
    if (bound)
      return bound.argument
        ? partEvidence(bound.argument, context, depth + 1, bound.outer)
        : { evidence: "no", shape: "undefined" };
    const binding = resolveBinding(node, context.checker);
    if (binding?.kind === "parameter") return { evidence: isKeyLikeName(node.text) ? "unknown" : "no" };
    const { values, opaque } = variableValues(node, context);
    if (!opaque && values.length > 0) {
      const verdicts = values.map((value) => keyVerdict(value, context, depth + 1, args));
      const evidence = bothBranches(verdicts.map((verdict) => verdict.evidence));
      // A variable holding a plain value (`const id = job.id`) is a non-tenant segment.
      const settled = isKeyLikeName(node.text)
        ? evidence
        : values.reduce<Evidence>(
            (current, value) => (current === "no" ? current : settleUnknown(current, value, context)),
            evidence,
          );
      return { evidence: settled, shape: verdicts.length === 1 ? verdicts[0]!.shape : undefined };
    }
    return { evidence: isKeyLikeName(node.text) ? "unknown" : "no" };
  }
  if (ts.isTemplateExpression(node) || isStringConcatenation(node) || ts.isConditionalExpression(node))
    return keyVerdict(node, context, depth + 1, args);
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node)) return { evidence: "no", shape: node.text };
  // `${user.id}`, `${campaign._id}`: a value of something else, unless it names a whole key.
  const text = node.getText();
  return { evidence: isKeyLikeName(text) ? "unknown" : "no" };
}

/** The argument a parameter of the builder being followed stands for; undefined when `node` is no such parameter. */
function boundArgument(
  node: ts.Identifier,
  context: AnalysisContext,
  args: Arguments,
): { argument: ts.Expression | undefined; outer: Arguments } | undefined {
  if (args.size === 0) return undefined;
  const binding = resolveBinding(node, context.checker);
  if (binding?.kind !== "parameter" || !ts.isIdentifier(binding.declaration.name)) return undefined;
  const bound = args.get(binding.declaration);
  if (!bound) return undefined;
  // A parameter left out falls back to its default value, evaluated where the builder is.
  if (!bound.argument && binding.declaration.initializer)
    return { argument: binding.declaration.initializer, outer: args };
  return bound;
}

/**
 * `[a, tenantId, b].join(":")` (or a `const` array of parts): a key when the parts are known.
 * Undefined when the call is not such a join.
 */
function joinedKey(
  call: ts.CallExpression,
  context: AnalysisContext,
  depth: number,
  args: Arguments,
): KeyVerdict | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "join" || call.arguments.length > 1)
    return undefined;
  let list = unwrap(callee.expression);
  if (ts.isIdentifier(list)) {
    const { values, opaque } = variableValues(list, context);
    if (opaque || values.length !== 1) return undefined;
    list = unwrap(values[0]!);
  }
  if (!ts.isArrayLiteralExpression(list)) return undefined;
  const separatorNode = call.arguments[0] && unwrap(call.arguments[0]);
  const separator =
    separatorNode === undefined ? "," : ts.isStringLiteralLike(separatorNode) ? separatorNode.text : undefined;
  const parts = list.elements.map((element) =>
    ts.isSpreadElement(element) ? { evidence: "unknown" as const } : partEvidence(element, context, depth + 1, args),
  );
  const shape = separator === undefined ? undefined : parts.map((part) => part.shape ?? "*").join(separator);
  return { evidence: anyPart(parts.map((part) => part.evidence)), shape };
}

/**
 * A segment we cannot see into (`${hash(params)}`, `${id}` from an unknown call) is a plain
 * value, not a tenant, unless the tenant flows into it (`${makeScope(tenantId)}`).
 */
function settleUnknown(evidence: Evidence, segment: ts.Node, context: AnalysisContext): Evidence {
  return evidence === "unknown" && !mentionsTenant(segment, context) ? "no" : evidence;
}

function mentionsTenant(node: ts.Node, context: AnalysisContext): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if ((ts.isIdentifier(child) || ts.isPropertyAccessExpression(child)) && isTenantValue(child, context)) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function builderVerdict(call: ts.CallExpression, context: AnalysisContext, depth: number, args: Arguments): KeyVerdict {
  const name = calleeName(call);
  if (
    name !== undefined &&
    (context.settings.scopeHelpers.includes(name) || context.projectFacts?.keyBuilders.has(name))
  )
    return { evidence: "yes" };
  // `JSON.stringify(…)` and other calls whose parts we cannot see. With a checker (typed ESLint,
  // the CLI's program), a builder imported from another file is followed too, through re-exports.
  const fn = localFunction(call, context) ?? importedKeyBuilder(call, context.checker);
  if (!fn || depth > 4 || following.has(fn)) return { evidence: "unknown" };
  following.add(fn);
  try {
    return followBuilder(fn, call, context, depth, args);
  } finally {
    following.delete(fn);
  }
}

/** Builders being followed: one that reaches itself again (directly or through imports) cannot tell. */
const following = new Set<ts.FunctionLikeDeclaration>();

function followBuilder(
  fn: ts.FunctionLikeDeclaration,
  call: ts.CallExpression,
  context: AnalysisContext,
  depth: number,
  args: Arguments,
): KeyVerdict {
  const returned = returnedExpressions(fn);
  if (returned.length === 0) return { evidence: "unknown" };
  // Each parameter stands for the argument in its place; a rest or destructured parameter is left to its name.
  const inner = new Map(args);
  fn.parameters.forEach((parameter, index) => {
    if (!ts.isIdentifier(parameter.name) || parameter.dotDotDotToken) return;
    const argument = call.arguments[index];
    if (argument && ts.isSpreadElement(argument)) return;
    inner.set(parameter, { argument, outer: args });
  });
  const verdicts = returned.map((value) => keyVerdict(value, context, depth + 1, inner));
  // One returned shape (`(name) => \`feature-flags:${name}\``) can still match `globalKeys`.
  return {
    evidence: bothBranches(verdicts.map((verdict) => verdict.evidence)),
    shape: verdicts.length === 1 ? verdicts[0]!.shape : undefined,
  };
}

/**
 * With a checker: the builder a call names in another source file, `statsKey()` for
 * `export const statsKey = () => …`, or `keys.session(id)` for an imported `const keys = { session: (id) => … }`.
 */
function importedKeyBuilder(
  call: ts.CallExpression,
  checker: ts.TypeChecker | undefined,
): ts.FunctionLikeDeclaration | undefined {
  if (!checker) return undefined;
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return importedFunction(callee, checker);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(unwrap(callee.expression))) return undefined;
  const owner = importedDeclaration(unwrap(callee.expression) as ts.Identifier, checker);
  if (!owner || owner.getSourceFile().isDeclarationFile) return undefined;
  const name = callee.name.text;
  if (ts.isVariableDeclaration(owner) && owner.initializer && ts.isObjectLiteralExpression(unwrap(owner.initializer))) {
    for (const property of (unwrap(owner.initializer) as ts.ObjectLiteralExpression).properties) {
      if (propertyNameText(property.name) !== name) continue;
      if (ts.isMethodDeclaration(property) && property.body) return property;
      if (ts.isPropertyAssignment(property)) {
        const value = unwrap(property.initializer);
        if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
      }
    }
  }
  if (ts.isClassDeclaration(owner)) {
    // `CacheKeys.session(id)`: a static method of an imported class.
    for (const member of owner.members) {
      if (
        ts.isMethodDeclaration(member) &&
        member.body &&
        member.name &&
        propertyNameText(member.name) === name &&
        (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static) !== 0
      )
        return member;
    }
  }
  return undefined;
}

function flattenConcatenation(node: ts.Expression): ts.Expression[] {
  const inner = unwrap(node);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return [...flattenConcatenation(inner.left), ...flattenConcatenation(inner.right)];
  }
  return [inner];
}

/** Whether a key's static shape matches one of the `globalKeys` patterns: global on purpose. */
export function isGlobalKey(verdict: KeyVerdict, context: AnalysisContext): boolean {
  return verdict.shape !== undefined && context.settings.globalKeys.some((pattern) => pattern.test(verdict.shape!));
}

/** Whether a function's returned strings always carry the tenant: a key builder. */
export function returnsTenantKey(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): boolean {
  const returned = returnedExpressions(fn);
  return returned.length > 0 && returned.every((value) => keyCarriesTenant(value, context).evidence === "yes");
}
