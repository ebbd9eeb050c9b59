/**
 * `no-untrusted-tenant-id` (tenant-source): the tenant comes from the verified token
 * (`req.user.tenantId`, `req.tenantId` set by auth middleware, `jwt.verify`/`jwtVerify` claims),
 * never from what the client sends (body, query, route params, headers, cookies) or from a token
 * that was only decoded. Key-presence checks pass such code: the query does carry a tenant id,
 * just one the caller picked.
 *
 * A read is clean when the value is compared with a verified tenant before it is used:
 * - the read is itself an operand of `===`/`!==`/`==`/`!=` against a verified tenant value, or a
 *   presence test (`!x`, `typeof x`, `x == null`, the condition of an `if`);
 * - or every use comes after an `if` (in the same or an enclosing block) whose condition
 *   says "mismatch" (`a !== verified`, or one `||` branch of it) and whose branch always leaves
 *   (`return`/`throw`), or after `assert(a === verified)` / `assert.equal(a, verified)`;
 * - or every use sits in the branch where they are equal (`if (a === verified) { use(a) }`).
 * A read compared only inside a call we cannot see (`if (!canAccess(req.user, a)) return`)
 * is counted as unverified. A value read into a variable (`const { tenantId } = req.body`) is
 * judged by every use of that variable.
 */
import ts from "../typescript.cjs";
import { accessedName, alwaysLeaves, contains, convertedValue, enclosingFunction, isAccess, isNullish, memberPath, propertyNameText, stripConversions, unwrap } from "../ast.js";
import { initialValue, resolveBinding } from "../bindings.js";
import { type CheckScope, defineCheck, type SuggestionInput } from "../check.js";
import { getFileFacts } from "../file-facts.js";
import { isTenantValue } from "../evidence/tenant-value.js";
import { destructuredParameterVerdict, isRegisteredHandler, requestVerdict, routeAuthorisation, routerAuthorised } from "../request-sources.js";
import type { AnalysisContext, TextEdit } from "../types.js";

export type NoUntrustedTenantIdMessageId = "untrustedTenantId" | "decodedTenantId" | "useVerifiedTenant";

type SourceKind = "body" | "query" | "params" | "headers" | "cookies" | "decoded token";

/** Where a value sits: the request object itself, or somewhere inside a client-controlled part. */
type Place =
  | { readonly kind: "request"; readonly possible: boolean; readonly request?: ts.Expression }
  | { readonly kind: "source"; readonly source: SourceKind; readonly possible: boolean; readonly request?: ts.Expression; readonly segments: readonly string[] };

const containers: Readonly<Record<string, SourceKind>> = {
  body: "body",
  query: "query",
  params: "params",
  headers: "headers",
  header: "headers",
  cookies: "cookies",
};

/** Request methods that read one header, cookie or parameter by name. */
const namedReaders: Readonly<Record<string, SourceKind>> = { get: "headers", header: "headers", param: "params" };

const equalityOperators = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken]);
const inequalityOperators = new Set([ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

interface Read {
  /** Where the finding points: the member expression, call or destructured property. */
  readonly node: ts.Node;
  readonly source: SourceKind;
  readonly possible: boolean;
  readonly request?: ts.Expression;
  /** The variable the value is read into, when it is. */
  readonly holder?: ts.Identifier;
}

type UseVerdict = "check" | "guarded" | "unknown" | "use";

export const noUntrustedTenantId = defineCheck<NoUntrustedTenantIdMessageId>({
  ruleId: "no-untrusted-tenant-id",
  messages: {
    untrustedTenantId: "Tenant id {{read}} comes from the request {{source}}, which the client controls; take it from the verified token",
    decodedTenantId: "Tenant id {{read}} comes from a token that was decoded, not verified; take it from jwt.verify or jwtVerify",
    useVerifiedTenant: "Use the verified tenant {{replacement}}",
  },
  run(scope) {
    const reads = collectReads(scope.sourceFile, scope.context);
    const holders = new Set(reads.map((read) => read.holder).filter((holder): holder is ts.Identifier => holder !== undefined));
    const analysis: Analysis = { context: scope.context, holders };
    for (const read of reads) {
      if (read.possible) {
        // `req` in a function we cannot tell is a handler: undecidable.
        scope.examined("unknown");
        continue;
      }
      // Behind route-level authorisation (`router.get(path, requireRole("owner"), handler)`): undecidable.
      const verdict = behindRouteAuthorisation(read, analysis.context) ? "unknown" : paramHandlerVerdict(read, analysis) ?? readVerdict(read, analysis);
      scope.examined(verdict === "use" ? "unscoped" : verdict === "unknown" ? "unknown" : "scoped");
      if (verdict !== "use") continue;
      const text = readText(read, scope.sourceFile);
      if (read.source === "decoded token") {
        scope.report(read.node, "decodedTenantId", { read: text });
      } else {
        scope.report(read.node, "untrustedTenantId", { read: text, source: read.source }, suggestions(read, analysis, scope));
      }
    }
  },
});

/**
 * Express `router.param("tenantId", (req, res, next, value) => …)` in this file runs before every
 * route with that parameter: a handler that rejects a mismatch and leaves guards every
 * `req.params.tenantId`; any other handler is an authorisation step we cannot judge (unverified).
 */
function paramHandlerVerdict(read: Read, analysis: Analysis): UseVerdict | undefined {
  if (read.source !== "params") return undefined;
  const name = ts.isBindingElement(read.node)
    ? propertyNameText(read.node.propertyName ?? read.node.name)
    : ts.isCallExpression(read.node) ? undefined : staticName(read.node as ts.PropertyAccessExpression | ts.ElementAccessExpression, analysis.context);
  if (name === undefined) return undefined;
  const router = routerOf(read.node, analysis.context);
  let verdict: UseVerdict | undefined;
  for (const call of getFileFacts(read.node.getSourceFile()).calls) {
    const callee = unwrap(call.expression);
    if (!isAccess(callee) || accessedName(callee) !== "param" || call.arguments.length !== 2) continue;
    if (stringValue(call.arguments[0]!, analysis.context) !== name) continue;
    // Registered on another router: it runs for that router's routes only.
    if (router !== undefined && compact(unwrap(callee.expression).getText()) !== router) continue;
    // A handler registered elsewhere (a named controller) may or may not sit behind it.
    if (router === undefined) {
      verdict = "unknown";
      continue;
    }
    const handler = unwrap(call.arguments[1]!);
    const value = (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)) && handler.parameters[3]?.name;
    if (!value || !ts.isIdentifier(value) || !handler.body || !ts.isBlock(handler.body)) {
      verdict ??= "unknown";
      continue;
    }
    const denotes = (expression: ts.Expression): boolean => {
      const inner = unwrap(expression);
      return ts.isIdentifier(inner) && inner.text === value.text;
    };
    return handler.body.statements.some((statement) => isExitingGuard(statement, denotes, analysis)) ? "guarded" : "unknown";
  }
  return verdict;
}

/** The app or router a read's handler is registered on (`campaigns` for `campaigns.get("/", (req) => …)`). */
function routerOf(node: ts.Node, context: AnalysisContext): string | undefined {
  for (let fn = enclosingFunction(node); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) {
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as unknown as ts.Expression)) continue;
    const callee = unwrap(call.expression);
    if (!isAccess(callee) || !isRegisteredHandler(fn, context)) continue;
    let receiver = unwrap(callee.expression);
    // `router.route("/x").get(fn)`: the router is the receiver of `route`.
    if (ts.isCallExpression(receiver) && isAccess(unwrap(receiver.expression))) receiver = unwrap((unwrap(receiver.expression) as ts.PropertyAccessExpression).expression);
    return compact(receiver.getText());
  }
  return undefined;
}

