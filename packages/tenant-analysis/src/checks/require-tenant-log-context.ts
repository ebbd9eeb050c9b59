/**
 * `require-tenant-log-context` (log-lines): in request and job code, every log line carries the
 * tenant (in its fields, its message, or a child logger bound with it), so support can find one
 * customer's events.
 *
 * Sites: calls of a log method (the adapter's `callPaths`) on a known logger: pino, winston,
 * bunyan (made in this file, or typed from anywhere), their `.child()` loggers, winston's default
 * logger, the global `console`, and Fastify's `request.log` (see `requestLogger`).
 *
 * Tenant code: the log sits in a function where a tenant value is available at that point (see
 * `tenantAvailableAt`). Module start-up and a rejected token have none, so they are clean.
 *
 * Bound loggers: `logger.child({ tenantId })`, followed through variables, local functions and,
 * with type information, to the declaration of an imported logger or logger factory in another
 * file (the symbol's declaration and its initializer or returned expressions). The CLI also
 * hands the names of tenant-bound loggers it found anywhere (`projectFacts.tenantLoggers`).
 */
import ts from "../typescript.cjs";
import { adapters } from "../adapters/index.js";
import { logMethods } from "../adapters/log-methods.js";
import type { LibraryAdapter } from "../adapters/types.js";
import { callMember, contains, enclosingFunction, isNullish, memberPath, unwrap } from "../ast.js";
import { importedDeclaration, importedFunction, initialValue, resolveBinding, thisMemberValues } from "../bindings.js";
import { type CheckScope, defineCheck, type SuggestionInput } from "../check.js";
import { anyPart, bothBranches, type Evidence } from "../evidence/evidence.js";
import { localFunction, returnedExpressions, variableValues } from "../evidence/local-flow.js";
import { isTenantValue } from "../evidence/tenant-value.js";
import { memoized } from "../file-facts.js";
import { classifyReceiver } from "../receivers/classify.js";
import { addTenantEdits, tenantProperty, tenantValueInScope } from "../suggestions.js";
import { type FactCollector, registerFactCollector } from "../project-facts.js";
import type { AnalysisContext, TextEdit } from "../types.js";
import { bindsTenant, calleeText, carriesTenant, mentionsTenant } from "./tenant-mentions.js";

export type RequireTenantLogContextMessageId = "missingTenantInLog" | "addTenantToLogFields";

export const requireTenantLogContext = defineCheck<RequireTenantLogContextMessageId>({
  ruleId: "require-tenant-log-context",
  messages: {
    missingTenantInLog:
      "{{logger}}.{{method}}() in tenant code has no {{field}} in its fields, message or child logger; this line cannot be traced to a customer",
    addTenantToLogFields: "Add {{property}} to the log's fields",
  },
  run(scope) {
    for (const call of scope.facts.calls) {
      const site = logSite(call, scope.context);
      if (!site) continue;
      if (!tenantAvailableAt(call, scope.context)) {
        // No tenant exists here (start-up, a rejected token): nothing to carry.
        scope.examined("scoped");
        continue;
      }
      const evidence = anyPart([loggerBinding(site.receiver, scope.context, 0), ...call.arguments.map((argument) => argumentEvidence(argument, call, scope.context, 0))]);
      scope.examined(evidence === "yes" ? "scoped" : evidence === "no" ? "unscoped" : "unknown");
      if (evidence !== "no") continue;
      scope.report(
        call,
        "missingTenantInLog",
        { logger: loggerLabel(site.receiver, scope.sourceFile), method: site.method, field: scope.context.settings.tenantFields[0]! },
        suggestions(call, site, scope),
      );
    }
  },
});

interface LogSite {
  readonly receiver: ts.Expression;
  readonly method: string;
  /** Where the fields object goes: first (pino, bunyan, Fastify), after the message (winston), appended (console). */
  readonly style: "fields-first" | "meta-after" | "appended";
}

const winstonStyle = new Set(["winston"]);

const anyLogMethod: ReadonlySet<string> = new Set([...logMethods, ...adapters.flatMap((adapter) => (adapter.kind === "logger" ? (adapter.callPaths ?? []) : []))]);

