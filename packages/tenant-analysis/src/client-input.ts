/**
 * Client-controlled input: what an incoming request carries that the client chose (body, query,
 * route params, headers, cookies) and the claims of a token that was only decoded. One
 * definition for every check: `no-untrusted-tenant-id` (where a tenant id comes from), the
 * write and filter checks (`isRequestInput`: a document or filter the caller sent), and the
 * suggestions (never suggest a client-controlled value as the tenant).
 */
import ts from "./typescript.cjs";
import { accessedName, isAccess, memberPath, propertyNameText, unwrap } from "./ast.js";
import { initialValue, isReassigned, resolveBinding } from "./bindings.js";
import { destructuredParameterVerdict, requestVerdict } from "./request-sources.js";
import type { AnalysisContext } from "./types.js";

export type SourceKind = "body" | "query" | "params" | "headers" | "cookies" | "decoded token";

/** Where a value sits: the request object itself, or somewhere inside a client-controlled part. */
export type Place =
  | { readonly kind: "request"; readonly possible: boolean; readonly request?: ts.Expression }
  | {
      readonly kind: "source";
      readonly source: SourceKind;
      readonly possible: boolean;
      readonly request?: ts.Expression;
      readonly segments: readonly string[];
    };

export const containers: Readonly<Record<string, SourceKind>> = {
  body: "body",
  query: "query",
  params: "params",
  headers: "headers",
  header: "headers",
  cookies: "cookies",
};

/** Request methods that read one header, cookie or parameter by name. */
export const namedReaders: Readonly<Record<string, SourceKind>> = {
  get: "headers",
  header: "headers",
  param: "params",
};