function behindRouteAuthorisation(read: Read, context: AnalysisContext): boolean {
  for (let fn = enclosingFunction(read.node); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) {
    if (routeAuthorisation(fn, context)) return true;
  }
  // `adminRouter.use(requireSuperAdmin)`, then `adminRouter.get("/tenants/:tenantId", …)`.
  const router = routerOf(read.node, context);
  return (router !== undefined && routerAuthorised(router, read.node.getSourceFile())) || afterRoleCheck(read.node);
}

/** Platform-wide roles only: a tenant's own "admin" is no licence to name another tenant. */
const roleCheck = /(super_?admin|superuser|platform_?admin|isStaff|\bstaff\b|\binternal\b)/iu;

/**
 * Code a platform role check lets through: after `if (req.user.role !== "superadmin") return 403`, or in
 * the branch of `req.user.role === "superadmin" && req.query.tenantId ? … : …`. An admin acting
 * on a tenant named in the request is an authorisation decision we cannot judge: unverified.
 */
function afterRoleCheck(node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let parent = node.parent; parent && !ts.isSourceFile(parent); child = parent, parent = parent.parent) {
    if (ts.isBlock(parent)) {
      for (const statement of parent.statements) {
        if (statement === child) break;
        if (ts.isIfStatement(statement) && alwaysLeaves(statement.thenStatement) && roleCheck.test(statement.expression.getText())) return true;
      }
    }
    if (ts.isConditionalExpression(parent) && child === parent.whenTrue && roleCheck.test(parent.condition.getText())) return true;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === parent.right && roleCheck.test(parent.left.getText())) return true;
    if (ts.isFunctionLike(parent)) break;
  }
  return false;
}

interface Analysis {
  readonly context: AnalysisContext;
  /** Variables holding an untrusted tenant id: never a verified value to compare with. */
  readonly holders: ReadonlySet<ts.Identifier>;
}

// ---------------------------------------------------------------------------------------------
// Finding the reads

function collectReads(sourceFile: ts.SourceFile, context: AnalysisContext): Read[] {
  const facts = getFileFacts(sourceFile);
  const reads: Read[] = [];
  // Every read ends in a name that spells a tenant field; testing that first spares asking what
  // the receiver is for each of the file's many other accesses, calls and patterns.
  for (const access of facts.accesses) {
    const read = accessRead(access, context);
    if (read) reads.push(read);
  }
  for (const call of facts.calls) {
    const read = namedRead(call, context);
    if (read) reads.push(read);
  }
  for (const declaration of facts.variables) {
    if (!ts.isObjectBindingPattern(declaration.name) || !declaration.initializer || !patternMayNameTenant(declaration.name, context)) continue;
    const place = placeOf(declaration.initializer, context, 0);
    if (place) reads.push(...patternReads(declaration.name, place, context));
  }
  // `app.get("/t/:tenantId", ({ params: { tenantId } }, res) => …)`: the request destructured where it is declared.
  for (const fn of facts.functions) {
    for (const parameter of fn.parameters) {
      // NestJS: `@Param("tenantId") tenantId`, `@Headers("x-tenant-id") tenant`: the decorator reads it.
      const injected = nestInjection(parameter, context);
      if (injected?.name !== undefined && injected.source !== "request" && ts.isIdentifier(parameter.name) && mayNameTenant(injected.name, context)) {
        reads.push({ node: injected.decorator, source: injected.source, possible: false, holder: parameter.name });
        continue;
      }
      if (!ts.isObjectBindingPattern(parameter.name) || !patternMayNameTenant(parameter.name, context)) continue;
      const place = destructuredRequest(parameter, context);
      if (place) reads.push(...patternReads(parameter.name, place, context));
    }
  }
  return reads.sort((a, b) => a.node.pos - b.node.pos);
}

/** `req.body.tenantId`, `request.headers["x-tenant-id"]`, `decoded.tenantId`. */
function accessRead(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, context: AnalysisContext): Read | undefined {
  const name = staticName(node, context);
  if (name === undefined || !mayNameTenant(name, context)) return undefined;
  const base = placeOf(node.expression, context, 0);
  if (!base) return undefined;
  const place = step(base, name);
  if (place?.kind !== "source" || !namesTenant(place, context)) return undefined;
  // Writing a header or a field (`config.headers["x-tenant-id"] = id`) is not reading one.
  if (isWriteTarget(node)) return undefined;
  return { node, source: place.source, possible: place.possible, request: place.request, holder: holderOf(node) };
}

