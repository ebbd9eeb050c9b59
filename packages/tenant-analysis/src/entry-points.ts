/**
 * What reaches a function: request or job code (a route handler, middleware, a job processor, a
 * server action), or only code that runs for no tenant (a one-off script, a migration, a seed, an
 * admin CLI, a test, module start-up), or browser code (a `"use client"` module). Decided from entry
 * points, never from whether some variable has a tenant-like field.
 *
 * Without the whole program (ESLint) a file decides by where it lives and what it declares; the
 * CLI adds who calls each function and who imports each module (`ProjectFacts`).
 */
import path from "node:path";
import ts from "./typescript.cjs";
import { adapters } from "./adapters/index.js";
import type { JobProcessor } from "./adapters/types.js";
import {
  calleeName,
  enclosingFunction,
  functionName,
  memberPath,
  propertyNameText,
  stripConversions,
  unwrap,
} from "./ast.js";
import { resolveBinding } from "./bindings.js";
import { memoized } from "./file-facts.js";
import { isJobParameter, isRegisteredHandler, takesRequestOrJob } from "./request-sources.js";
import type { AnalysisContext } from "./types.js";

/** Folders and file names of code that runs by hand or at deploy time, not per request. */
// Not `commands/`: CQRS command handlers there run per request.
const scriptFolder = /(^|\/)(scripts?|migrations?|migrate|seeds?|seeders?|bin|cli)\//u;
const scriptFile =
  /(^|\/)(seed|seeds|migrate|migration|cli|bootstrap)([.-][\w.-]*)?\.[cm]?[jt]sx?$|\.(migration|seed|script)\.[cm]?[jt]sx?$/u;

export function isScriptPath(fileName: string): boolean {
  const relative = projectPath(fileName);
  return scriptFolder.test(relative) || scriptFile.test(relative);
}

/**
 * Relative to the working directory (the project being linted or audited), with `/`: the folders
 * a checkout happens to live in (`/home/me/scripts/app/…`) say nothing about the code.
 */
function projectPath(fileName: string): string {
  const relative = path.isAbsolute(fileName) ? path.relative(process.cwd(), fileName) : fileName;
  return relative.replaceAll("\\", "/");
}

/**
 * Test code: unit and end-to-end tests, and browser-automation suites, run against test data,
 * never for a customer. File names (`*.test.ts`, `*.spec.ts`, `*.e2e-spec.ts`) and the folders
 * test runners own; not a bare `test/` or `tests/` folder, which also holds fixture projects.
 */
const testFile = /\.(test|spec|e2e|e2e-spec|e2e-test)\.[cm]?[jt]sx?$/u;
const testFolder = /(^|\/)(__tests__|__mocks__|e2e|playwright|cypress)\//u;

export function isTestPath(fileName: string): boolean {
  const relative = projectPath(fileName);
  return testFile.test(relative) || testFolder.test(relative);
}

/**
 * A module that runs in the user's browser: its first statement is the `"use client"` directive,
 * or it uses React's state and effect hooks, which only client components can (a server
 * component has no state and no effects), or the client-side router's, and exports no server
 * half (Next.js `getServerSideProps`, Remix `loader`/`action`, which run per request).
 */
export function isBrowserModule(sourceFile: ts.SourceFile): boolean {
  const first = sourceFile.statements[0];
  if (
    first !== undefined &&
    ts.isExpressionStatement(first) &&
    ts.isStringLiteral(first.expression) &&
    first.expression.text === "use client"
  )
    return true;
  return memoized("client-hooks", clientHookModules, sourceFile, () => importsClientHooks(sourceFile));
}

const clientHookModules: Readonly<Record<string, ReadonlySet<string>>> = {
  react: new Set(["useState", "useEffect", "useLayoutEffect", "useReducer", "useTransition", "useOptimistic"]),
  "next/navigation": new Set(["useRouter", "useSearchParams", "usePathname", "useParams"]),
  "next/router": new Set(["useRouter"]),
};

function exportsServerHalf(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some((statement) => {
    const exported = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    if (exported && ts.isFunctionDeclaration(statement)) return serverHalfExports.has(statement.name?.text ?? "");
    if (exported && ts.isVariableStatement(statement))
      return statement.declarationList.declarations.some(
        (declaration) => ts.isIdentifier(declaration.name) && serverHalfExports.has(declaration.name.text),
      );
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause))
      return statement.exportClause.elements.some((element) => serverHalfExports.has(element.name.text));
    return false;
  });
}

/** Exports of a page or route module that run on the server, beside a component that uses hooks. */
const serverHalfExports = new Set([
  "getServerSideProps",
  "getStaticProps",
  "getStaticPaths",
  "getInitialProps",
  "loader",
  "action",
]);

function importsClientHooks(sourceFile: ts.SourceFile): boolean {
  if (exportsServerHalf(sourceFile)) return false;
  return sourceFile.statements.some((statement) => {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) return false;
    const hooks = clientHookModules[statement.moduleSpecifier.text];
    const bindings = statement.importClause?.namedBindings;
    if (!hooks || statement.importClause?.isTypeOnly || !bindings || !ts.isNamedImports(bindings)) return false;
    return bindings.elements.some(
      (element) => !element.isTypeOnly && hooks.has((element.propertyName ?? element.name).text),
    );
  });
}