/** A call of a log method on a known logger, or undefined. */
function logSite(call: ts.CallExpression, context: AnalysisContext): LogSite | undefined {
  const member = callMember(call);
  if (!member) return undefined;
  const { receiver, method } = member;
  // Most calls are not log calls: decide that from the method name before classifying anything.
  if (!anyLogMethod.has(method)) return undefined;
  const head = unwrap(receiver);
  const adapter = loggerAdapterOf(head, context, 0);
  if (adapter === undefined) return undefined;
  const methods = adapter === "custom" ? logMethods : (adapter.callPaths ?? logMethods);
  if (!methods.includes(method)) return undefined;
  const library = adapter === "custom" ? "custom" : adapter.library;
  const style = library === "console" ? "appended" : winstonStyle.has(library) ? "meta-after" : "fields-first";
  return { receiver: head, method, style };
}

/**
 * Loggers known without the receiver classification: the global `console` (its declared type is
 * the DOM/Node `Console`, which typed classification calls a non-target), winston's default
 * logger (`winston.info()`), and Fastify's `request.log`.
 */
function directLoggerAdapter(head: ts.Expression, context: AnalysisContext): LibraryAdapter | undefined {
  if (ts.isIdentifier(head)) {
    const binding = resolveBinding(head, context.checker);
    if (!binding) return adapters.find((adapter) => adapter.kind === "logger" && adapter.globals?.includes(head.text));
    if (binding.kind === "import" && (binding.imported === "default" || binding.imported === "*")) {
      return adapters.find((adapter) => adapter.kind === "logger" && adapter.namespaceIsReceiver && adapter.modules.includes(binding.module));
    }
    return undefined;
  }
  if (requestLogger(head, context)) return adapters.find((adapter) => adapter.library === "fastify");
  return undefined;
}

/**
 * The logger library of an expression: known directly, by the receiver classification, or, for a
 * child (`request.log.child({…})`, `const log = request.log.child({…})`), by its parent's.
 */
function loggerAdapterOf(head: ts.Expression, context: AnalysisContext, depth: number): LibraryAdapter | "custom" | undefined {
  const known = directLoggerAdapter(head, context) ?? classifiedLoggerAdapter(head, context) ?? importedTenantLoggerSite(head, context);
  if (known !== undefined || depth > 6) return known;
  if (ts.isCallExpression(head)) {
    const member = callMember(head);
    if (member && member.method === "child") {
      const parent = loggerAdapterOf(unwrap(member.receiver), context, depth + 1);
      return parent !== undefined && (parent === "custom" || parent.derivingMethods?.includes("child")) ? parent : undefined;
    }
  }
  if (ts.isIdentifier(head)) {
    const binding = resolveBinding(head, context.checker);
    if (binding?.kind === "variable" && binding.constant && binding.declaration.initializer && ts.isIdentifier(binding.declaration.name)) {
      return loggerAdapterOf(unwrap(binding.declaration.initializer), context, depth + 1);
    }
  }
  return undefined;
}

/** A logger (or logger factory) another file exports bound with the tenant, as the CLI found it. */
function importedTenantLoggerSite(head: ts.Expression, context: AnalysisContext): "custom" | undefined {
  const made = ts.isCallExpression(head) ? head.expression : head;
  return importedTenantLogger(made, context) ? "custom" : undefined;
}

function classifiedLoggerAdapter(head: ts.Expression, context: AnalysisContext): LibraryAdapter | "custom" | undefined {
  const classification = classifyReceiver(head, context);
  if (classification.status !== "target" || classification.target.kind !== "logger") return undefined;
  return classification.target.adapter ?? "custom";
}

const requestParameterNames = new Set(["request", "req", "reply"]);
const fastifyTypeNames = new Set(["FastifyRequest", "FastifyReply"]);

/**
 * Fastify's `request.log` / `reply.log` has no import to follow. Without types it is known when
 * `request` is a parameter annotated `FastifyRequest`/`FastifyReply` (imported from "fastify"),
 * or an unannotated parameter named `request`, `req` or `reply` of a callback handed to a call
 * (a route or hook) in a file that imports "fastify". With types, the member's declared type
 * (`FastifyBaseLogger`) decides through the fastify adapter before this is asked.
 */
