/**
 * What an incoming request is, and which of its parts the client controls. Used by
 * `no-untrusted-tenant-id` (where a tenant id comes from) and `no-global-tenant-state`
 * (which functions run per request or per job).
 *
 * A request object is known when:
 * 1. (typed) its type is, extends or intersects Express `Request`, Fastify `FastifyRequest`,
 *    Koa `Context`/`ParameterizedContext` or Node's `IncomingMessage`;
 * 2. its parameter is annotated with one of those types imported from express, fastify, koa,
 *    @koa/router or node:http (any name, any function);
 * 3. it is the first parameter of a callback registered as a route or middleware
 *    (`app.post("/x", fn)`, `router.use(fn)`, `fastify.route({ handler })`,
 *    `fastify.addHook("preHandler", fn)`) on an app or router (any name);
 * 4. it is named `req`/`request` in a handler-shaped function (`(req, res)`, `(req, res, next)`,
 *    `(request, reply)`, `(err, req, res, next)`) or `ctx` in `(ctx, next)`;
 * 5. it is a parameter of a function of this file that every call site hands a known request.
 * A parameter named `req`, `request` or `ctx` that is none of these is "possible": its reads
 * are counted as unverified, never reported. With types, a type from another library (an
 * outgoing request, a DOM `Request`) is not a request, whatever its name.
 */
import ts from "./typescript.cjs";
import { accessedName, calleeName, isAccess, propertyNameText, unwrap } from "./ast.js";
import { type Binding, resolveBinding } from "./bindings.js";
import { getFileFacts, memoized } from "./file-facts.js";
import type { AnalysisContext } from "./types.js";

export type RequestVerdict = "request" | "possible" | "no";