/** A module whose exports are server actions (`"use server"`): each export is an entry point called from the browser. */
export function isServerActionModule(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements
    .slice(0, 3)
    .some(
      (statement) =>
        ts.isExpressionStatement(statement) &&
        ts.isStringLiteral(statement.expression) &&
        statement.expression.text === "use server",
    );
}

/** A file that never runs per request: a script or a test by its path, or browser code. */
export function isNonServerFile(sourceFile: ts.SourceFile): boolean {
  return isScriptPath(sourceFile.fileName) || isTestPath(sourceFile.fileName) || isBrowserModule(sourceFile);
}

/** HTTP method exports of a file-based route (Next.js `app/…/route.ts`, SvelteKit, Remix resource routes). */
const routeExportNames = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "loader", "action"]);
/** Callbacks of an RPC procedure builder: `t.procedure.use(…).mutation(async ({ ctx, input }) => …)`. */
const procedureMethods = new Set(["query", "mutation", "subscription"]);

/**
 * A function some framework calls for one request or one job: a registered route handler or
 * middleware, a function taking a request or a job, a file route's method export, an RPC
 * procedure's resolver, or an export of a server-action module.
 */
export function isEntryFunction(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): boolean {
  return memoized("entry-function", context.checker ?? context.settings, fn, () => computeEntry(fn, context));
}

function computeEntry(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): boolean {
  if (isRegisteredHandler(fn, context) || takesRequestOrJob(fn, context)) return true;
  const name = functionName(fn);
  const sourceFile = fn.getSourceFile();
  if (name !== undefined && isExported(fn)) {
    if (routeExportNames.has(name) || isServerActionModule(sourceFile)) return true;
  }
  const parent = fn.parent;
  if (parent && ts.isCallExpression(parent) && parent.arguments.includes(fn as unknown as ts.Expression)) {
    const callee = parent.expression;
    if (ts.isPropertyAccessExpression(callee) && procedureMethods.has(callee.name.text)) return true;
  }
  return false;
}

/** Exported from its module: `export function f`, `export const f = …`, or listed in `export { f }`. */
export function isExported(fn: ts.FunctionLikeDeclaration): boolean {
  const holder = ts.isFunctionDeclaration(fn)
    ? fn
    : fn.parent && ts.isVariableDeclaration(fn.parent)
      ? fn.parent.parent?.parent
      : undefined;
  if (holder && (ts.getCombinedModifierFlags(holder as ts.Declaration) & ts.ModifierFlags.Export) !== 0) return true;
  if (
    holder &&
    ts.isVariableStatement(holder) &&
    holder.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
  )
    return true;
  const name = functionName(fn);
  if (name === undefined) return false;
  return fn
    .getSourceFile()
    .statements.some(
      (statement) =>
        (ts.isExportDeclaration(statement) &&
          !statement.moduleSpecifier &&
          statement.exportClause &&
          ts.isNamedExports(statement.exportClause) &&
          statement.exportClause.elements.some((element) => (element.propertyName ?? element.name).text === name)) ||
        (ts.isExportAssignment(statement) &&
          ts.isIdentifier(statement.expression) &&
          statement.expression.text === name),
    );
}

/** The key a function is known by across the program: its file and name (`src/llm.ts#summarise`). */
export function functionKey(fn: ts.FunctionLikeDeclaration): string | undefined {
  const name = functionName(fn);
  if (name === undefined) return undefined;
  // `Class.method`: methods of two classes of one file are two functions.
  const owner = ts.isClassLike(fn.parent)
    ? fn.parent
    : fn.parent && ts.isPropertyDeclaration(fn.parent) && ts.isClassLike(fn.parent.parent)
      ? fn.parent.parent
      : undefined;
  const qualified = owner?.name ? `${owner.name.text}.${name}` : name;
  return `${fn.getSourceFile().fileName}#${qualified}`;
}

/** The innermost enclosing function with a name, or an entry point on the way there. */
export function namedOrEntryFunction(site: ts.Node, context: AnalysisContext): ts.FunctionLikeDeclaration | undefined {
  for (let fn = enclosingFunction(site); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) {
    if (isEntryFunction(fn, context) || functionName(fn) !== undefined) return fn;
  }
  return undefined;
}

/**
 * Code that runs for no tenant: a script or browser file; with the CLI's facts, a module imported
 * only by such files, or a function reached only from scripts, migrations and start-up.
 */
export function isNonRequestCode(site: ts.Node, context: AnalysisContext): boolean {
  const sourceFile = site.getSourceFile();
  if (isNonServerFile(sourceFile)) return true;
  const facts = context.projectFacts;
  if (!facts) return false;
  if (facts.nonServerModules?.has(sourceFile.fileName)) return true;
  const nonRequest = facts.nonRequestFunctions;
  if (!nonRequest || nonRequest.size === 0) return false;
  for (let fn = enclosingFunction(site); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) {
    if (isEntryFunction(fn, context)) return false;
    const key = functionKey(fn);
    if (key !== undefined) return nonRequest.has(key);
  }
  return false;
}

