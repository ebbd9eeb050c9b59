/** Which calls are log calls: a log method on a known logger (pino, winston, bunyan, console, Fastify's request.log, configured wrappers). */
import ts from "../../typescript.cjs";
import { adapters } from "../../adapters/index.js";
import { logMethods } from "../../adapters/log-methods.js";
import type { LibraryAdapter } from "../../adapters/types.js";
import { callMember, unwrap } from "../../ast.js";
import { resolveBinding } from "../../bindings.js";
import { classifyReceiver } from "../../receivers/classify.js";
import type { AnalysisContext } from "../../types.js";
import { importedTenantLogger } from "./logger-binding.js";

export interface LogSite {
  readonly receiver: ts.Expression;
  readonly method: string;
  /** Where the fields object goes: first (pino, bunyan, Fastify), after the message (winston), appended (console). */
  readonly style: "fields-first" | "meta-after" | "appended";
}

export const winstonStyle = new Set(["winston"]);

export const anyLogMethod: ReadonlySet<string> = new Set([
  ...logMethods,
  ...adapters.flatMap((adapter) => (adapter.kind === "logger" ? (adapter.callPaths ?? []) : [])),
]);

/** A call of a log method on a known logger, or undefined. */
export function logSite(call: ts.CallExpression, context: AnalysisContext): LogSite | undefined {
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
export function directLoggerAdapter(head: ts.Expression, context: AnalysisContext): LibraryAdapter | undefined {
  if (ts.isIdentifier(head)) {
    const binding = resolveBinding(head, context.checker);
    if (!binding) return adapters.find((adapter) => adapter.kind === "logger" && adapter.globals?.includes(head.text));
    if (binding.kind === "import" && (binding.imported === "default" || binding.imported === "*")) {
      return adapters.find(
        (adapter) =>
          adapter.kind === "logger" && adapter.namespaceIsReceiver && adapter.modules.includes(binding.module),
      );
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
export function loggerAdapterOf(
  head: ts.Expression,
  context: AnalysisContext,
  depth: number,
): LibraryAdapter | "custom" | undefined {
  const known =
    directLoggerAdapter(head, context) ??
    classifiedLoggerAdapter(head, context) ??
    importedTenantLoggerSite(head, context) ??
    (isConventionLogger(head, context) ? "custom" : undefined);
  if (known !== undefined || depth > 6) return known;
  if (ts.isCallExpression(head)) {
    const member = callMember(head);
    if (member && member.method === "child") {
      const parent = loggerAdapterOf(unwrap(member.receiver), context, depth + 1);
      return parent !== undefined && (parent === "custom" || parent.derivingMethods?.includes("child"))
        ? parent
        : undefined;
    }
  }
  if (ts.isIdentifier(head)) {
    const binding = resolveBinding(head, context.checker);
    if (
      binding?.kind === "variable" &&
      binding.constant &&
      binding.declaration.initializer &&
      ts.isIdentifier(binding.declaration.name)
    ) {
      return loggerAdapterOf(unwrap(binding.declaration.initializer), context, depth + 1);
    }
  }
  return undefined;
}

/** A logger (or logger factory) another file exports bound with the tenant, as the CLI found it. */
export function importedTenantLoggerSite(head: ts.Expression, context: AnalysisContext): "custom" | undefined {
  const made = ts.isCallExpression(head) ? head.expression : head;
  return importedTenantLogger(made, context) ? "custom" : undefined;
}

export function classifiedLoggerAdapter(
  head: ts.Expression,
  context: AnalysisContext,
): LibraryAdapter | "custom" | undefined {
  const classification = classifyReceiver(head, context);
  if (classification.status !== "target" || classification.target.kind !== "logger") return undefined;
  return classification.target.adapter ?? "custom";
}

export const requestParameterNames = new Set(["request", "req", "reply"]);

export const fastifyTypeNames = new Set(["FastifyRequest", "FastifyReply"]);

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
  const isCallback =
    (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
    fn.parent !== undefined &&
    ts.isCallExpression(fn.parent) &&
    fn.parent.arguments.includes(fn);
  return isCallback && importsFastify(node.getSourceFile());
}

export function leftmost(name: ts.QualifiedName): ts.Identifier {
  let current: ts.EntityName = name;
  while (ts.isQualifiedName(current)) current = current.left;
  return current;
}

export function importsFastify(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      /^(fastify|fastify-plugin|@fastify\/.+)$/u.test(statement.moduleSpecifier.text),
  );
}

// ---------------------------------------------------------------------------------------------
// Tenant code: is a tenant value available where the log is written?

/** Names a project's shared logger goes by: `logger`, `log`, `appLogger`, `billingLogger`. */
const loggerName = /^(logger|log|[A-Za-z][\w$]*Logger)$/u;
/** Project modules: relative paths and the usual source aliases (`@/lib/logger`, `~/logger`, `#logger`). */
const projectModule = /^(\.{1,2}\/|@\/|~\/|#)/u;

/**
 * Without types, an imported logger named by convention from a project module is a logger
 * (`import { logger } from "./logger.js"`). With a checker the import is followed to its
 * definition instead, and the convention is not used.
 */
export function isConventionLogger(head: ts.Expression, context: AnalysisContext): boolean {
  if (context.checker || !ts.isIdentifier(head)) return false;
  const binding = resolveBinding(head, undefined);
  return (
    binding?.kind === "import" &&
    projectModule.test(binding.module) &&
    (loggerName.test(head.text) || loggerName.test(binding.imported))
  );
}
