/** Is the logger a log call is made on bound with the tenant (a child, a factory's options, a mixin, a rebound request logger)? */
import ts from "../../typescript.cjs";
import { isConventionLogger } from "./log-sites.js";
import { pinoHttp } from "../../adapters/pino-http.js";
import { requestVerdict } from "../../request-sources.js";
import { storeBindsTenant, storesRead } from "../../summaries/tenant-context.js";
import { adapters } from "../../adapters/index.js";
import { callMember, unwrap } from "../../ast.js";
import { importedDeclaration, importedFunction, resolveBinding, thisMemberValues } from "../../bindings.js";
import { bothBranches, type Evidence } from "../../evidence/evidence.js";
import { localFunction, returnedExpressions, variableValues } from "../../evidence/local-flow.js";
import { classifyReceiver } from "../../receivers/classify.js";
import type { AnalysisContext } from "../../types.js";
import { carriesTenant } from "../../tenant-mentions.js";
import { requestLogger } from "./log-sites.js";

/** Whether the logger a log call is made on carries the tenant in its bindings. */
export function loggerBinding(receiver: ts.Expression, context: AnalysisContext, depth: number): Evidence {
  if (depth > 8) return "unknown";
  const node = unwrap(receiver);
  if (ts.isCallExpression(node)) {
    // `logger.child({ tenantId })`, `pino({ base: { tenantId } })`, `createLogger({ defaultMeta: { tenantId } })`.
    if (node.arguments.some((argument) => carriesTenant(argument, context))) return "yes";
    // A logger made with a hook that stamps every line: pino's `mixin() { return { tenantId: als.getStore()?.tenantId } }`,
    // a winston `format` adding it.
    if (isLibraryFactory(node, context) && node.arguments.some((argument) => optionsCarryTenant(argument, context, 0)))
      return "yes";
    // The hook merges a store the request middleware fills (`mixin: () => ({ ...als.getStore() })`):
    // bound when every fill of that store puts the tenant in.
    if (isLibraryFactory(node, context)) {
      const stores = node.arguments.flatMap((argument) => storesRead(argument));
      if (stores.length > 0 && stores.some((store) => storeBindsTenant(store, context) === "yes")) return "yes";
    }
    if (importedTenantLogger(node.expression, context)) return "yes";
    const member = callMember(node);
    if (member) {
      if (member.method === "child") return loggerBinding(member.receiver, context, depth + 1);
      // `winston.createLogger()`, `bunyan.createLogger()`: a fresh logger.
      return "no";
    }
    const fn = localFunction(node, context) ?? declaredFunction(node, context);
    if (fn) return returnedBinding(fn, context, depth);
    // `pino()`: a fresh logger; an unseen factory may bind anything.
    return isLibraryCall(node, context) ? "no" : "unknown";
  }
  if (ts.isNewExpression(node))
    return node.arguments?.some((argument) => carriesTenant(argument, context, { intoFunctions: true })) ? "yes" : "no";
  if (ts.isIdentifier(node)) return identifierBinding(node, context, depth);
  if (ts.isConditionalExpression(node))
    return bothBranches([
      loggerBinding(node.whenTrue, context, depth + 1),
      loggerBinding(node.whenFalse, context, depth + 1),
    ]);
  if (ts.isPropertyAccessExpression(node)) {
    if (requestLogger(node, context) || isTypedRequestLog(node, context)) return requestLogBinding(node, context);
    // pino-http's `req.log` (a pino logger on an Express request): bound when middleware binds the
    // tenant (this file, or anywhere for the CLI); otherwise the request id only, which we cannot
    // tell from a binding elsewhere without the whole program: unknown.
    if (
      node.name.text === pinoHttp.requestProperty &&
      ts.isIdentifier(unwrap(node.expression)) &&
      requestVerdict(unwrap(node.expression), context) === "request"
    ) {
      return requestLogBinding(node, context) === "yes" ? "yes" : "unknown";
    }
    if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return thisMemberBinding(node, context, depth);
  }
  // A logger handed in by a caller (`deps.logger`): the caller may have bound it.
  return "unknown";
}

/**
 * An imported name the CLI found bound with the tenant in its own file (`projectFacts.tenantLoggers`):
 * a module-level logger or a logger factory. Only imports count: a local `log` is judged here.
 */