/** `req.get("x-tenant-id")`, `req.header("X-Tenant-Id")`, `ctx.get(…)`, `ctx.cookies.get("tenantId")`. */
function namedRead(call: ts.CallExpression, context: AnalysisContext): Read | undefined {
  const callee = unwrap(call.expression);
  if (!isAccess(callee) || call.arguments.length === 0) return undefined;
  const method = accessedName(callee);
  if (method !== "get" && (method === undefined || !Object.hasOwn(namedReaders, method))) return undefined;
  const name = stringValue(call.arguments[0]!, context);
  if (name === undefined || !mayNameTenant(name, context)) return undefined;
  const receiver = placeOf(callee.expression, context, 0);
  if (!receiver) return undefined;
  let place: Place | undefined;
  if (receiver.kind === "request" && namedReaders[method]) {
    place = { kind: "source", source: namedReaders[method], possible: receiver.possible, request: receiver.request, segments: [name] };
  } else if (receiver.kind === "source" && receiver.segments.length === 0 && method === "get" && (receiver.source === "cookies" || receiver.source === "headers")) {
    place = { ...receiver, segments: [name] };
  }
  if (place?.kind !== "source" || !namesTenant(place, context)) return undefined;
  return { node: call, source: place.source, possible: place.possible, request: place.request, holder: holderOf(call) };
}

/** `const { tenantId } = req.body`, `const { body: { tenantId } } = req`, `const { "x-tenant-id": t } = req.headers`. */
function patternReads(pattern: ts.ObjectBindingPattern, place: Place, context: AnalysisContext): Read[] {
  const reads: Read[] = [];
  for (const element of pattern.elements) {
    if (element.dotDotDotToken) continue;
    const name = propertyNameText(element.propertyName ?? element.name);
    if (name === undefined) continue;
    const inner = step(place, name);
    if (!inner) continue;
    if (ts.isObjectBindingPattern(element.name)) {
      reads.push(...patternReads(element.name, inner, context));
    } else if (ts.isIdentifier(element.name) && inner.kind === "source" && namesTenant(inner, context)) {
      reads.push({ node: element, source: inner.source, possible: inner.possible, request: inner.request, holder: element.name });
    }
  }
  return reads;
}

/** What an expression is: a request, a client-controlled part of one, or a decoded token's claims. */
function placeOf(expression: ts.Expression, context: AnalysisContext, depth: number): Place | undefined {
  if (depth > 8) return undefined;
  const node = unwrap(expression);
  if (isAccess(node)) {
    const name = staticName(node, context);
    if (name === undefined) return undefined;
    const base = placeOf(node.expression, context, depth + 1);
    return base && step(base, name);
  }
  if (ts.isCallExpression(node)) {
    if (isDecodeCall(node, context)) return { kind: "source", source: "decoded token", possible: false, segments: [] };
    // `schema.parse(req.body)`: validated, still the client's choice.
    const callee = unwrap(node.expression);
    if (isAccess(callee) && /^(parse|parseAsync)$/u.test(accessedName(callee) ?? "") && node.arguments.length === 1) {
      const inner = placeOf(node.arguments[0]!, context, depth + 1);
      return inner?.kind === "source" ? inner : undefined;
    }
    return undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const binding = resolveBinding(node, context.checker);
  // NestJS: `@Body() dto`, `@Query() query`, `@Req() req` hand the handler a part of the request, or all of it.
  if (binding?.kind === "parameter") {
    const injected = nestInjection(binding.declaration, context);
    if (injected?.source === "request") return { kind: "request", possible: false, request: node };
    if (injected && injected.name === undefined) return { kind: "source", source: injected.source, possible: false, request: undefined, segments: [] };
  }
  const verdict = requestVerdict(node, context);
  if (verdict !== "no") return { kind: "request", possible: verdict === "possible", request: node };
  // `({ body }, res) => body.tenantId`: a part of a request destructured in the parameter list.
  if (binding?.kind === "parameter" && ts.isObjectBindingPattern(binding.declaration.name)) {
    const path = bindingPath(binding.declaration.name, binding.name);
    let place = destructuredRequest(binding.declaration, context);
    for (const segment of path ?? []) place = place && step(place, segment);
    return path ? place : undefined;
  }
  if (binding?.kind !== "variable" || !binding.declaration.initializer) return undefined;
  const { declaration } = binding;
  const initializer = declaration.initializer!;
  if (ts.isIdentifier(declaration.name)) {
    const value = initialValue(node, context.checker);
    return value && value !== node ? placeOf(value, context, depth + 1) : undefined;
  }
  // `const { body } = req`, `const { body: { campaign } } = request`.
  const path = bindingPath(declaration.name, binding.name);
  if (!path) return undefined;
  let place = placeOf(initializer, context, depth + 1);
  for (const segment of path) place = place && step(place, segment);
  return place;
}

/** NestJS parameter decorators, by what they inject. */
const nestDecorators: Readonly<Record<string, SourceKind | "request">> = {
  Param: "params",
  Query: "query",
  Body: "body",
  Headers: "headers",
  Req: "request",
  Request: "request",
};

interface NestInjection {
  readonly decorator: ts.CallExpression;
  readonly source: SourceKind | "request";
  /** The named part (`@Param("tenantId")`); undefined for the whole part (`@Body()`). */
  readonly name?: string;
}

/** `@Param("tenantId") t`, `@Body() dto`, `@Req() req` from "@nestjs/common" (or declared in the file). */
function nestInjection(parameter: ts.ParameterDeclaration, context: AnalysisContext): NestInjection | undefined {
  for (const decorator of ts.getDecorators(parameter) ?? []) {
    const call = decorator.expression;
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || !Object.hasOwn(nestDecorators, call.expression.text)) continue;
    const binding = resolveBinding(call.expression, context.checker);
    if (binding?.kind === "import" && binding.module !== "@nestjs/common") continue;
    const first = call.arguments[0];
    const name = first === undefined ? undefined : stringValue(first, context);
    // `@Body(new ValidationPipe())`: a pipe, not a name.
    if (first !== undefined && name === undefined && !ts.isNewExpression(unwrap(first))) continue;
    return { decorator: call, source: nestDecorators[call.expression.text]!, name };
  }
  return undefined;
}

/** A request parameter destructured in place, as a place; undefined when the parameter is no request. */
function destructuredRequest(parameter: ts.ParameterDeclaration, context: AnalysisContext): Place | undefined {
  const verdict = destructuredParameterVerdict(parameter, context);
  return verdict === "no" ? undefined : { kind: "request", possible: verdict === "possible" };
}

function step(place: Place, name: string): Place | undefined {
  if (place.kind === "request") {
    const source = Object.hasOwn(containers, name) ? containers[name] : undefined;
    if (source) return { kind: "source", source, possible: place.possible, request: place.request, segments: [] };
    // Koa: `ctx.request.body` and `ctx.body`-style reads share the shapes of the request.
    if (name === "request") return place;
    return undefined;
  }
  return { ...place, segments: [...place.segments, name] };
}