export function requestLogger(node: ts.Expression, context: AnalysisContext): boolean {
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== "log") return false;
  const object = unwrap(node.expression);
  if (!ts.isIdentifier(object)) return false;
  const binding = resolveBinding(object, context.checker);
  if (binding?.kind !== "parameter" || !ts.isIdentifier(binding.declaration.name)) return false;
  const { declaration } = binding;
  if (declaration.type) {
    if (!ts.isTypeReferenceNode(declaration.type)) return false;
    const typeName = declaration.type.typeName;
    const last = ts.isIdentifier(typeName) ? typeName.text : typeName.right.text;
    const head = ts.isIdentifier(typeName) ? typeName : leftmost(typeName);
    if (!fastifyTypeNames.has(last)) return false;
    const typeBinding = resolveBinding(head, context.checker);
    return typeBinding?.kind === "import" && typeBinding.module === "fastify";
  }
  if (!requestParameterNames.has(object.text)) return false;
  const fn = declaration.parent;
  const isCallback = (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parent !== undefined && ts.isCallExpression(fn.parent) && fn.parent.arguments.includes(fn);
  return isCallback && importsFastify(node.getSourceFile());
}

function leftmost(name: ts.QualifiedName): ts.Identifier {
  let current: ts.EntityName = name;
  while (ts.isQualifiedName(current)) current = current.left;
  return current;
}

function importsFastify(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      /^(fastify|fastify-plugin|@fastify\/.+)$/u.test(statement.moduleSpecifier.text),
  );
}

// ---------------------------------------------------------------------------------------------
// Tenant code: is a tenant value available where the log is written?

/**
 * A tenant value is available at `site` when, in a function enclosing it:
 * - a parameter binds one by name (`tenantId`, `{ tenantId }`, `{ tenantId: tid }`);
 * - a variable declared before it, in a block that encloses it, binds or holds one
 *   (`const { tenantId } = req.user`, `const t = job.data.tenantId`);
 * - a tenant member is read anywhere in the function from an object visible at `site`
 *   (`req.user.tenantId`, `job.data.tenantId`, `this.tenantId`): the request or job carries one;
 * - the enclosing class has a `tenantId` property.
 * Writes (`req.tenantId = claims.tenantId`) make no tenant available, and a log in the branch
 * that found no tenant (`if (!req.tenantId) { log.warn(…) }`) has none to carry.
 */
export function tenantAvailableAt(site: ts.Node, context: AnalysisContext): boolean {
  if (inMissingTenantBranch(site, context)) return false;
  const functions: ts.FunctionLikeDeclaration[] = [];
  for (let fn = enclosingFunction(site); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) functions.push(fn);
  if (functions.length === 0) return false;
  for (const fn of functions) {
    if (fn.parameters.some((parameter) => bindsTenant(parameter.name, context))) return true;
  }
  // A class with a tenant property (`constructor(private tenantId: string)`) carries one into its methods.
  for (let owner = ts.findAncestor(site, ts.isClassLike); owner; owner = ts.findAncestor(owner.parent, ts.isClassLike)) {
    if (classHasTenant(owner, context)) return true;
  }
  const { declarations, reads } = tenantCandidates(functions.at(-1)!, context);
  return (
    declarations.some((declaration) => declaration.end <= site.getStart() && blockEncloses(declaration, site)) ||
    reads.some((read) => rootVisibleAt(read, site, context))
  );
}

/**
 * What in a top-level function may put a tenant in scope: variables binding or holding one, and
 * tenant members read (not written). Gathered once per function (a handler logs many times) and
 * filtered per log by position and visibility.
 */
function tenantCandidates(outermost: ts.FunctionLikeDeclaration, context: AnalysisContext): { declarations: ts.VariableDeclaration[]; reads: ts.Expression[] } {
  return memoized("tenant-candidates", context.checker ?? context.settings, outermost, () => {
    const declarations: ts.VariableDeclaration[] = [];
    const reads: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node)) {
        if (bindsTenant(node.name, context) || (ts.isIdentifier(node.name) && node.initializer && isTenantValue(node.initializer, context))) declarations.push(node);
      }
      if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && !isWritten(node) && memberPath(node) !== undefined && isTenantValue(node, context)) {
        reads.push(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(outermost);
    return { declarations, reads };
  });
}