/** Declared types that are incoming requests, by the package folder that declares them. */
const frameworkRequestTypes: readonly { readonly folder: RegExp; readonly names: readonly string[] }[] = [
  { folder: /\/node_modules\/@types\/express(-serve-static-core)?\//u, names: ["Request"] },
  { folder: /\/node_modules\/fastify\//u, names: ["FastifyRequest"] },
  {
    folder: /\/node_modules\/(@types\/)?koa\//u,
    names: ["Context", "ParameterizedContext", "ExtendableContext", "BaseContext", "DefaultContext"],
  },
  { folder: /\/node_modules\/(@types\/)?(@koa\/router|koa-router|@types\/koa__router)\//u, names: ["RouterContext"] },
  { folder: /\/node_modules\/@types\/node\//u, names: ["IncomingMessage"] },
];

/** The same types by the module a file imports them from (untyped: annotations). */
const requestTypeImports: Readonly<Record<string, readonly string[]>> = {
  express: ["Request"],
  "express-serve-static-core": ["Request"],
  fastify: ["FastifyRequest"],
  koa: ["Context", "ParameterizedContext", "ExtendableContext", "BaseContext", "DefaultContext"],
  "@koa/router": ["RouterContext"],
  "koa-router": ["RouterContext"],
  http: ["IncomingMessage"],
  "node:http": ["IncomingMessage"],
};

/** Methods that register a route or a middleware on an app or router. */
const routeMethods = new Set([
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "del",
  "all",
  "options",
  "head",
  "use",
  "route",
  "addHook",
]);
/** Properties of a Fastify route-options object that hold request handlers. */
const handlerProperties = new Set([
  "handler",
  "preHandler",
  "onRequest",
  "preValidation",
  "preParsing",
  "preSerialization",
  "onSend",
]);
/** Receivers that are apps or routers by name, when their origin is not visible. */
const appLikeName =
  /^(app|application|server|api|fastify|instance|koa|routes?|[a-z][\w$]*Router|router|[a-z][\w$]*App)$/u;
/** Factories whose result is an app or router: `express()`, `express.Router()`, `fastify()`, `new Koa()`, `new Router()`. */
const appModules = new Set(["express", "fastify", "koa", "@koa/router", "koa-router"]);

const requestNames = new Set(["req", "request"]);
const responseNames = new Set(["res", "response", "reply", "rep"]);

export function requestVerdict(expression: ts.Expression, context: AnalysisContext): RequestVerdict {
  const node = unwrap(expression);
  return memoized("request-object", context.checker ?? context.settings, node, () => freshVerdict(node, context, 0));
}

function freshVerdict(node: ts.Expression, context: AnalysisContext, depth: number): RequestVerdict {
  if (depth > 4) return "no";
  if (context.checker) {
    const typed = typedVerdict(node, context.checker);
    if (typed !== "unknown") return typed;
  }
  if (!ts.isIdentifier(node)) return "no";
  const binding = resolveBinding(node, context.checker);
  if (binding?.kind !== "parameter") return "no";
  // `({ body }, res) => …`: `body` is a part of the request, not the request.
  if (!ts.isIdentifier(binding.declaration.name)) return "no";
  return parameterVerdict(binding.declaration, binding.name.text, context, depth);
}

/** A parameter destructured where it is declared (`({ params: { tenantId } }, res) => …`): is it a request? */
export function destructuredParameterVerdict(
  parameter: ts.ParameterDeclaration,
  context: AnalysisContext,
): RequestVerdict {
  return parameterVerdict(parameter, "", context, 0);
}

function parameterVerdict(
  parameter: ts.ParameterDeclaration,
  name: string,
  context: AnalysisContext,
  depth: number,
): RequestVerdict {
  if (parameter.type && annotationIsRequest(parameter.type)) return "request";
  const fn = parameter.parent;
  if (!ts.isFunctionLike(fn)) return "no";
  const index = fn.parameters.indexOf(parameter);
  if (index === 0 && isRegisteredHandler(fn as ts.FunctionLikeDeclaration, context)) return "request";
  if (handlerShaped(fn, index)) return "request";
  if (calledWithRequests(fn as ts.FunctionLikeDeclaration, index, context, depth)) return "request";
  return requestNames.has(name) || name === "ctx" ? "possible" : "no";
}

function handlerShaped(fn: ts.SignatureDeclaration, index: number): boolean {
  // `_res`, `_next`: unused parameters keep their role.
  const names = fn.parameters.map((parameter) =>
    ts.isIdentifier(parameter.name) ? parameter.name.text.replace(/^_+/u, "") : "",
  );
  const own = names[index];
  if (own === undefined) return false;
  // Express error middleware: (err, req, res, next).
  if (index === 1 && /^err(or)?$/u.test(names[0]!)) return requestNames.has(own) && responseNames.has(names[2] ?? "");
  if (index !== 0) return false;
  if (requestNames.has(own)) return responseNames.has(names[1] ?? "");
  return own === "ctx" && names[1] === "next";
}

function annotationIsRequest(type: ts.TypeNode, depth = 0): boolean {
  if (depth > 4) return false;
  if (ts.isIntersectionTypeNode(type)) return type.types.some((member) => annotationIsRequest(member, depth + 1));
  if (ts.isParenthesizedTypeNode(type)) return annotationIsRequest(type.type, depth + 1);
  if (!ts.isTypeReferenceNode(type)) return false;
  const name = type.typeName;
  const head = ts.isIdentifier(name) ? name : ts.isIdentifier(name.left) ? name.left : undefined;
  if (!head) return false;
  // `type AuthedRequest = Request & { user: User }`, `interface AuthedRequest extends Request {}` in this file.
  if (ts.isIdentifier(name)) {
    const local = localTypeDeclaration(name);
    if (local) return localTypeIsRequest(local, depth + 1);
  }
  const binding = resolveBinding(head);
  if (binding?.kind !== "import") return false;
  const accepted = Object.hasOwn(requestTypeImports, binding.module) ? requestTypeImports[binding.module] : undefined;
  if (!accepted) return false;
  if (ts.isIdentifier(name)) return accepted.includes(binding.imported);
  // `express.Request`, `Koa.Context`: a member of the default or namespace import.
  return (binding.imported === "default" || binding.imported === "*") && accepted.includes(name.right.text);
}

function localTypeDeclaration(name: ts.Identifier): ts.TypeAliasDeclaration | ts.InterfaceDeclaration | undefined {
  for (const statement of name.getSourceFile().statements) {
    if (
      (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) &&
      statement.name.text === name.text
    )
      return statement;
  }
  return undefined;
}

function localTypeIsRequest(declaration: ts.TypeAliasDeclaration | ts.InterfaceDeclaration, depth: number): boolean {
  if (ts.isTypeAliasDeclaration(declaration)) return annotationIsRequest(declaration.type, depth);
  return (declaration.heritageClauses ?? []).some((clause) =>
    clause.types.some((base) => heritageImportsRequest(base, depth)),
  );
}

/** `interface AuthedRequest extends Request` / `extends express.Request`: the base must be the framework's own type. */
function heritageImportsRequest(base: ts.ExpressionWithTypeArguments, depth: number): boolean {
  const expression = base.expression;
  const head = ts.isIdentifier(expression)
    ? expression
    : ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)
      ? expression.expression
      : undefined;
  if (!head) return false;
  const binding = resolveBinding(head);
  if (binding?.kind !== "import") {
    const local = ts.isIdentifier(expression) ? localTypeDeclaration(expression) : undefined;
    return local !== undefined && depth < 4 && localTypeIsRequest(local, depth + 1);
  }
  const accepted = Object.hasOwn(requestTypeImports, binding.module) ? requestTypeImports[binding.module] : undefined;
  if (!accepted) return false;
  if (ts.isIdentifier(expression)) return accepted.includes(binding.imported);
  return (
    (binding.imported === "default" || binding.imported === "*") &&
    accepted.includes((expression as ts.PropertyAccessExpression).name.text)
  );
}

/** A function passed to `app.post("/x", …)`, `router.use(…)`, `fastify.route({ handler })`, `fastify.addHook("preHandler", …)`. */
export function isRegisteredHandler(fn: ts.FunctionLikeDeclaration, context: AnalysisContext): boolean {
  let holder: ts.Node = fn;
  let parent = holder.parent;
  // A handler inside an array of handlers: `preHandler: [auth, handler]`, `router.get("/", [a, b])`.
  if (parent && ts.isArrayLiteralExpression(parent)) {
    holder = parent;
    parent = parent.parent;
  }
  if (
    parent &&
    (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) &&
    handlerProperties.has(propertyNameText(parent.name) ?? "")
  ) {
    const options = parent.parent;
    const call = options?.parent;
    return Boolean(
      call &&
      ts.isCallExpression(call) &&
      call.arguments.includes(options as ts.Expression) &&
      isRouteRegistration(call, context),
    );
  }
  if (ts.isMethodDeclaration(fn) && handlerProperties.has(propertyNameText(fn.name) ?? "")) {
    const call = fn.parent?.parent;
    return Boolean(
      call &&
      ts.isCallExpression(call) &&
      call.arguments.includes(fn.parent as ts.Expression) &&
      isRouteRegistration(call, context),
    );
  }
  return Boolean(
    parent &&
    ts.isCallExpression(parent) &&
    parent.arguments.includes(holder as ts.Expression) &&
    isRouteRegistration(parent, context),
  );
}

function isRouteRegistration(call: ts.CallExpression, context: AnalysisContext): boolean {
  const callee = unwrap(call.expression);
  if (!isAccess(callee)) return false;
  const method = accessedName(callee);
  if (!method || !routeMethods.has(method)) return false;
  const receiver = unwrap(callee.expression);
  const [first] = call.arguments;
  // `router.route("/x").get(fn)`: the path was given to `route`.
  if (ts.isCallExpression(receiver) && calleeName(receiver) === "route" && isPathArgument(receiver.arguments[0])) {
    const inner = unwrap(receiver.expression);
    return isAccess(inner) && isAppLike(inner.expression, context);
  }
  if (!isAppLike(receiver, context)) return false;
  if (method === "use" || method === "route") return true;
  if (method === "addHook")
    return Boolean(
      first && ts.isStringLiteralLike(unwrap(first)) && /^(on|pre)/u.test((unwrap(first) as ts.StringLiteralLike).text),
    );
  return isPathArgument(first);
}

function isPathArgument(argument: ts.Expression | undefined): boolean {
  if (!argument) return false;
  const node = unwrap(argument);
  if (ts.isStringLiteralLike(node)) return /^[/*]/u.test(node.text);
  if (ts.isTemplateExpression(node)) return /^[/*]/u.test(node.head.text);
  if (ts.isArrayLiteralExpression(node))
    return node.elements.length > 0 && node.elements.every((element) => isPathArgument(element));
  if (ts.isRegularExpressionLiteral(node)) return true;
  return false;
}

function isAppLike(expression: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(expression);
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword)
    return appLikeName.test(node.name.text);
  if (!ts.isIdentifier(node)) return false;
  const binding = resolveBinding(node, context.checker);
  if (
    binding?.kind === "variable" &&
    binding.declaration.initializer &&
    madeByAppFactory(binding.declaration.initializer, context)
  )
    return true;
  return appLikeName.test(node.text);
}

function madeByAppFactory(initializer: ts.Expression, context: AnalysisContext): boolean {
  const node = unwrap(initializer);
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return false;
  const callee = unwrap(node.expression);
  const head = ts.isIdentifier(callee)
    ? callee
    : isAccess(callee) && ts.isIdentifier(unwrap(callee.expression))
      ? (unwrap(callee.expression) as ts.Identifier)
      : undefined;
  if (!head) return false;
  const binding = resolveBinding(head, context.checker);
  return binding?.kind === "import" && appModules.has(binding.module);
}

/** Step 5: a helper of this file (`tenantFrom(req)`) that every call site hands a known request. */
function calledWithRequests(
  fn: ts.FunctionLikeDeclaration,
  index: number,
  context: AnalysisContext,
  depth: number,
): boolean {
  const name = functionName(fn);
  if (!name) return false;
  const sourceFile = fn.getSourceFile();
  let calls = 0;
  // The file's calls are listed once per file; walking the whole file per parameter dominated lint time.
  for (const call of getFileFacts(sourceFile).calls) {
    if (!ts.isIdentifier(call.expression) || call.expression.text !== name) continue;
    const binding = resolveBinding(call.expression, context.checker);
    if (!binding || declarationOf(binding) !== fn) continue;
    calls += 1;
    const argument = call.arguments[index];
    if (!argument || freshVerdict(unwrap(argument), context, depth + 1) !== "request") return false;
  }
  return calls > 0;
}

function functionName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  if (
    (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
    ts.isVariableDeclaration(fn.parent) &&
    ts.isIdentifier(fn.parent.name)
  )
    return fn.parent.name.text;
  return undefined;
}

function declarationOf(binding: Binding): ts.Node | undefined {
  if (binding.kind === "function") return binding.declaration;
  if (binding.kind === "variable" && binding.declaration.initializer) return unwrap(binding.declaration.initializer);
  return undefined;
}

/** With types: a framework request type says yes; another library's type says no; `any` or a type of this project says nothing. */
function typedVerdict(node: ts.Expression, checker: ts.TypeChecker): RequestVerdict | "unknown" {
  let type: ts.Type;
  try {
    type = checker.getTypeAtLocation(node);
  } catch {
    return "unknown";
  }
  return typeVerdict(type, checker, 0);
}

function typeVerdict(type: ts.Type, checker: ts.TypeChecker, depth: number): RequestVerdict | "unknown" {
  if (depth > 4) return "unknown";
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) return "unknown";
  if (type.isUnion()) {
    const verdicts = type.types
      .filter((member) => !(member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)))
      .map((member) => typeVerdict(member, checker, depth + 1));
    return verdicts.length > 0 && verdicts.every((verdict) => verdict === verdicts[0]) ? verdicts[0]! : "unknown";
  }
  if (type.isIntersection()) {
    const verdicts = type.types.map((member) => typeVerdict(member, checker, depth + 1));
    if (verdicts.includes("request")) return "request";
    // Another library's type with extra fields (`RequestInit & { headers: … }`) is still not a request.
    return verdicts.includes("no") ? "no" : "unknown";
  }
  if (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)) return "no";
  for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
    const declaration = symbol?.declarations?.[0];
    if (!symbol || !declaration) continue;
    const fileName = declaration.getSourceFile().fileName.replaceAll("\\", "/");
    if (frameworkRequestTypes.some((entry) => entry.folder.test(fileName) && entry.names.includes(symbol.getName())))
      return "request";
  }
  if (type.isClassOrInterface()) {
    for (const base of checker.getBaseTypes(type)) {
      if (typeVerdict(base, checker, depth + 1) === "request") return "request";
    }
  }
  const declaration = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
  if (!declaration) return "unknown";
  const fileName = declaration.getSourceFile().fileName.replaceAll("\\", "/");
  // Another library's type (an outgoing request, a fetch `Request`) is not an incoming request.
  if (fileName.includes("/node_modules/") || /\/typescript\/lib\/lib\.[^/]*\.d\.ts$/u.test(fileName)) return "no";
  return "unknown";
}

/** Whether a function runs for one request or one job: it or an enclosing function takes a request or a job. */
export function takesRequestOrJob(fn: ts.SignatureDeclaration, context: AnalysisContext): boolean {
  return fn.parameters.some((parameter) => isRequestOrJobParameter(parameter, context));
}

export function isRequestOrJobParameter(parameter: ts.ParameterDeclaration, context: AnalysisContext): boolean {
  if (!ts.isIdentifier(parameter.name)) return false;
  if (parameterVerdict(parameter, parameter.name.text, context, 0) === "request") return true;
  if (context.checker && typedVerdict(parameter.name, context.checker) === "request") return true;
  return isJobParameter(parameter, context);
}

/**
 * Middleware registered before a route handler whose name matches (`router.post(path,
 * requireRole("owner"), handler)`, `app.post(path, tenantRateLimit, handler)`): it runs first,
 * and what it does is out of sight.
 */
export function routeMiddlewareNamed(
  fn: ts.FunctionLikeDeclaration,
  pattern: RegExp,
  context: AnalysisContext,
): ts.Expression | undefined {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !isRegisteredHandler(fn, context)) return undefined;
  const index = call.arguments.indexOf(fn as unknown as ts.Expression);
  return call.arguments.slice(0, index).find((argument) => middlewareNamed(argument, pattern));
}