/** The property names leading from a destructured declaration to one of its bound names. */
function bindingPath(pattern: ts.BindingPattern, target: ts.Identifier): string[] | undefined {
  if (!ts.isObjectBindingPattern(pattern)) return undefined;
  for (const element of pattern.elements) {
    const name = propertyNameText(element.propertyName ?? element.name);
    if (name === undefined || element.dotDotDotToken) continue;
    if (ts.isIdentifier(element.name) && element.name === target) return [name];
    if (ts.isObjectBindingPattern(element.name)) {
      const rest = bindingPath(element.name, target);
      if (rest) return [name, ...rest];
    }
  }
  return undefined;
}

/** `jwt.decode(token)`, `decode(token)` from jsonwebtoken; `jose.decodeJwt(token)`, `decodeJwt(token)` from jose. */
function isDecodeCall(call: ts.CallExpression, context: AnalysisContext): boolean {
  const callee = unwrap(call.expression);
  let head: ts.Identifier | undefined;
  let name: string | undefined;
  if (ts.isIdentifier(callee)) {
    head = callee;
  } else if (isAccess(callee) && ts.isIdentifier(unwrap(callee.expression))) {
    head = unwrap(callee.expression) as ts.Identifier;
    name = accessedName(callee);
  }
  if (!head) return false;
  const binding = resolveBinding(head, context.checker);
  let module: string | undefined;
  let imported: string | undefined;
  if (binding?.kind === "import") {
    module = binding.module;
    imported = binding.imported;
  } else if (binding?.kind === "variable" && binding.declaration.initializer) {
    // `const jwt = require("jsonwebtoken")`
    const init = unwrap(binding.declaration.initializer);
    if (ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require" && init.arguments[0] && ts.isStringLiteral(init.arguments[0])) {
      module = init.arguments[0].text;
      const pattern = binding.declaration.name;
      const element = ts.isObjectBindingPattern(pattern) ? pattern.elements.find((candidate) => candidate.name === binding.name) : undefined;
      imported = ts.isIdentifier(pattern) ? "*" : propertyNameText(element?.propertyName ?? binding.name);
    }
  }
  if (module === undefined) return false;
  const called = name === undefined ? imported : imported === "default" || imported === "*" ? name : undefined;
  if (module === "jsonwebtoken") return called === "decode";
  if (module === "jose") return called === "decodeJwt";
  return false;
}

const tenantSpellings = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Whether a property, header or cookie name could end a tenant read: the last part of a tenant field, in any spelling. */
function mayNameTenant(name: string, context: AnalysisContext): boolean {
  const fields = context.settings.tenantFields;
  let spellings = tenantSpellings.get(fields);
  if (!spellings) {
    spellings = new Set(fields.map((field) => normaliseName(field.slice(field.lastIndexOf(".") + 1))));
    tenantSpellings.set(fields, spellings);
  }
  return spellings.has(normaliseName(name));
}

/** A destructuring with some bound property that could be a tenant read (`{ tenantId }`, `{ body: { tenantId: t } }`). */
function patternMayNameTenant(pattern: ts.ObjectBindingPattern, context: AnalysisContext): boolean {
  return pattern.elements.some((element) => {
    if (element.dotDotDotToken) return false;
    if (ts.isObjectBindingPattern(element.name)) return patternMayNameTenant(element.name, context);
    const name = propertyNameText(element.propertyName ?? element.name);
    return name !== undefined && mayNameTenant(name, context);
  });
}

function namesTenant(place: Extract<Place, { kind: "source" }>, context: AnalysisContext): boolean {
  const last = place.segments.at(-1);
  if (last === undefined) return false;
  const path = place.segments.join(".");
  return context.settings.tenantFields.some((field) => {
    if (field.includes(".")) return path === field || path.endsWith(`.${field}`);
    return normaliseName(last) === normaliseName(field);
  });
}

/**
 * Header, cookie and parameter spellings of a tenant field: `tenantId` matches `tenantId`,
 * `tenant_id`, `tenant-id`, `tenantid`, `x-tenant-id`, `X-Tenant-Id` (case, `-`, `_` and a
 * leading `x-` are ignored). `tenantName` or `tenant` never match `tenantId`.
 */
function normaliseName(name: string): string {
  return name.toLowerCase().replace(/^x-/u, "").replace(/[-_]/gu, "");
}

function staticName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, context: AnalysisContext): string | undefined {
  // `headers[TENANT_HEADER]`: the constant's value, not the identifier's name.
  if (ts.isElementAccessExpression(node)) return stringValue(node.argumentExpression, context);
  return accessedName(node);
}

/** A string literal, or a `const` holding one (`const TENANT_HEADER = "x-tenant-id"`). */
function stringValue(expression: ts.Expression, context: AnalysisContext): string | undefined {
  const node = unwrap(expression);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isIdentifier(node)) {
    const value = initialValue(node, context.checker);
    if (value && ts.isStringLiteralLike(value)) return value.text;
  }
  return undefined;
}

function isWriteTarget(node: ts.Expression): boolean {
  let current: ts.Node = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isNonNullExpression(current.parent))) current = current.parent;
  const parent = current.parent;
  if (!parent) return false;
  if (ts.isBinaryExpression(parent) && parent.left === current) {
    const kind = parent.operatorToken.kind;
    return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
  }
  return ts.isDeleteExpression(parent);
}