/** `if (!req.user?.tenantId) { … }`, `if (tenantId == null) …`: the branch where there is none. */
function inMissingTenantBranch(site: ts.Node, context: AnalysisContext): boolean {
  for (let node: ts.Node = site; node.parent && !ts.isFunctionLike(node); node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === node && testsMissingTenant(parent.expression, context)) return true;
  }
  return false;
}

function testsMissingTenant(condition: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return mentionsTenant(node.operand, context);
  if (ts.isBinaryExpression(node)) {
    const kind = node.operatorToken.kind;
    if (kind === ts.SyntaxKind.BarBarToken) return testsMissingTenant(node.left, context) || testsMissingTenant(node.right, context);
    if (kind === ts.SyntaxKind.EqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsEqualsToken) {
      return (isNullish(node.right) && mentionsTenant(node.left, context)) || (isNullish(node.left) && mentionsTenant(node.right, context));
    }
  }
  return false;
}

function isWritten(node: ts.Node): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** The block (or function body) declaring `declaration` also contains `site`. */
function blockEncloses(declaration: ts.VariableDeclaration, site: ts.Node): boolean {
  let scope: ts.Node | undefined = declaration.parent;
  while (scope && !ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isFunctionLike(scope) && !ts.isForStatement(scope) && !ts.isForOfStatement(scope) && !ts.isForInStatement(scope)) {
    scope = scope.parent;
  }
  return scope !== undefined && contains(scope, site);
}

/** The object a tenant member is read from is visible at `site`: `this`, an enclosing parameter, or a variable in scope. */
function rootVisibleAt(access: ts.Expression, site: ts.Node, context: AnalysisContext): boolean {
  let root: ts.Expression = access;
  // `(req as AuthedRequest).user.tenantId`: casts and parentheses do not change the object.
  for (;;) {
    const inner = unwrap(root);
    if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) root = inner.expression;
    else if (inner !== root) root = inner;
    else break;
  }
  if (root.kind === ts.SyntaxKind.ThisKeyword) {
    const accessClass = ts.findAncestor(access, ts.isClassLike);
    return accessClass !== undefined && accessClass === ts.findAncestor(site, ts.isClassLike);
  }
  if (!ts.isIdentifier(root)) return false;
  const binding = resolveBinding(root, context.checker);
  if (!binding) return false;
  if (binding.kind === "parameter") return contains(binding.declaration.parent, site);
  if (binding.kind === "variable") return binding.declaration.end <= site.getStart() && blockEncloses(binding.declaration, site);
  return false;
}

function classHasTenant(node: ts.ClassLikeDeclaration, context: AnalysisContext): boolean {
  return node.members.some((member) => {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name)) return context.settings.tenantFields.includes(member.name.text);
    if (ts.isConstructorDeclaration(member)) {
      return member.parameters.some((parameter) => ts.getModifiers(parameter)?.length && bindsTenant(parameter.name, context));
    }
    return false;
  });
}

// ---------------------------------------------------------------------------------------------
// Is the logger bound with the tenant?