const processors: readonly JobProcessor[] = adapters.flatMap((adapter) => adapter.processors ?? []);

/**
 * Where a job processor reads its payload, as a member path from its first parameter (`data` for
 * `job.data`, `""` for Trigger.dev's payload parameter), or undefined for a function that is none.
 * A function taking a `job` (BullMQ, Bull) reads `job.data`.
 */
export function jobPayloadPath(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): string | undefined {
  const first = fn.parameters[0];
  if (!first) return undefined;
  if (isJobParameter(first, context)) return "data";
  let holder: ts.Node = fn;
  let option: string | undefined;
  // `task({ id, run: async (payload) => … })`: the function is an option of the argument.
  if (ts.isPropertyAssignment(fn.parent) && ts.isObjectLiteralExpression(fn.parent.parent)) {
    option = propertyNameText(fn.parent.name);
    holder = fn.parent.parent;
  } else if (ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(fn.parent)) {
    option = propertyNameText(fn.name);
    holder = fn.parent;
  }
  const call = holder.parent;
  if (!call || (!ts.isCallExpression(call) && !ts.isNewExpression(call))) return undefined;
  const args: readonly ts.Expression[] = call.arguments ?? [];
  const index = args.indexOf(holder as ts.Expression);
  if (index < 0) return undefined;
  const name = calleeName(call);
  const isMethod = ts.isPropertyAccessExpression(unwrap(call.expression));
  const found = processors.find(
    (processor) =>
      (processor.argument === "last" ? index === args.length - 1 : index === processor.argument) &&
      processor.option === option &&
      ((processor.construct !== undefined && ts.isNewExpression(call) && processor.construct === name) ||
        (processor.factory !== undefined && ts.isCallExpression(call) && !isMethod && processor.factory === name) ||
        (processor.method !== undefined && ts.isCallExpression(call) && isMethod && processor.method === name)),
  );
  return found?.payload;
}

/**
 * The value is read from the payload of the job processor it sits in (`job.data.documentId`,
 * `payload.id`, `event.data.userId`, or a `const` destructured from one): the code that
 * enqueued the job wrote it.
 */
export function readsJobPayload(expression: ts.Expression, context: AnalysisContext, depth = 0): boolean {
  if (depth > 6) return false;
  const node = stripConversions(unwrap(expression));
  const path = memberPath(node);
  if (path === undefined) return false;
  const [root, ...rest] = path.split(".");
  const head = ts.isIdentifier(node) ? node : leftmost(node);
  if (!head || head.text !== root) return false;
  const binding = resolveBinding(head, context.checker);
  if (binding?.kind === "parameter") {
    const parameter = binding.declaration;
    const fn = parameter.parent as ts.FunctionLikeDeclaration;
    if (fn.parameters[0] !== parameter) return false;
    const payload = jobPayloadPath(fn, context);
    if (payload === undefined) return false;
    // `({ event }) => event.data.x`: the destructured property leads the path from the parameter.
    let fromParameter = rest;
    if (parameter.name !== binding.name) {
      const element = binding.name.parent;
      if (!ts.isBindingElement(element) || element.parent !== parameter.name) return false;
      const property = element.propertyName ? propertyNameText(element.propertyName) : binding.name.text;
      if (property === undefined) return false;
      fromParameter = [property, ...rest];
    }
    const wanted = payload === "" ? [] : payload.split(".");
    return fromParameter.length > wanted.length && wanted.every((segment, i) => fromParameter[i] === segment);
  }
  if (binding?.kind !== "variable" || !binding.constant || !binding.declaration.initializer) return false;
  const initializer = binding.declaration.initializer;
  // `const { documentId } = job.data`, `const id = payload.id`.
  if (binding.declaration.name === binding.name) return readsJobPayloadOrIs(initializer, context, depth + 1);
  return readsJobPayloadOrIs(initializer, context, depth + 1, true);
}

/** The payload itself (destructured from) or a value read from it. */
function readsJobPayloadOrIs(
  expression: ts.Expression,
  context: AnalysisContext,
  depth: number,
  whole = false,
): boolean {
  if (readsJobPayload(expression, context, depth)) return true;
  if (!whole) return false;
  const node = unwrap(expression);
  const head = ts.isIdentifier(node) ? node : leftmost(node);
  if (!head) return false;
  const binding = resolveBinding(head, context.checker);
  if (binding?.kind !== "parameter" || binding.declaration.name !== binding.name) return false;
  const fn = binding.declaration.parent as ts.FunctionLikeDeclaration;
  if (fn.parameters[0] !== binding.declaration) return false;
  const payload = jobPayloadPath(fn, context);
  if (payload === undefined) return false;
  const path = memberPath(node);
  return path !== undefined && path === [head.text, ...(payload === "" ? [] : payload.split("."))].join(".");
}

function leftmost(node: ts.Expression): ts.Identifier | undefined {
  let inner = node;
  while (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) inner = unwrap(inner.expression);
  return ts.isIdentifier(inner) ? inner : undefined;
}