/** The variable a read initializes: `const tenantId = req.body.tenantId` (through `as`, `!`, `String(…)`, `??`). */
function holderOf(read: ts.Expression): ts.Identifier | undefined {
  let current: ts.Node = read;
  for (;;) {
    const parent: ts.Node | undefined = current.parent;
    if (!parent) return undefined;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      ts.isTypeAssertionExpression(parent) ||
      (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === "String" && parent.arguments.length === 1) ||
      (ts.isBinaryExpression(parent) && parent.left === current && (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken))
    ) {
      current = parent;
      continue;
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) return parent.name;
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Judging the uses

function readVerdict(read: Read, analysis: Analysis): UseVerdict {
  if (read.source === "decoded token" && verifiedEarlier(read.node, analysis.context)) return "guarded";
  if (!read.holder) {
    const node = read.node as ts.Expression;
    return useVerdict(node, (candidate) => sameRead(candidate, node), analysis);
  }
  const holder = read.holder;
  const denotes = (candidate: ts.Expression): boolean => {
    const inner = unwrap(candidate);
    return ts.isIdentifier(inner) && inner.text === holder.text && bindingName(inner, analysis) === holder;
  };
  const uses = usesOf(holder, analysis);
  if (uses.length === 0) {
    // `const { tenantId: _ignored, ...changes } = req.body`: destructured only to strip it from the rest.
    if (ts.isBindingElement(read.node) && ts.isObjectBindingPattern(read.node.parent) && read.node.parent.elements.some((element) => element.dotDotDotToken)) return "guarded";
    // Read into a variable that is never used: nothing compares it, so the read itself is the finding.
    return "use";
  }
  const verdicts = uses.map((use) => useVerdict(use, denotes, analysis));
  if (verdicts.includes("use")) return "use";
  return verdicts.includes("unknown") ? "unknown" : "guarded";
}

function bindingName(identifier: ts.Identifier, analysis: Analysis): ts.Identifier | undefined {
  const binding = resolveBinding(identifier, analysis.context.checker);
  return binding?.kind === "variable" || binding?.kind === "parameter" ? binding.name : undefined;
}

function usesOf(holder: ts.Identifier, analysis: Analysis): ts.Identifier[] {
  const uses: ts.Identifier[] = [];
  const scope = enclosingFunction(holder);
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node !== holder && node.text === holder.text && isValueReference(node) && bindingName(node, analysis) === holder) {
      uses.push(node);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return uses;
}

/** Not a property name (`x.tenantId`, `{ tenantId: … }`) or a declaration. */
function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isBindingElement(parent) || ts.isParameter(parent)) && parent.name === node) return false;
  return true;
}

function sameRead(candidate: ts.Expression, read: ts.Expression): boolean {
  const node = unwrap(candidate);
  if (node === read) return true;
  const a = memberPath(node);
  const b = memberPath(read);
  if (a !== undefined && b !== undefined) return a === b;
  return ts.isCallExpression(node) && ts.isCallExpression(read) && compact(node.getText()) === compact(read.getText());
}

/** Source text for a message: as written, on one line (deleting all whitespace mangles `x as { … }`). */
function asWritten(text: string): string {
  return text.replace(/\s+/gu, " ");
}

function compact(text: string): string {
  return text.replace(/\s+/gu, "").replaceAll("'", '"');
}

/**
 * One use of the untrusted value: a comparison with the verified tenant ("check"), a presence test
 * (also "check"), guarded by an earlier or enclosing comparison ("guarded"), after a call that may
 * authorise it ("unknown"), or a plain use.
 */
function useVerdict(use: ts.Expression, denotes: (expression: ts.Expression) => boolean, analysis: Analysis): UseVerdict {
  if (isComparedWithVerified(use, denotes, analysis) || isAssertedEqual(use, denotes, analysis) || isPresenceTest(use)) return "check";
  if (isGuarded(use, denotes, analysis)) return "guarded";
  // Handed to an authorisation call (`canAccess(req.user, tenantId)`): what it checks is not visible.
  if (insideAuthorisationCall(use, denotes, analysis)) return "unknown";
  return authorisedByCall(use, denotes, analysis) ? "unknown" : "use";
}

/** `assert.equal(value, verified)` and its strict and deep forms. */
function isAssertedEqual(use: ts.Expression, denotes: (expression: ts.Expression) => boolean, analysis: Analysis): boolean {
  const node = outermost(use);
  const call = node.parent;
  if (!call || !ts.isCallExpression(call) || !/^assert\.(equal|strictEqual|deepStrictEqual|deepEqual)$/u.test(unwrap(call.expression).getText())) return false;
  const [first, second] = call.arguments;
  return Boolean(first && second && ((first === node && !denotes(second) && isVerifiedTenant(second, analysis)) || (second === node && !denotes(first) && isVerifiedTenant(first, analysis))));
}

function insideAuthorisationCall(use: ts.Node, denotes: (expression: ts.Expression) => boolean, analysis: Analysis): boolean {
  for (let node = use.parent; node && !ts.isFunctionLike(node) && !ts.isStatement(node); node = node.parent) {
    if (ts.isCallExpression(node) && node.arguments.some((argument) => contains(argument, use)) && isCheckPosition(node) && mentionsIdentity(node, denotes, analysis)) return true;
  }
  return false;
}

/** The expression a use sits in, through parentheses, `as`, `!` and conversions (`String(x)`, `x.toString()`, `new ObjectId(x)`). */
function outermost(node: ts.Node): ts.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) {
      current = parent;
      continue;
    }
    // `String(x)` is the call around x; `x.toString()` the call around the access.
    const conversion = ts.isPropertyAccessExpression(parent) ? parent.parent : parent;
    if (conversion && (ts.isCallExpression(conversion) || ts.isNewExpression(conversion)) && convertedValue(conversion) === unwrap(current as ts.Expression)) {
      current = conversion;
      continue;
    }
    return current;
  }
}

function isComparedWithVerified(use: ts.Expression, denotes: (expression: ts.Expression) => boolean, analysis: Analysis): boolean {
  const node = outermost(use);
  const parent = node.parent;
  // `new Types.ObjectId(t).equals(verified)`, `verified.equals(t)`
  if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === "equals" && ts.isCallExpression(parent.parent) && parent.parent.arguments.length === 1) {
    const other = stripConversions(parent.parent.arguments[0]!);
    return !denotes(other) && isVerifiedTenant(other, analysis);
  }
  // `req.user.tenantIds.includes(t)`
  if (parent && ts.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === node && ts.isPropertyAccessExpression(unwrap(parent.expression))) {
    const callee = unwrap(parent.expression) as ts.PropertyAccessExpression;
    if ((callee.name.text === "includes" || callee.name.text === "has") && ownedByIdentity(callee.expression)) return true;
  }
  if (parent && ts.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === node && ts.isPropertyAccessExpression(unwrap(parent.expression)) && (unwrap(parent.expression) as ts.PropertyAccessExpression).name.text === "equals") {
    const other = stripConversions((unwrap(parent.expression) as ts.PropertyAccessExpression).expression);
    return !denotes(other) && isVerifiedTenant(other, analysis);
  }
  if (!parent || !ts.isBinaryExpression(parent)) return false;
  const operator = parent.operatorToken.kind;
  if (!equalityOperators.has(operator) && !inequalityOperators.has(operator)) return false;
  const other = stripConversions(parent.left === node ? parent.right : parent.left);
  return !denotes(other) && isVerifiedTenant(other, analysis);
}

