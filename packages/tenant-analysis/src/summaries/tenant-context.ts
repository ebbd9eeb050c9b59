/**
 * Summary: "binds tenant context for what it calls". Request or job middleware puts the tenant
 * into an AsyncLocalStorage store (`als.run({ tenantId }, next)`, `als.enterWith({ tenantId })`)
 * or a CLS namespace (`cls.set("tenantId", t)`), and code it calls reads it back
 * (`als.getStore()`), for example a logger's `mixin`. A store is tenant-bound when every place
 * that fills it (in its own file: where it is declared, followed with a checker) puts the tenant
 * in; `unknown` when nothing visible fills it.
 */
import ts from "../typescript.cjs";
import { unwrap } from "../ast.js";
import { importedDeclaration, resolveBinding } from "../bindings.js";
import type { Evidence } from "../evidence/evidence.js";
import { getFileFacts, memoized } from "../file-facts.js";
import { carriesTenant } from "../tenant-mentions.js";
import type { AnalysisContext } from "../types.js";

const fillMethods = new Set(["run", "enterWith"]);

/** Whether the store behind `storeRead` (`als.getStore()`) holds the tenant, judged by every `run`/`enterWith` of it. */
export function storeBindsTenant(store: ts.Identifier, context: AnalysisContext): Evidence {
  const declaration = storeDeclaration(store, context);
  if (!declaration) return "unknown";
  return memoized("tenant-store", context.checker ?? context.settings, declaration, () => {
    const name =
      ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
    if (name === undefined) return "unknown";
    const fills: ts.Expression[] = [];
    for (const call of getFileFacts(declaration.getSourceFile()).calls) {
      const callee = unwrap(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || !fillMethods.has(callee.name.text)) continue;
      const receiver = unwrap(callee.expression);
      if (!ts.isIdentifier(receiver) || receiver.text !== name || storeDeclaration(receiver, context) !== declaration)
        continue;
      const value = call.arguments[0];
      if (value) fills.push(value);
    }
    if (fills.length === 0) return "unknown";
    return fills.every((value) => carriesTenant(value, context)) ? "yes" : "no";
  });
}

/** The `const als = new AsyncLocalStorage()` a store identifier refers to, in this file or (with a checker) the one it is imported from. */
function storeDeclaration(store: ts.Identifier, context: AnalysisContext): ts.Declaration | undefined {
  const binding = resolveBinding(store, context.checker);
  if (binding?.kind === "variable") return binding.declaration;
  if (binding?.kind === "import") return importedDeclaration(store, context.checker);
  return undefined;
}

/** The stores whose contents a function (a `mixin`, a `format`) reads back: `als.getStore()`. */
export function storesRead(root: ts.Node): ts.Identifier[] {
  const stores: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      if (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === "getStore" &&
        ts.isIdentifier(unwrap(callee.expression))
      )
        stores.push(unwrap(callee.expression) as ts.Identifier);
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return stores;
}
