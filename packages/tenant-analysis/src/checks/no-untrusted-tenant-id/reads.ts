/** Finding the reads of a tenant id from client-controlled input, and what they are read into. */
import ts from "../../typescript.cjs";
import { accessedName, enclosingFunction, isAccess, propertyNameText, unwrap } from "../../ast.js";
import { resolveBinding } from "../../bindings.js";
import {
  type Place,
  type SourceKind,
  destructuredRequest,
  isDecodeCall,
  mayNameTenant,
  namedReaders,
  namesTenant,
  nestInjection,
  patternMayNameTenant,
  placeOf,
  staticName,
  step,
  stringValue,
} from "../../client-input.js";
import { getFileFacts } from "../../file-facts.js";
import type { AnalysisContext } from "../../types.js";
import { compact } from "./uses.js";

export interface Read {
  /** Where the finding points: the member expression, call or destructured property. */
  readonly node: ts.Node;
  readonly source: SourceKind;
  readonly possible: boolean;
  readonly request?: ts.Expression;
  /** The variable the value is read into, when it is. */
  readonly holder?: ts.Identifier;
}

export interface Analysis {
  readonly context: AnalysisContext;
  /** Variables holding an untrusted tenant id: never a verified value to compare with. */
  readonly holders: ReadonlySet<ts.Identifier>;
}

// ---------------------------------------------------------------------------------------------
// Finding the reads

export type UseVerdict = "check" | "guarded" | "unknown" | "use";

export function collectReads(sourceFile: ts.SourceFile, context: AnalysisContext): Read[] {
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
    if (
      !ts.isObjectBindingPattern(declaration.name) ||
      !declaration.initializer ||
      !patternMayNameTenant(declaration.name, context)
    )
      continue;
    const place = placeOf(declaration.initializer, context, 0);
    if (place) reads.push(...patternReads(declaration.name, place, context));
  }
  // `app.get("/t/:tenantId", ({ params: { tenantId } }, res) => …)`: the request destructured where it is declared.
  for (const fn of facts.functions) {
    for (const parameter of fn.parameters) {
      // NestJS: `@Param("tenantId") tenantId`, `@Headers("x-tenant-id") tenant`: the decorator reads it.
      const injected = nestInjection(parameter, context);
      if (
        injected?.name !== undefined &&
        injected.source !== "request" &&
        ts.isIdentifier(parameter.name) &&
        mayNameTenant(injected.name, context)
      ) {
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
export function accessRead(
  node: ts.PropertyAccessExpression | ts.ElementAccessExpression,
  context: AnalysisContext,
): Read | undefined {
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
export function namedRead(call: ts.CallExpression, context: AnalysisContext): Read | undefined {
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
    place = {
      kind: "source",
      source: namedReaders[method],
      possible: receiver.possible,
      request: receiver.request,
      segments: [name],
    };
  } else if (
    receiver.kind === "source" &&
    receiver.segments.length === 0 &&
    method === "get" &&
    (receiver.source === "cookies" || receiver.source === "headers")
  ) {
    place = { ...receiver, segments: [name] };
  }
  if (place?.kind !== "source" || !namesTenant(place, context)) return undefined;
  return { node: call, source: place.source, possible: place.possible, request: place.request, holder: holderOf(call) };
}

/** `const { tenantId } = req.body`, `const { body: { tenantId } } = req`, `const { "x-tenant-id": t } = req.headers`. */
export function patternReads(pattern: ts.ObjectBindingPattern, place: Place, context: AnalysisContext): Read[] {
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
      reads.push({
        node: element,
        source: inner.source,
        possible: inner.possible,
        request: inner.request,
        holder: element.name,
      });
    }
  }
  return reads;
}

export function isWriteTarget(node: ts.Expression): boolean {
  let current: ts.Node = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isNonNullExpression(current.parent)))
    current = current.parent;
  const parent = current.parent;
  if (!parent) return false;
  if (ts.isBinaryExpression(parent) && parent.left === current) {
    const kind = parent.operatorToken.kind;
    return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
  }
  return ts.isDeleteExpression(parent);
}

/** The variable a read initializes: `const tenantId = req.body.tenantId` (through `as`, `!`, `String(…)`, `??`). */
export function holderOf(read: ts.Expression): ts.Identifier | undefined {
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
      (ts.isCallExpression(parent) &&
        ts.isIdentifier(parent.expression) &&
        parent.expression.text === "String" &&
        parent.arguments.length === 1) ||
      (ts.isBinaryExpression(parent) &&
        parent.left === current &&
        (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          parent.operatorToken.kind === ts.SyntaxKind.BarBarToken))
    ) {
      current = parent;
      continue;
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name))
      return parent.name;
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Judging the uses

/** `jwt.verify(token, key)` / `await jwtVerify(token, key)` on the same token earlier in the function: the decode reads verified claims. */
export function verifiedEarlier(read: ts.Node, context: AnalysisContext): boolean {
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
    if (
      ts.isCallExpression(node) &&
      /^(verify|jwtVerify)$/u.test(calleeText(node)) &&
      node.arguments[0] &&
      compact(node.arguments[0].getText()) === tokenText
    ) {
      verified = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return verified;
}

export function calleeText(call: ts.CallExpression): string {
  const callee = unwrap(call.expression);
  return ts.isIdentifier(callee) ? callee.text : (accessedName(callee as ts.Expression) ?? "");
}

/** The node holding the decode call a decoded read came from (the read itself, or its variable's initializer). */
export function findDecodeOrigin(read: ts.Node, context: AnalysisContext): ts.Node | undefined {
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