/** `!x`, `typeof x`, `x == null`, `if (x)`: testing that a value was sent is not using it. */
function isPresenceTest(use: ts.Expression): boolean {
  let node = outermost(use);
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isTypeOfExpression(parent)) return true;
  if (ts.isBinaryExpression(parent) && (equalityOperators.has(parent.operatorToken.kind) || inequalityOperators.has(parent.operatorToken.kind))) {
    const other = parent.left === node ? parent.right : parent.left;
    return isNullish(other);
  }
  // Climb `a && b` / `a || b` to the condition they form.
  while (node.parent && ts.isBinaryExpression(node.parent) && (node.parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    node = outermost(node.parent);
  }
  const holder = node.parent;
  return Boolean(holder && ((ts.isIfStatement(holder) && holder.expression === node) || (ts.isConditionalExpression(holder) && holder.condition === node)));
}

/** A tenant value not read from the request or a decoded token: `req.user.tenantId`, `req.tenantId`, `claims.tenantId`. */
function isVerifiedTenant(expression: ts.Expression, analysis: Analysis): boolean {
  const node = unwrap(expression);
  // `verified(request).tenantId`, `(await session()).tenantId`: a tenant field of a call's result.
  const tenantMember = isAccess(node) && analysis.context.settings.tenantFields.includes(accessedName(node) ?? "");
  if (!tenantMember && !isTenantValue(node, analysis.context)) return false;
  return !isUntrusted(node, analysis);
}

function isUntrusted(node: ts.Expression, analysis: Analysis): boolean {
  if (ts.isIdentifier(node)) {
    const name = bindingName(node, analysis);
    if (name && analysis.holders.has(name)) return true;
    const value = initialValue(node, analysis.context.checker);
    return value !== undefined && value !== node && isUntrusted(unwrap(value), analysis);
  }
  if (isAccess(node)) return placeOf(node, analysis.context, 0)?.kind === "source";
  if (ts.isCallExpression(node)) return namedRead(node, analysis.context) !== undefined;
  return false;
}

/** Whether `condition`, evaluating to `outcome`, implies that the value equals a verified tenant. */
function impliesEqual(condition: ts.Expression, outcome: boolean, denotes: (expression: ts.Expression) => boolean, analysis: Analysis): boolean {
  const node = unwrap(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return impliesEqual(node.operand, !outcome, denotes, analysis);
  // `new Types.ObjectId(t).equals(req.user.tenantId)`
  if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isPropertyAccessExpression(unwrap(node.expression)) && (unwrap(node.expression) as ts.PropertyAccessExpression).name.text === "equals") {
    return outcome && sameAsVerified((unwrap(node.expression) as ts.PropertyAccessExpression).expression, node.arguments[0]!, denotes, analysis);
  }
  // `req.user.tenantIds.includes(t)`: one of the tenants the verified identity belongs to.
  if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isPropertyAccessExpression(unwrap(node.expression))) {
    const callee = unwrap(node.expression) as ts.PropertyAccessExpression;
    if ((callee.name.text === "includes" || callee.name.text === "has") && denotes(stripConversions(node.arguments[0]!)) && ownedByIdentity(callee.expression)) return outcome;
  }
  if (!ts.isBinaryExpression(node)) return false;
  const operator = node.operatorToken.kind;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
    return outcome && (impliesEqual(node.left, true, denotes, analysis) || impliesEqual(node.right, true, denotes, analysis));
  }
  if (operator === ts.SyntaxKind.BarBarToken) {
    return !outcome && (impliesEqual(node.left, false, denotes, analysis) || impliesEqual(node.right, false, denotes, analysis));
  }
  const equal = equalityOperators.has(operator);
  if (!equal && !inequalityOperators.has(operator)) return false;
  if (equal !== outcome) return false;
  return sameAsVerified(node.left, node.right, denotes, analysis);
}

/** One side denotes the read (converted or not), the other is the verified tenant. */
function sameAsVerified(left: ts.Expression, right: ts.Expression, denotes: (expression: ts.Expression) => boolean, analysis: Analysis): boolean {
  const [a, b] = [stripConversions(left), stripConversions(right)];
  return (denotes(a) && isVerifiedTenant(b, analysis)) || (denotes(b) && isVerifiedTenant(a, analysis));
}

function isGuarded(use: ts.Node, denotes: (expression: ts.Expression) => boolean, analysis: Analysis): boolean {
  const fn = enclosingFunction(use);
  let child: ts.Node = use;
  for (let node = use.parent; node; child = node, node = node.parent) {
    if (ts.isIfStatement(node)) {
      if (child === node.thenStatement && impliesEqual(node.expression, true, denotes, analysis)) return true;
      if (child === node.elseStatement && impliesEqual(node.expression, false, denotes, analysis)) return true;
      // Inside the branch that rejects a mismatch and leaves (`log.warn({ requested: t }); return 403`): naming the rejected value.
      if (child === node.thenStatement && alwaysLeaves(node.thenStatement) && impliesEqual(node.expression, false, denotes, analysis)) return true;
    } else if (ts.isConditionalExpression(node)) {
      if (child === node.whenTrue && impliesEqual(node.condition, true, denotes, analysis)) return true;
      if (child === node.whenFalse && impliesEqual(node.condition, false, denotes, analysis)) return true;
    } else if (ts.isBinaryExpression(node) && node.right === child && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
      if (impliesEqual(node.left, true, denotes, analysis)) return true;
    } else if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
      for (const statement of node.statements) {
        if (statement === child) break;
        if (isExitingGuard(statement, denotes, analysis)) return true;
      }
    }
    if (node === fn) return false;
  }
  return false;
}