export function importedTenantLogger(expression: ts.Expression, context: AnalysisContext): boolean {
  const facts = context.projectFacts?.tenantLoggers;
  const node = unwrap(expression);
  if (!facts || !ts.isIdentifier(node) || !facts.has(node.text)) return false;
  return resolveBinding(node, context.checker)?.kind === "import";
}

export function identifierBinding(node: ts.Identifier, context: AnalysisContext, depth: number): Evidence {
  if (importedTenantLogger(node, context)) return "yes";
  const binding = resolveBinding(node, context.checker);
  if (!binding) return "no"; // `console`
  if (binding.kind === "variable") {
    const { values, opaque } = variableValues(node, context);
    if (opaque) return "unknown";
    return bothBranches(values.map((value) => loggerBinding(value, context, depth + 1)));
  }
  if (binding.kind === "import") {
    if (binding.imported === "default" || binding.imported === "*") {
      // winston's default logger: global, bound with nothing.
      if (adapters.some((adapter) => adapter.namespaceIsReceiver && adapter.modules.includes(binding.module)))
        return "no";
    }
    const initializer = importedInitializer(node, context);
    if (initializer) return loggerBinding(initializer, context, depth + 1);
    // A project logger known by its name only (no types): unbound unless the CLI found it bound.
    return isConventionLogger(node, context) && !context.projectFacts ? "no" : "unknown";
  }
  // A parameter: the caller may have handed in a bound child.
  return "unknown";
}

/**
 * With type information, an imported logger's declaration in its own file: the symbol's alias is
 * resolved to the exported variable, whose initializer is then judged like a local one
 * (`export const logger = pino()` is unbound; `export const log = base.child({ tenantId })` is bound).
 */
export function importedInitializer(node: ts.Identifier, context: AnalysisContext): ts.Expression | undefined {
  const declaration = importedDeclaration(node, context.checker);
  if (declaration && ts.isVariableDeclaration(declaration)) return declaration.initializer;
  // `export default pino()`: the default export's expression.
  return declaration && ts.isExportAssignment(declaration) ? declaration.expression : undefined;
}

/** With type information, the function an imported factory call invokes (`tenantLogger(tenantId)` from "./loggers.js"). */
export function declaredFunction(
  call: ts.CallExpression,
  context: AnalysisContext,
): ts.FunctionLikeDeclaration | undefined {
  const callee = unwrap(call.expression);
  return ts.isIdentifier(callee) ? importedFunction(callee, context.checker) : undefined;
}

export function returnedBinding(fn: ts.FunctionLikeDeclaration, context: AnalysisContext, depth: number): Evidence {
  // Once per function, and never around a cycle: a factory of many returns that calls itself (or
  // another such factory) would otherwise be re-read at every level of the depth bound. A result
  // cut short by a cycle is not kept, so it never depends on which function was read first.
  if (inProgress.has(fn)) {
    cycleCuts += 1;
    return "unknown";
  }
  const known = settled.get(fn);
  if (known !== undefined && known.context === context) return known.evidence;
  const cutsBefore = cycleCuts;
  inProgress.add(fn);
  let evidence: Evidence;
  try {
    const returned = returnedExpressions(fn);
    evidence =
      returned.length === 0
        ? "unknown"
        : bothBranches(returned.map((value) => loggerBinding(value, context, depth + 1)));
  } finally {
    inProgress.delete(fn);
  }
  if (cycleCuts === cutsBefore) settled.set(fn, { context, evidence });
  return evidence;
}

let cycleCuts = 0;
const settled = new WeakMap<
  ts.FunctionLikeDeclaration,
  { readonly context: AnalysisContext; readonly evidence: Evidence }
>();
const inProgress = new Set<ts.FunctionLikeDeclaration>();

/** `pino(…)`, `winston.createLogger(…)`, `bunyan.createLogger(…)`: a logger library's factory. */
export function isLibraryFactory(call: ts.CallExpression, context: AnalysisContext): boolean {
  if (isLibraryCall(call, context)) return true;
  const member = callMember(call);
  if (!member || !ts.isIdentifier(unwrap(member.receiver))) return false;
  const binding = resolveBinding(unwrap(member.receiver) as ts.Identifier, context.checker);
  return (
    binding?.kind === "import" &&
    adapters.some(
      (adapter) =>
        adapter.kind === "logger" &&
        adapter.modules.includes(binding.module) &&
        (adapter.factories ?? []).includes(member.method),
    )
  );
}