/** What an expression is: a request, a client-controlled part of one, or a decoded token's claims. */
export function placeOf(expression: ts.Expression, context: AnalysisContext, depth: number): Place | undefined {
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
    if (injected && injected.name === undefined)
      return { kind: "source", source: injected.source, possible: false, request: undefined, segments: [] };
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
export const nestDecorators: Readonly<Record<string, SourceKind | "request">> = {
  Param: "params",
  Query: "query",
  Body: "body",
  Headers: "headers",
  Req: "request",
  Request: "request",
};

export interface NestInjection {
  readonly decorator: ts.CallExpression;
  readonly source: SourceKind | "request";
  /** The named part (`@Param("tenantId")`); undefined for the whole part (`@Body()`). */
  readonly name?: string;
}

/** `@Param("tenantId") t`, `@Body() dto`, `@Req() req` from "@nestjs/common" (or declared in the file). */
export function nestInjection(parameter: ts.ParameterDeclaration, context: AnalysisContext): NestInjection | undefined {
  for (const decorator of ts.getDecorators(parameter) ?? []) {
    const call = decorator.expression;
    if (
      !ts.isCallExpression(call) ||
      !ts.isIdentifier(call.expression) ||
      !Object.hasOwn(nestDecorators, call.expression.text)
    )
      continue;
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
export function destructuredRequest(parameter: ts.ParameterDeclaration, context: AnalysisContext): Place | undefined {
  const verdict = destructuredParameterVerdict(parameter, context);
  return verdict === "no" ? undefined : { kind: "request", possible: verdict === "possible" };
}

export function step(place: Place, name: string): Place | undefined {
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
export function bindingPath(pattern: ts.BindingPattern, target: ts.Identifier): string[] | undefined {
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
export function isDecodeCall(call: ts.CallExpression, context: AnalysisContext): boolean {
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
    if (
      ts.isCallExpression(init) &&
      ts.isIdentifier(init.expression) &&
      init.expression.text === "require" &&
      init.arguments[0] &&
      ts.isStringLiteral(init.arguments[0])
    ) {
      module = init.arguments[0].text;
      const pattern = binding.declaration.name;
      const element = ts.isObjectBindingPattern(pattern)
        ? pattern.elements.find((candidate) => candidate.name === binding.name)
        : undefined;
      imported = ts.isIdentifier(pattern) ? "*" : propertyNameText(element?.propertyName ?? binding.name);
    }
  }
  if (module === undefined) return false;
  const called = name === undefined ? imported : imported === "default" || imported === "*" ? name : undefined;
  if (module === "jsonwebtoken") return called === "decode";
  if (module === "jose") return called === "decodeJwt";
  return false;
}

export const tenantSpellings = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Whether a property, header or cookie name could end a tenant read: the last part of a tenant field, in any spelling. */
export function mayNameTenant(name: string, context: AnalysisContext): boolean {
  const fields = context.settings.tenantFields;
  let spellings = tenantSpellings.get(fields);
  if (!spellings) {
    spellings = new Set(fields.map((field) => normaliseName(field.slice(field.lastIndexOf(".") + 1))));
    tenantSpellings.set(fields, spellings);
  }
  return spellings.has(normaliseName(name));
}

/** A destructuring with some bound property that could be a tenant read (`{ tenantId }`, `{ body: { tenantId: t } }`). */
export function patternMayNameTenant(pattern: ts.ObjectBindingPattern, context: AnalysisContext): boolean {
  return pattern.elements.some((element) => {
    if (element.dotDotDotToken) return false;
    if (ts.isObjectBindingPattern(element.name)) return patternMayNameTenant(element.name, context);
    const name = propertyNameText(element.propertyName ?? element.name);
    return name !== undefined && mayNameTenant(name, context);
  });
}

export function namesTenant(place: Extract<Place, { kind: "source" }>, context: AnalysisContext): boolean {
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
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/^x-/u, "").replace(/[-_]/gu, "");
}

export function staticName(
  node: ts.PropertyAccessExpression | ts.ElementAccessExpression,
  context: AnalysisContext,
): string | undefined {
  // `headers[TENANT_HEADER]`: the constant's value, not the identifier's name.
  if (ts.isElementAccessExpression(node)) return stringValue(node.argumentExpression, context);
  return accessedName(node);
}

/** A string literal, or a `const` holding one (`const TENANT_HEADER = "x-tenant-id"`). */
export function stringValue(expression: ts.Expression, context: AnalysisContext): string | undefined {
  const node = unwrap(expression);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isIdentifier(node)) {
    const value = initialValue(node, context.checker);
    if (value && ts.isStringLiteralLike(value)) return value.text;
  }
  return undefined;
}

/** Parts of a request the client writes; a path through one (`req.body.x`, `ctx.request.query.y`) is the client's. */
const clientSegment = /\.(body|query|params|headers|cookies)\./u;

/** Whether a member path (`req.body.tenantId`) runs through a client-controlled part of a request, by its spelling. */
export function isClientInputPath(path: string): boolean {
  return clientSegment.test(`${path}.`);
}

/** Whether an expression is (a part of) a client-controlled part of a request or decoded claims. */
export function isClientInput(expression: ts.Expression, context: AnalysisContext): boolean {
  const path = memberPath(unwrap(expression));
  if (path !== undefined && isClientInputPath(path)) return true;
  return placeOf(expression, context, 0)?.kind === "source";
}

/** The same names without a known request object: `req.body`, `ctx.request.query`, `request.params.x`. */
const requestInputPattern = /^(req|request|ctx\.request|ctx|context\.request)\.(body|query|params)(\.|$)/u;
const documentSources: ReadonlySet<SourceKind> = new Set(["body", "query", "params"]);

/**
 * The caller's own input as a document or filter: `req.body`, `req.query.filter`,
 * `ctx.request.body`, or a `const` holding (a part of) one (`const body = req.body`,
 * `const { filter } = req.body`). It can never carry the verified tenant, and spread or
 * assigned last it can replace one. A request known as such counts whatever it is named;
 * one that cannot be told (`req` in a function of unknown role) counts by the conventional names.
 */
export function isRequestInput(expression: ts.Expression, context: AnalysisContext, depth = 0): boolean {
  const node = unwrap(expression);
  const path = memberPath(node);
  if (path !== undefined && requestInputPattern.test(path)) return true;
  if (depth === 0 && (isAccess(node) || ts.isIdentifier(node))) {
    // From syntax alone (how the request is registered or shaped): the write and filter checks ask
    // this of every document and filter, and asking the checker for each one's type costs more than they do.
    const place = placeOf(node, { settings: context.settings }, 0);
    if (place?.kind === "source" && documentSources.has(place.source)) return true;
  }
  if (!ts.isIdentifier(node) || depth > 4) return false;
  const binding = resolveBinding(node, context.checker);
  if (binding?.kind !== "variable" || !binding.declaration.initializer) return false;
  if (!binding.constant && isReassigned(binding.name)) return false;
  return isRequestInput(binding.declaration.initializer, context, depth + 1);
}
