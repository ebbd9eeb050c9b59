/** Authorisation a route sets up before the handler runs: `router.param` handlers, role middleware, platform role checks. */
import ts from "../../typescript.cjs";
import { accessedName, enclosingFunction, isAccess, propertyNameText, unwrap } from "../../ast.js";
import { afterRoleCheck, decoratorAuthorisation, routeAuthorisation, routerAuthorised } from "../../authorisation.js";
import { staticName, stringValue } from "../../client-input.js";
import { isExitingGuard } from "../../compared-with-tenant.js";
import { getFileFacts } from "../../file-facts.js";
import { isRegisteredHandler } from "../../request-sources.js";
import type { AnalysisContext } from "../../types.js";
import type { Analysis, Read, UseVerdict } from "./reads.js";
import { compact, isVerifiedTenant } from "./uses.js";

/**
 * Express `router.param("tenantId", (req, res, next, value) => …)` in this file runs before every
 * route with that parameter: a handler that rejects a mismatch and leaves guards every
 * `req.params.tenantId`; any other handler is an authorisation step we cannot judge (unverified).
 */
export function paramHandlerVerdict(read: Read, analysis: Analysis): UseVerdict | undefined {
  if (read.source !== "params") return undefined;
  const name = ts.isBindingElement(read.node)
    ? propertyNameText(read.node.propertyName ?? read.node.name)
    : ts.isCallExpression(read.node)
      ? undefined
      : staticName(read.node as ts.PropertyAccessExpression | ts.ElementAccessExpression, analysis.context);
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
    return handler.body.statements.some((statement) =>
      isExitingGuard(statement, denotes, (expression) => isVerifiedTenant(expression, analysis)),
    )
      ? "guarded"
      : "unknown";
  }
  return verdict;
}

/** The app or router a read's handler is registered on (`campaigns` for `campaigns.get("/", (req) => …)`). */
export function routerOf(node: ts.Node, context: AnalysisContext): string | undefined {
  for (let fn = enclosingFunction(node); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) {
    const call = fn.parent;
    if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as unknown as ts.Expression)) continue;
    const callee = unwrap(call.expression);
    if (!isAccess(callee) || !isRegisteredHandler(fn, context)) continue;
    let receiver = unwrap(callee.expression);
    // `router.route("/x").get(fn)`: the router is the receiver of `route`.
    if (ts.isCallExpression(receiver) && isAccess(unwrap(receiver.expression)))
      receiver = unwrap((unwrap(receiver.expression) as ts.PropertyAccessExpression).expression);
    return compact(receiver.getText());
  }
  return undefined;
}

export function behindRouteAuthorisation(read: Read, context: AnalysisContext): boolean {
  for (let fn = enclosingFunction(read.node); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) {
    if (routeAuthorisation(fn, context) || decoratorAuthorisation(fn)) return true;
  }
  // `adminRouter.use(requireSuperAdmin)`, then `adminRouter.get("/tenants/:tenantId", …)`.
  const router = routerOf(read.node, context);
  return (router !== undefined && routerAuthorised(router, read.node.getSourceFile())) || afterRoleCheck(read.node);
}
