/** The suggested fix: the verified tenant in place of the untrusted read. */
import ts from "../../typescript.cjs";
import { isAccess, memberPath, propertyNameText, unwrap } from "../../ast.js";
import { resolveBinding } from "../../bindings.js";
import type { CheckScope, SuggestionInput } from "../../check.js";
import { requestVerdict } from "../../request-sources.js";
import type { TextEdit } from "../../types.js";
import type { NoUntrustedTenantIdMessageId } from "./index.js";
import type { Analysis, Read } from "./reads.js";
import { bindingPath } from "../../client-input.js";
import { plainTenantFields, walkScopes } from "../../tenant-in-scope.js";
import { isVerifiedTenant } from "./uses.js";
import { isWriteTarget } from "./reads.js";

/** Source text for a message: as written, on one line (deleting all whitespace mangles `x as { … }`). */
function asWritten(text: string): string {
  return text.replace(/\s+/gu, " ");
}

export function readText(read: Read, sourceFile: ts.SourceFile): string {
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

export function suggestions(
  read: Read,
  analysis: Analysis,
  scope: CheckScope<NoUntrustedTenantIdMessageId>,
): SuggestionInput<NoUntrustedTenantIdMessageId>[] {
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
export function verifiedTenantInScope(read: Read, analysis: Analysis): string | undefined {
  const fields = plainTenantFields(analysis.context);
  const inScope = walkScopes(read.node, (scope, bindings) => {
    for (const { kind, name, declaration } of bindings) {
      if (!ts.isIdentifier(declaration.name) || !fields.includes(name.text) || shadowedBy(read, name.text)) continue;
      if (kind === "parameter") return name.text;
      // A variable declared before the read, holding something other than an untrusted read.
      if (
        declaration.pos < read.node.pos &&
        !analysis.holders.has(name) &&
        (declaration as ts.VariableDeclaration).initializer
      )
        return name.text;
    }
    return ts.isFunctionLike(scope) ? verifiedMemberIn(scope, read, analysis) : undefined;
  });
  if (inScope) return inScope;
  if (!read.request || !ts.isIdentifier(unwrap(read.request))) return undefined;
  const requestName = (unwrap(read.request) as ts.Identifier).text;
  const elsewhere = verifiedMemberIn(read.node.getSourceFile(), read, analysis, true);
  return elsewhere ? `${requestName}${elsewhere.slice(elsewhere.indexOf("."))}` : undefined;
}

/** A variable of the same name bound by the read itself (`const { tenantId } = req.body`) must not be suggested. */
export function shadowedBy(read: Read, name: string): boolean {
  return read.holder?.text === name;
}

export function verifiedMemberIn(
  scope: ts.Node,
  read: Read,
  analysis: Analysis,
  onRequestsOnly = false,
): string | undefined {
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
      const declaredBefore =
        ts.isIdentifier(root) &&
        (resolveBinding(root, analysis.context.checker)?.declaration.pos ?? Infinity) < read.node.pos;
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

export function replacementEdits(read: Read, replacement: string, sourceFile: ts.SourceFile): TextEdit[] | undefined {
  if (!ts.isBindingElement(read.node)) {
    return [{ start: read.node.getStart(sourceFile), end: read.node.end, text: replacement }];
  }
  const element = read.node;
  const pattern = element.parent;
  const declaration = pattern.parent;
  // Only `const { tenantId, … } = source;` at the top of the pattern: nested or defaulted reads are left to the author.
  if (
    !ts.isObjectBindingPattern(pattern) ||
    !ts.isVariableDeclaration(declaration) ||
    element.initializer ||
    !ts.isIdentifier(element.name)
  )
    return undefined;
  const list = declaration.parent;
  const statement = list.parent;
  if (!ts.isVariableDeclarationList(list) || !ts.isVariableStatement(statement) || list.declarations.length !== 1)
    return undefined;
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
