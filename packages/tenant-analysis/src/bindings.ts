/**
 * Finding what an identifier refers to within its file, without a type checker:
 * a lexical walk over the enclosing scopes. With a checker, its symbol wins.
 */
import ts from "typescript";
import { boundNames, unwrap } from "./ast.js";

export type Binding =
  | { kind: "variable"; name: ts.Identifier; declaration: ts.VariableDeclaration; constant: boolean }
  | { kind: "parameter"; name: ts.Identifier; declaration: ts.ParameterDeclaration }
  | { kind: "function"; declaration: ts.FunctionDeclaration }
  | { kind: "class"; declaration: ts.ClassDeclaration }
  | { kind: "import"; module: string; imported: string; declaration: ts.Node }
  | { kind: "other"; declaration: ts.Node };

/** Resolves an identifier to its binding in the same file, or undefined for globals and unknowns. */
export function resolveBinding(identifier: ts.Identifier, checker?: ts.TypeChecker): Binding | undefined {
  if (checker) {
    const symbol = checker.getSymbolAtLocation(identifier);
    const declaration = symbol?.declarations?.[0];
    if (declaration && declaration.getSourceFile() === identifier.getSourceFile()) {
      const binding = bindingOfDeclaration(declaration, identifier.text);
      if (binding) return binding;
    }
  }
  return lexicalLookup(identifier);
}

function lexicalLookup(identifier: ts.Identifier): Binding | undefined {
  const name = identifier.text;
  let scope: ts.Node | undefined = identifier.parent;
  while (scope) {
    const found = declaredIn(scope, name);
    if (found) return found;
    scope = scope.parent;
  }
  return undefined;
}

function declaredIn(scope: ts.Node, name: string): Binding | undefined {
  if (ts.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) {
      for (const id of boundNames(parameter.name)) {
        if (id.text === name) return { kind: "parameter", name: id, declaration: parameter };
      }
    }
    if ((ts.isFunctionExpression(scope) || ts.isFunctionDeclaration(scope)) && scope.name?.text === name && ts.isFunctionDeclaration(scope)) {
      return { kind: "function", declaration: scope };
    }
    return undefined;
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration) {
    for (const id of boundNames(scope.variableDeclaration.name)) {
      if (id.text === name) return { kind: "other", declaration: scope.variableDeclaration };
    }
    return undefined;
  }
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    return fromDeclarationList(scope.initializer, name);
  }
  if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
    for (const statement of scope.statements) {
      const found = fromStatement(statement, name);
      if (found) return found;
    }
  }
  return undefined;
}

function fromStatement(statement: ts.Statement, name: string): Binding | undefined {
  if (ts.isVariableStatement(statement)) return fromDeclarationList(statement.declarationList, name);
  if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return { kind: "function", declaration: statement };
  if (ts.isClassDeclaration(statement) && statement.name?.text === name) return { kind: "class", declaration: statement };
  if (ts.isImportDeclaration(statement)) return fromImport(statement, name);
  if (ts.isImportEqualsDeclaration(statement) && statement.name.text === name) {
    const reference = statement.moduleReference;
    if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) {
      return { kind: "import", module: reference.expression.text, imported: "*", declaration: statement };
    }
  }
  if ((ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) && ts.isIdentifier(statement.name) && statement.name.text === name) {
    return { kind: "other", declaration: statement };
  }
  return undefined;
}

function fromDeclarationList(list: ts.VariableDeclarationList, name: string): Binding | undefined {
  const constant = (list.flags & ts.NodeFlags.Const) !== 0;
  for (const declaration of list.declarations) {
    for (const id of boundNames(declaration.name)) {
      if (id.text === name) return { kind: "variable", name: id, declaration, constant };
    }
  }
  return undefined;
}

function fromImport(statement: ts.ImportDeclaration, name: string): Binding | undefined {
  const clause = statement.importClause;
  if (!clause || !ts.isStringLiteral(statement.moduleSpecifier)) return undefined;
  const module = statement.moduleSpecifier.text;
  if (clause.name?.text === name) return { kind: "import", module, imported: "default", declaration: clause };
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) {
    return { kind: "import", module, imported: "*", declaration: bindings };
  }
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) {
      if (element.name.text === name) {
        return { kind: "import", module, imported: (element.propertyName ?? element.name).text, declaration: element };
      }
    }
  }
  return undefined;
}

function bindingOfDeclaration(declaration: ts.Node, name: string): Binding | undefined {
  if (ts.isVariableDeclaration(declaration)) {
    const list = declaration.parent;
    const constant = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
    const id = boundNames(declaration.name).find((candidate) => candidate.text === name);
    return id ? { kind: "variable", name: id, declaration, constant } : undefined;
  }
  if (ts.isBindingElement(declaration)) {
    let parent: ts.Node = declaration.parent;
    while (parent && !ts.isVariableDeclaration(parent) && !ts.isParameter(parent)) parent = parent.parent;
    if (parent && (ts.isVariableDeclaration(parent) || ts.isParameter(parent))) return bindingOfDeclaration(parent, name);
    return undefined;
  }
  if (ts.isParameter(declaration)) {
    const id = boundNames(declaration.name).find((candidate) => candidate.text === name);
    return id ? { kind: "parameter", name: id, declaration } : undefined;
  }
  if (ts.isFunctionDeclaration(declaration)) return { kind: "function", declaration };
  if (ts.isClassDeclaration(declaration)) return { kind: "class", declaration };
  if (ts.isImportClause(declaration) || ts.isImportSpecifier(declaration) || ts.isNamespaceImport(declaration)) {
    let statement: ts.Node = declaration;
    while (!ts.isImportDeclaration(statement)) statement = statement.parent;
    return fromImport(statement, name);
  }
  return undefined;
}

/**
 * The expression a variable holds at `use`, when it can be known: the initializer of a `const`,
 * or of a `let` that is never reassigned. Follows chains of such variables.
 */
export function initialValue(identifier: ts.Identifier, checker?: ts.TypeChecker, depth = 0): ts.Expression | undefined {
  if (depth > 8) return undefined;
  const binding = resolveBinding(identifier, checker);
  if (!binding || binding.kind !== "variable") return undefined;
  const { declaration } = binding;
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
  if (!binding.constant && isReassigned(binding.name)) return undefined;
  const value = unwrap(declaration.initializer);
  if (ts.isIdentifier(value)) return initialValue(value, checker, depth + 1) ?? value;
  return value;
}

/** Whether a `let`/`var` is assigned anywhere after its declaration. */
export function isReassigned(name: ts.Identifier): boolean {
  const scope = name.getSourceFile();
  let reassigned = false;
  const visit = (node: ts.Node): void => {
    if (reassigned) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      ts.isIdentifier(unwrap(node.left)) &&
      (unwrap(node.left) as ts.Identifier).text === name.text
    ) {
      reassigned = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return reassigned;
}
