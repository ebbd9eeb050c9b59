/**
 * The function a call invokes, wherever the host can see it: in this file (every host), or,
 * with a checker (typed ESLint, the CLI), its declaration in another file of the program,
 * through imports and re-exports (the checker resolves aliases) and, for method calls, through
 * the resolved signature. Declaration files and bodiless declarations are not summarisable.
 */
import ts from "../typescript.cjs";
import { unwrap } from "../ast.js";
import { importedFunction } from "../bindings.js";
import { localFunction } from "../evidence/local-flow.js";
import type { AnalysisContext } from "../types.js";

export function calledFunction(
  call: ts.CallExpression,
  context: AnalysisContext,
  options: { readonly methods?: boolean } = {},
): ts.FunctionLikeDeclaration | undefined {
  const local = localFunction(call, context);
  if (local) return local;
  const { checker } = context;
  // Without a checker for this file, the CLI's call graph may have resolved the import.
  if (!checker) return context.projectFacts?.callTargets?.get(call);
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return importedFunction(callee, checker) ?? graphTarget(call, checker, context);
  // Resolving a method call's signature type-checks its receiver (a data layer's overloads can
  // cost more than the whole check): only when the caller asks for it.
  if (!ts.isPropertyAccessExpression(callee) || options.methods === false) return undefined;
  // `service.assertMember(…)`, `this.access.check(…)`: the method the signature resolves to.
  const declaration = checker.getResolvedSignature(call)?.declaration;
  if (!declaration || ts.isJSDocSignature(declaration) || declaration.getSourceFile().isDeclarationFile)
    return undefined;
  if (
    (ts.isMethodDeclaration(declaration) ||
      ts.isFunctionDeclaration(declaration) ||
      ts.isFunctionExpression(declaration) ||
      ts.isArrowFunction(declaration)) &&
    declaration.body
  ) {
    return declaration;
  }
  return undefined;
}

/**
 * An import the checker cannot place (a workspace package whose dependencies are not installed)
 * that the CLI's call graph placed by the package's name, when the function belongs to the same
 * program (a node of another program means nothing to this checker).
 */
function graphTarget(
  call: ts.CallExpression,
  checker: ts.TypeChecker,
  context: AnalysisContext,
): ts.FunctionLikeDeclaration | undefined {
  const facts = context.projectFacts;
  const target = facts?.callTargets?.get(call);
  return target && facts?.checkers?.get(target.getSourceFile()) === checker ? target : undefined;
}