export function isLibraryCall(call: ts.CallExpression, context: AnalysisContext): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const binding = resolveBinding(callee, context.checker);
  return (
    binding?.kind === "import" &&
    adapters.some((adapter) => adapter.kind === "logger" && adapter.modules.includes(binding.module))
  );
}

/** `request.log` whose declared type is Fastify's logger. */
export function isTypedRequestLog(node: ts.PropertyAccessExpression, context: AnalysisContext): boolean {
  if (!context.checker || node.name.text !== "log") return false;
  const classification = classifyReceiver(node, context);
  return classification.status === "target" && classification.target.library === "fastify";
}

/**
 * Fastify's request logger carries the request id, not the tenant, unless a hook in this file
 * rebinds it (`request.log = request.log.child({ tenantId })`), or the CLI found such a hook
 * elsewhere (`projectFacts.tenantLoggers` holding `request.log`).
 */
export function requestLogBinding(node: ts.PropertyAccessExpression, context: AnalysisContext): Evidence {
  const facts = context.projectFacts?.tenantLoggers;
  if (facts?.has("request.log") || facts?.has("req.log")) return "yes";
  let rebound = false;
  const visit = (child: ts.Node): void => {
    if (rebound) return;
    if (
      ts.isBinaryExpression(child) &&
      child.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(child.left) &&
      child.left.name.text === "log" &&
      carriesTenant(child.right, context)
    ) {
      rebound = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node.getSourceFile());
  return rebound ? "yes" : "no";
}

/** `this.log`: what the class assigns to it (`this.log = logger.child({ tenantId })`); injected loggers are unknown. */
export function thisMemberBinding(
  node: ts.PropertyAccessExpression,
  context: AnalysisContext,
  depth: number,
): Evidence {
  const owner = ts.findAncestor(node, ts.isClassLike);
  if (!owner) return "unknown";
  const values = thisMemberValues(owner, node.name.text);
  return values.length === 0
    ? "unknown"
    : bothBranches(values.map((value) => loggerBinding(value, context, depth + 1)));
}

// ---------------------------------------------------------------------------------------------
// Do the call's arguments carry the tenant?

/**
 * The child logger of this file a log call writes through, when it was bound without the tenant
 * (`const log = logger.child({ module: "billing" })`, `private log = base.child({ component })`):
 * the root cause of every line written through it. Undefined for a root logger, a child bound in
 * the log call's own chain (`log.child({ step }).info(…)`: the call is the finding), and loggers
 * of other files.
 */
export function unboundChildBinding(
  receiver: ts.Expression,
  context: AnalysisContext,
  depth = 0,
): ts.CallExpression | undefined {
  if (depth > 4) return undefined;
  const node = unwrap(receiver);
  let values: readonly ts.Expression[] = [];
  if (ts.isIdentifier(node)) {
    const binding = resolveBinding(node, context.checker);
    if (
      binding?.kind !== "variable" ||
      !binding.constant ||
      !binding.declaration.initializer ||
      !ts.isIdentifier(binding.declaration.name)
    )
      return undefined;
    values = [binding.declaration.initializer];
  } else if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = ts.findAncestor(node, ts.isClassLike);
    values = owner ? thisMemberValues(owner, node.name.text) : [];
  }
  if (values.length !== 1) return undefined;
  const value = unwrap(values[0]!);
  if (!ts.isCallExpression(value))
    return ts.isIdentifier(value) ? unboundChildBinding(value, context, depth + 1) : undefined;
  const member = callMember(value);
  if (member?.method !== "child" || value.arguments.some((argument) => carriesTenant(argument, context)))
    return undefined;
  return loggerBinding(value, context, 0) === "no" ? value : undefined;
}

/**
 * A logger factory's options stamp the tenant: directly or through a hook defined beside them
 * (`const addTenant = winston.format((info) => ({ ...info, tenantId: … }))`, then
 * `format: combine(addTenant(), json())`): constants the options name are followed.
 */
function optionsCarryTenant(options: ts.Node, context: AnalysisContext, depth: number): boolean {
  if (carriesTenant(options, context, { intoFunctions: true })) return true;
  if (depth > 3) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node)) {
      const binding = resolveBinding(node, context.checker);
      if (
        binding?.kind === "variable" &&
        binding.constant &&
        binding.declaration.initializer &&
        binding.declaration.name === binding.name &&
        optionsCarryTenant(binding.declaration.initializer, context, depth + 1)
      )
        found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(options);
  return found;
}