/** `if (a !== verified) return …;`, `if (!a || a !== verified) throw …`, `assert(a === verified)`. */
function isExitingGuard(statement: ts.Statement, denotes: (expression: ts.Expression) => boolean, analysis: Analysis): boolean {
  // `req.body.tenantId = req.user.tenantId;`: the client's value was replaced by the verified one.
  if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(unwrap(statement.expression))) {
    const assignment = unwrap(statement.expression) as ts.BinaryExpression;
    if (assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && denotes(assignment.left) && isVerifiedTenant(assignment.right, analysis)) return true;
  }
  if (ts.isIfStatement(statement)) {
    if (alwaysLeaves(statement.thenStatement) && impliesEqual(statement.expression, false, denotes, analysis)) return true;
    return Boolean(statement.elseStatement && alwaysLeaves(statement.elseStatement) && impliesEqual(statement.expression, true, denotes, analysis));
  }
  if (!ts.isExpressionStatement(statement)) return false;
  const call = unwrap(statement.expression);
  if (!ts.isCallExpression(call)) return false;
  const callee = unwrap(call.expression).getText();
  const [first, second] = call.arguments;
  if (/^(assert|assert\.ok|invariant|ok)$/u.test(callee)) return Boolean(first && impliesEqual(first, true, denotes, analysis));
  if (/^assert\.(equal|strictEqual|deepStrictEqual|deepEqual)$/u.test(callee) && first && second) {
    return (denotes(first) && isVerifiedTenant(second, analysis)) || (denotes(second) && isVerifiedTenant(first, analysis));
  }
  return false;
}

/**
 * An earlier check we cannot see into: the value goes into a call that also receives the
 * verified identity (`if (!(await canAccess(req.user, tenantId))) return`,
 * `await assertMember(user, tenantId)`), in an `if` condition or as a statement of its own.
 */
function authorisedByCall(use: ts.Node, denotes: (expression: ts.Expression) => boolean, analysis: Analysis): boolean {
  const fn = enclosingFunction(use);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node.pos >= use.pos) return;
    if (ts.isCallExpression(node) && node.end <= use.pos && isCheckPosition(node) && callReceives(node, denotes) && mentionsIdentity(node, denotes, analysis)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

/** Callees named like a check, for calls made as statements of their own (`await assertMember(user, t)`). */
const checkLikeCallee = /^(assert|ensure|check|verify|authori[sz]e|can|require|guard|validate)/iu;

/**
 * In an `if` condition (its result decides), a statement of its own calling a check-like
 * function, or a lookup whose result is tested before going on (`const m = await
 * Membership.findOne({ userId: req.user.id, tenantId }); if (!m) return 403`).
 */
function isCheckPosition(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (node.parent && !ts.isStatement(node.parent)) node = node.parent;
  const statement = node.parent;
  if (!statement) return false;
  if (ts.isIfStatement(statement)) return statement.expression === node;
  if (ts.isVariableStatement(statement)) return resultGuardsExit(call, statement);
  if (!ts.isExpressionStatement(statement) || unwrap(statement.expression) !== call) return false;
  const callee = unwrap(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : isAccess(callee) ? accessedName(callee) : undefined;
  return name !== undefined && checkLikeCallee.test(name);
}

/** The call's result, held in a variable, is tested by a later `if` of the same block that leaves. */
function resultGuardsExit(call: ts.CallExpression, statement: ts.VariableStatement): boolean {
  let node: ts.Node = call;
  while (node.parent && (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent))) node = node.parent;
  const declaration = node.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== node || !ts.isIdentifier(declaration.name)) return false;
  const name = declaration.name.text;
  const block = statement.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block)) return false;
  const later = block.statements.slice(block.statements.indexOf(statement) + 1);
  return later.some((candidate) => ts.isIfStatement(candidate) && alwaysLeaves(candidate.thenStatement) && mentionsName(candidate.expression, name));
}

function mentionsName(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  return ts.forEachChild(node, (child) => mentionsName(child, name) || undefined) ?? false;
}

function callReceives(call: ts.CallExpression, denotes: (expression: ts.Expression) => boolean): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isExpression(node) && denotes(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  call.arguments.forEach(visit);
  return found;
}

const identityName = /^(user|session|auth|principal|claims|membership|memberships|account|identity|state|locals)$/iu;

/** `req.user.tenantIds`, `session.memberships`: a list hanging off the verified identity. */
function ownedByIdentity(expression: ts.Expression): boolean {
  const path = memberPath(unwrap(expression));
  return path !== undefined && path.split(".").slice(0, -1).some((segment) => identityName.test(segment));
}

function mentionsIdentity(call: ts.CallExpression, denotes: (expression: ts.Expression) => boolean, analysis: Analysis): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    // Property names (`{ tenantId: … }`, `x.user`) are not values; only the chain they end counts.
    const isName = ts.isIdentifier(node) && ((ts.isPropertyAssignment(node.parent) && node.parent.name === node) || (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node));
    if (isName) return;
    if (isAccess(node) && identityName.test(accessedName(node) ?? "")) found = true;
    else if (ts.isIdentifier(node) && identityName.test(node.text)) found = true;
    else if (ts.isExpression(node) && !denotes(node) && (ts.isIdentifier(node) || isAccess(node)) && isVerifiedTenant(node, analysis)) found = true;
    if (!found) ts.forEachChild(node, visit);
  };
  visit(call);
  return found;
}