/**
 * Middleware a router or app applies to every route (`router.use(aiRateLimit)`,
 * `app.use("/api/ai", limiter)`) registered in the same file, for a handler registered on it.
 */
export function routerMiddlewareNamed(
  fn: ts.FunctionLikeDeclaration,
  pattern: RegExp,
  context: AnalysisContext,
): boolean {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !isRegisteredHandler(fn, context)) return false;
  const callee = unwrap(call.expression);
  if (!isAccess(callee)) return false;
  const router = unwrap(callee.expression).getText().replace(/\s+/gu, "");
  return getFileFacts(fn.getSourceFile()).calls.some((candidate) => {
    const inner = unwrap(candidate.expression);
    return (
      candidate !== call &&
      ts.isPropertyAccessExpression(inner) &&
      inner.name.text === "use" &&
      unwrap(inner.expression).getText().replace(/\s+/gu, "") === router &&
      candidate.arguments.some((argument) => middlewareNamed(argument, pattern))
    );
  });
}

/** `requireRole("owner")`, `tenantRateLimit`: a middleware argument whose name matches. */
export function middlewareNamed(argument: ts.Expression, pattern: RegExp): boolean {
  const node = unwrap(argument);
  const name = ts.isIdentifier(node) ? node.text : ts.isCallExpression(node) ? calleeName(node) : undefined;
  return name !== undefined && pattern.test(name);
}

/** A BullMQ/Bull job: a parameter named `job`, or typed `Job` from bullmq/bull. */
export function isJobParameter(parameter: ts.ParameterDeclaration, context: AnalysisContext): boolean {
  if (ts.isIdentifier(parameter.name) && parameter.name.text === "job") return true;
  if (!context.checker) return false;
  const symbol = context.checker.getTypeAtLocation(parameter.name).getSymbol();
  const fileName = symbol?.declarations?.[0]?.getSourceFile().fileName.replaceAll("\\", "/") ?? "";
  return symbol?.getName() === "Job" && /\/node_modules\/(bullmq|bull|@types\/bull)\//u.test(fileName);
}