/** Whether the logger a log call is made on carries the tenant in its bindings. */
function loggerBinding(receiver: ts.Expression, context: AnalysisContext, depth: number): Evidence {
  if (depth > 8) return "unknown";
  const node = unwrap(receiver);
  if (ts.isCallExpression(node)) {
    // `logger.child({ tenantId })`, `pino({ base: { tenantId } })`, `createLogger({ defaultMeta: { tenantId } })`.
    if (node.arguments.some((argument) => carriesTenant(argument, context))) return "yes";
    // A logger made with a hook that stamps every line: pino's `mixin() { return { tenantId: als.getStore()?.tenantId } }`,
    // a winston `format` adding it.
    if (isLibraryFactory(node, context) && node.arguments.some((argument) => carriesTenant(argument, context, { intoFunctions: true }))) return "yes";
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
  if (ts.isNewExpression(node)) return node.arguments?.some((argument) => carriesTenant(argument, context, { intoFunctions: true })) ? "yes" : "no";
  if (ts.isIdentifier(node)) return identifierBinding(node, context, depth);
  if (ts.isConditionalExpression(node)) return bothBranches([loggerBinding(node.whenTrue, context, depth + 1), loggerBinding(node.whenFalse, context, depth + 1)]);
  if (ts.isPropertyAccessExpression(node)) {
    if (requestLogger(node, context) || isTypedRequestLog(node, context)) return requestLogBinding(node, context);
    if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return thisMemberBinding(node, context, depth);
  }
  // A logger handed in by a caller (`deps.logger`): the caller may have bound it.
  return "unknown";
}

/**
 * An imported name the CLI found bound with the tenant in its own file (`projectFacts.tenantLoggers`):
 * a module-level logger or a logger factory. Only imports count: a local `log` is judged here.
 */
function importedTenantLogger(expression: ts.Expression, context: AnalysisContext): boolean {
  const facts = context.projectFacts?.tenantLoggers;
  const node = unwrap(expression);
  if (!facts || !ts.isIdentifier(node) || !facts.has(node.text)) return false;
  return resolveBinding(node, context.checker)?.kind === "import";
}

function identifierBinding(node: ts.Identifier, context: AnalysisContext, depth: number): Evidence {
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
      if (adapters.some((adapter) => adapter.namespaceIsReceiver && adapter.modules.includes(binding.module))) return "no";
    }
    const initializer = importedInitializer(node, context);
    return initializer ? loggerBinding(initializer, context, depth + 1) : "unknown";
  }
  // A parameter: the caller may have handed in a bound child.
  return "unknown";
}

/**
 * With type information, an imported logger's declaration in its own file: the symbol's alias is
 * resolved to the exported variable, whose initializer is then judged like a local one
 * (`export const logger = pino()` is unbound; `export const log = base.child({ tenantId })` is bound).
 */
function importedInitializer(node: ts.Identifier, context: AnalysisContext): ts.Expression | undefined {
  const declaration = importedDeclaration(node, context.checker);
  if (declaration && ts.isVariableDeclaration(declaration)) return declaration.initializer;
  // `export default pino()`: the default export's expression.
  return declaration && ts.isExportAssignment(declaration) ? declaration.expression : undefined;
}

/** With type information, the function an imported factory call invokes (`tenantLogger(tenantId)` from "./loggers.js"). */
function declaredFunction(call: ts.CallExpression, context: AnalysisContext): ts.FunctionLikeDeclaration | undefined {
  const callee = unwrap(call.expression);
  return ts.isIdentifier(callee) ? importedFunction(callee, context.checker) : undefined;
}

function returnedBinding(fn: ts.FunctionLikeDeclaration, context: AnalysisContext, depth: number): Evidence {
  const returned = returnedExpressions(fn);
  return returned.length === 0 ? "unknown" : bothBranches(returned.map((value) => loggerBinding(value, context, depth + 1)));
}

/** `pino(…)`, `winston.createLogger(…)`, `bunyan.createLogger(…)`: a logger library's factory. */
function isLibraryFactory(call: ts.CallExpression, context: AnalysisContext): boolean {
  if (isLibraryCall(call, context)) return true;
  const member = callMember(call);
  if (!member || !ts.isIdentifier(unwrap(member.receiver))) return false;
  const binding = resolveBinding(unwrap(member.receiver) as ts.Identifier, context.checker);
  return binding?.kind === "import" && adapters.some((adapter) => adapter.kind === "logger" && adapter.modules.includes(binding.module) && (adapter.factories ?? []).includes(member.method));
}

function isLibraryCall(call: ts.CallExpression, context: AnalysisContext): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const binding = resolveBinding(callee, context.checker);
  return binding?.kind === "import" && adapters.some((adapter) => adapter.kind === "logger" && adapter.modules.includes(binding.module));
}

/** `request.log` whose declared type is Fastify's logger. */
function isTypedRequestLog(node: ts.PropertyAccessExpression, context: AnalysisContext): boolean {
  if (!context.checker || node.name.text !== "log") return false;
  const classification = classifyReceiver(node, context);
  return classification.status === "target" && classification.target.library === "fastify";
}

/**
 * Fastify's request logger carries the request id, not the tenant, unless a hook in this file
 * rebinds it (`request.log = request.log.child({ tenantId })`), or the CLI found such a hook
 * elsewhere (`projectFacts.tenantLoggers` holding `request.log`).
 */