/** `jwt.verify(token, key)` / `await jwtVerify(token, key)` on the same token earlier in the function: the decode reads verified claims. */
function verifiedEarlier(read: ts.Node, context: AnalysisContext): boolean {
  let decodeCall: ts.CallExpression | undefined;
  const visitDecode = (node: ts.Node): void => {
    if (decodeCall) return;
    if (ts.isCallExpression(node) && isDecodeCall(node, context)) decodeCall = node;
    else ts.forEachChild(node, visitDecode);
  };
  const holderDeclaration = findDecodeOrigin(read, context);
  if (holderDeclaration) visitDecode(holderDeclaration);
  const token = decodeCall?.arguments[0];
  if (!token) return false;
  const tokenText = compact(token.getText());
  const fn = enclosingFunction(decodeCall!);
  let verified = false;
  const visit = (node: ts.Node): void => {
    if (verified || node.pos >= decodeCall!.pos) return;
    if (ts.isCallExpression(node) && /^(verify|jwtVerify)$/u.test(calleeText(node)) && node.arguments[0] && compact(node.arguments[0].getText()) === tokenText) {
      verified = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return verified;
}

function calleeText(call: ts.CallExpression): string {
  const callee = unwrap(call.expression);
  return ts.isIdentifier(callee) ? callee.text : (accessedName(callee as ts.Expression) ?? "");
}

/** The node holding the decode call a decoded read came from (the read itself, or its variable's initializer). */
function findDecodeOrigin(read: ts.Node, context: AnalysisContext): ts.Node | undefined {
  let base: ts.Node = read;
  if (ts.isBindingElement(read)) {
    let declaration: ts.Node = read;
    while (!ts.isVariableDeclaration(declaration) && !ts.isParameter(declaration)) declaration = declaration.parent;
    return ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  }
  while (isAccess(base)) {
    const inner = unwrap(base.expression);
    if (ts.isIdentifier(inner)) {
      const binding = resolveBinding(inner, context.checker);
      return binding?.kind === "variable" ? binding.declaration.initializer : undefined;
    }
    base = inner;
  }
  return base;
}

// ---------------------------------------------------------------------------------------------
// Suggestions

function readText(read: Read, sourceFile: ts.SourceFile): string {
  if (ts.isBindingElement(read.node)) {
    let declaration: ts.Node = read.node;
    while (!ts.isVariableDeclaration(declaration) && !ts.isParameter(declaration)) declaration = declaration.parent;
    // `({ params: { tenantId } }) => …`: the path inside the destructured request.
    if (ts.isParameter(declaration) && ts.isObjectBindingPattern(declaration.name) && ts.isIdentifier(read.node.name)) {
      return (bindingPath(declaration.name, read.node.name) ?? [read.node.name.text]).join(".");
    }
    const init = (declaration as ts.VariableDeclaration).initializer!;
    const name = propertyNameText(read.node.propertyName ?? read.node.name) ?? read.node.getText(sourceFile);
    return `${asWritten(unwrap(init).getText(sourceFile))}.${name}`;
  }
  const text = asWritten(read.node.getText(sourceFile));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function suggestions(read: Read, analysis: Analysis, scope: CheckScope<NoUntrustedTenantIdMessageId>): SuggestionInput<NoUntrustedTenantIdMessageId>[] {
  // A NestJS decorator read (`@Param("tenantId")`): the parameter's source is not an expression to replace.
  if (read.node.parent && ts.isDecorator(read.node.parent)) return [];
  const replacement = verifiedTenantInScope(read, analysis);
  if (!replacement) return [];
  const edits = replacementEdits(read, replacement, scope.sourceFile);
  return edits ? [{ messageId: "useVerifiedTenant", data: { replacement }, edits }] : [];
}

/**
 * The verified tenant usable at the read: a tenant-named parameter or earlier variable of an
 * enclosing function that is not itself untrusted, a verified read in the same function
 * (`req.user.tenantId`), or the way other handlers of this file read it (`request.user.tenantId`),
 * rebased onto this read's request object.
 */
function verifiedTenantInScope(read: Read, analysis: Analysis): string | undefined {
  const { context } = analysis;
  const fields = context.settings.tenantFields.filter((field) => !field.includes("."));
  for (let scope: ts.Node | undefined = read.node.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      for (const parameter of scope.parameters) {
        if (ts.isIdentifier(parameter.name) && fields.includes(parameter.name.text) && !shadowedBy(read, parameter.name.text)) return parameter.name.text;
      }
      const member = verifiedMemberIn(scope, read, analysis);
      if (member) return member;
    }
    if (ts.isBlock(scope) || ts.isSourceFile(scope)) {
      for (const statement of scope.statements) {
        if (statement.pos >= read.node.pos || !ts.isVariableStatement(statement)) continue;
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && fields.includes(declaration.name.text) && !analysis.holders.has(declaration.name) && declaration.initializer && !shadowedBy(read, declaration.name.text)) {
            return declaration.name.text;
          }
        }
      }
    }
  }
  if (!read.request || !ts.isIdentifier(unwrap(read.request))) return undefined;
  const requestName = (unwrap(read.request) as ts.Identifier).text;
  const elsewhere = verifiedMemberIn(read.node.getSourceFile(), read, analysis, true);
  return elsewhere ? `${requestName}${elsewhere.slice(elsewhere.indexOf("."))}` : undefined;
}

/** A variable of the same name bound by the read itself (`const { tenantId } = req.body`) must not be suggested. */
function shadowedBy(read: Read, name: string): boolean {
  return read.holder?.text === name;
}

function verifiedMemberIn(scope: ts.Node, read: Read, analysis: Analysis, onRequestsOnly = false): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) && !isWriteTarget(node) && isVerifiedTenant(node, analysis)) {
      const path = memberPath(node);
      const head = unwrap(node.expression);
      let root: ts.Expression = head;
      while (isAccess(root)) root = unwrap(root.expression);
      const onRequest = ts.isIdentifier(root) && requestVerdict(root, analysis.context) === "request";
      // Within the function, another root (`claims.tenantId`) counts only when declared before the read.
      const declaredBefore = ts.isIdentifier(root) && (resolveBinding(root, analysis.context.checker)?.declaration.pos ?? Infinity) < read.node.pos;
      if (path && (onRequest || (!onRequestsOnly && declaredBefore))) {
        found = path;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return found;
}

function replacementEdits(read: Read, replacement: string, sourceFile: ts.SourceFile): TextEdit[] | undefined {
  if (!ts.isBindingElement(read.node)) {
    return [{ start: read.node.getStart(sourceFile), end: read.node.end, text: replacement }];
  }
  const element = read.node;
  const pattern = element.parent;
  const declaration = pattern.parent;
  // Only `const { tenantId, … } = source;` at the top of the pattern: nested or defaulted reads are left to the author.
  if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(declaration) || element.initializer || !ts.isIdentifier(element.name)) return undefined;
  const list = declaration.parent;
  const statement = list.parent;
  if (!ts.isVariableDeclarationList(list) || !ts.isVariableStatement(statement) || list.declarations.length !== 1) return undefined;
  const keyword = (list.flags & ts.NodeFlags.Const) !== 0 ? "const" : "let";
  const local = element.name.text;
  if (pattern.elements.length === 1) {
    return [{ start: list.getStart(sourceFile), end: list.end, text: `${keyword} ${local} = ${replacement}` }];
  }
  const index = pattern.elements.indexOf(element);
  const text = sourceFile.text;
  // Remove the element with the comma that joins it to its neighbour.
  const start = index === 0 ? element.getStart(sourceFile) : pattern.elements[index - 1]!.end;
  const end = index === 0 ? pattern.elements[1]!.getStart(sourceFile) : element.end;
  const lineStart = text.lastIndexOf("\n", statement.getStart(sourceFile)) + 1;
  const indentation = /^[ \t]*/u.exec(text.slice(lineStart))?.[0] ?? "";
  return [
    { start, end, text: "" },
    { start: statement.end, end: statement.end, text: `\n${indentation}${keyword} ${local} = ${replacement};` },
  ];
}