function requestLogBinding(node: ts.PropertyAccessExpression, context: AnalysisContext): Evidence {
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
function thisMemberBinding(node: ts.PropertyAccessExpression, context: AnalysisContext, depth: number): Evidence {
  const owner = ts.findAncestor(node, ts.isClassLike);
  if (!owner) return "unknown";
  const values = thisMemberValues(owner, node.name.text);
  return values.length === 0 ? "unknown" : bothBranches(values.map((value) => loggerBinding(value, context, depth + 1)));
}

// ---------------------------------------------------------------------------------------------
// Do the call's arguments carry the tenant?

const errorName = /^(err|error|e|ex|exception|cause|reason)$/u;

/**
 * One argument of a log call: the fields object, the message, or an extra value. It carries the
 * tenant when a tenant value flows into it; a literal, a template or an object without one does
 * not; a value we cannot see into (a parameter, a spread) is unknown, and an object holding a
 * tenant member elsewhere (`{ user: req.user }` where `req.user.tenantId` is read) is unknown too.
 */
function argumentEvidence(argument: ts.Expression, call: ts.CallExpression, context: AnalysisContext, depth: number): Evidence {
  if (depth > 6) return "unknown";
  if (ts.isSpreadElement(argument)) return carriesTenant(argument, context) ? "yes" : "unknown";
  if (carriesTenant(argument, context)) return "yes";
  const node = unwrap(argument);
  if (ts.isObjectLiteralExpression(node)) {
    return anyPart(
      node.properties.map((property): Evidence => {
        if (ts.isSpreadAssignment(property)) return argumentEvidence(property.expression, call, context, depth + 1);
        if (ts.isPropertyAssignment(property)) return carrierEvidence(property.initializer, call, context);
        if (ts.isShorthandPropertyAssignment(property)) return carrierEvidence(property.name, call, context);
        return "no";
      }),
    );
  }
  if (ts.isIdentifier(node)) {
    const binding = resolveBinding(node, context.checker);
    if (!binding) return "no";
    if (binding.kind === "variable") {
      const { values, opaque } = variableValues(node, context);
      if (opaque) return "no"; // destructured: one named piece of something, not the tenant
      const writes = propertyWritesMentionTenant(node, call, context);
      if (writes) return "yes";
      return bothBranches(values.map((value) => argumentEvidence(value, call, context, depth + 1)));
    }
    // A parameter holds whatever the caller passed (an error is never the tenant).
    if (binding.kind === "parameter") return errorName.test(node.text) ? "no" : "unknown";
    return "no";
  }
  if (ts.isCallExpression(node)) {
    const name = calleeText(node);
    if (name !== undefined && (context.settings.scopeHelpers.includes(name) || context.projectFacts?.scopeHelpers.has(name))) return "yes";
    const fn = localFunction(node, context);
    if (fn && depth < 3) {
      const returned = returnedExpressions(fn);
      if (returned.length > 0) return bothBranches(returned.map((value) => (carriesTenant(value, context) ? "yes" : "no")));
    }
    // `JSON.stringify(x)`, `err.toString()`: a plain value, unless the tenant flows in (checked above).
    return "no";
  }
  if (ts.isConditionalExpression(node)) {
    return bothBranches([argumentEvidence(node.whenTrue, call, context, depth + 1), argumentEvidence(node.whenFalse, call, context, depth + 1)]);
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return carrierEvidence(node, call, context);
  return "no";
}

/** A field's value: `unknown` when it is an object whose tenant member is read in the function (`req.user`, `job.data`). */
function carrierEvidence(value: ts.Expression, call: ts.CallExpression, context: AnalysisContext): Evidence {
  const path = memberPath(value);
  if (path === undefined) return "no";
  const fn = enclosingFunction(call);
  let carries = false;
  const visit = (node: ts.Node): void => {
    if (carries) return;
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isTenantValue(node, context)) {
      const read = memberPath(node.expression);
      if (read === path) {
        carries = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return carries ? "unknown" : "no";
}

/** `meta.tenantId = tenantId` (or `Object.assign(meta, { tenantId })`) before the log call. */
function propertyWritesMentionTenant(identifier: ts.Identifier, call: ts.CallExpression, context: AnalysisContext): boolean {
  const fn = enclosingFunction(call);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node.pos >= call.pos) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrap(node.left);
      if ((ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) && memberPath(left.expression) === identifier.text) {
        if (mentionsTenant(node.right, context) || isTenantValue(left, context)) found = true;
      }
    }
    if (ts.isCallExpression(node) && unwrap(node.expression).getText() === "Object.assign") {
      const [first, ...rest] = node.arguments;
      if (first && memberPath(first) === identifier.text && rest.some((source) => mentionsTenant(source, context))) found = true;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Reporting

function loggerLabel(receiver: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = receiver.getText(sourceFile).replace(/\s+/gu, " ");
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/**
 * Adds the tenant where the library reads fields: the first argument for pino, bunyan and
 * Fastify (an object there gains the property, a message gets `{ tenantId }` before it); the
 * meta object after the message for winston; an extra argument for `console`.
 */
function suggestions(call: ts.CallExpression, site: LogSite, scope: CheckScope<RequireTenantLogContextMessageId>): SuggestionInput<RequireTenantLogContextMessageId>[] {
  const args = call.arguments;
  if (args.length === 0 || args.some((argument) => ts.isSpreadElement(argument))) return [];
  const value = tenantValueInScope(call, scope.context);
  if (!value) return [];
  const property = tenantProperty(value, scope.context);
  const { sourceFile } = scope;
  let edits: TextEdit[];
  const objectArgument = (from: number) => args.slice(from).find((argument) => ts.isObjectLiteralExpression(unwrap(argument)));
  if (site.style === "fields-first") {
    edits = fieldsFirstEdits(args[0]!, property, scope);
  } else if (site.style === "meta-after") {
    const meta = objectArgument(0);
    edits = meta ? addTenantEdits(meta, property, sourceFile) : [{ start: args.at(-1)!.end, end: args.at(-1)!.end, text: `, { ${property} }` }];
  } else {
    edits = [{ start: args.at(-1)!.end, end: args.at(-1)!.end, text: `, { ${property} }` }];
  }
  return [{ messageId: "addTenantToLogFields", data: { property }, edits }];
}

/** pino/bunyan: the fields object is the first argument; a message or an error moves after (or into) it. */
function fieldsFirstEdits(first: ts.Expression, property: string, scope: CheckScope<RequireTenantLogContextMessageId>): TextEdit[] {
  const { sourceFile, context } = scope;
  const node = unwrap(first);
  const start = first.getStart(sourceFile);
  if (ts.isObjectLiteralExpression(node)) return addTenantEdits(first, property, sourceFile);
  if (ts.isIdentifier(node)) {
    // `logger.error(err)` → `logger.error({ tenantId, err })`: pino's conventional error field.
    if (errorName.test(node.text)) return [{ start, end: first.end, text: `{ ${property}, ${node.text === "err" ? "err" : `err: ${node.text}`} }` }];
    const value = initialValue(node, context.checker);
    if (value && ts.isObjectLiteralExpression(value)) return addTenantEdits(first, property, sourceFile);
  }
  return [{ start, end: start, text: `{ ${property} }, ` }];
}

// ---------------------------------------------------------------------------------------------
// Repository-wide facts for the CLI

/**
 * Tenant-bound loggers a file offers to the others (`projectFacts.tenantLoggers`): module-level
 * loggers bound with the tenant, module-level functions returning a bound logger
 * (`tenantLogger(tenantId)`), and `request.log`/`req.log` when a hook rebinds it with the tenant.
 */
export const collectTenantLoggers: FactCollector = (sourceFile, context, facts) => {
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const value = unwrap(declaration.initializer);
        const bound = ts.isArrowFunction(value) || ts.isFunctionExpression(value) ? returnedBinding(value, context, 0) : loggerBinding(value, context, 0);
        if (bound === "yes") facts.tenantLoggers.add(declaration.name.text);
      }
    }
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body && returnedBinding(statement, context, 0) === "yes") {
      facts.tenantLoggers.add(statement.name.text);
    }
  }
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === "log" &&
      ts.isIdentifier(node.left.expression) &&
      requestParameterNames.has(node.left.expression.text) &&
      carriesTenant(node.right, context)
    ) {
      facts.tenantLoggers.add(`${node.left.expression.text}.log`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
};

registerFactCollector(collectTenantLoggers);
