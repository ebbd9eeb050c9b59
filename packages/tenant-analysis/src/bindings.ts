/**
 * Finding what an identifier refers to within its file, without a type checker:
 * a lexical walk over the enclosing scopes. With a checker, its symbol wins.
 */
import ts from "./typescript.cjs";
import { boundNames, unwrap, walkDescendants } from "./ast.js";

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
    const found = scopeTable(scope)?.get(name);
    if (found) return found;
    scope = scope.parent;
  }
  return undefined;
}

/** Each scope's declared names, computed once: lookups walk up scopes instead of rescanning statements. */
const scopeTables = new WeakMap<ts.Node, ReadonlyMap<string, Binding> | null>();

function scopeTable(scope: ts.Node): ReadonlyMap<string, Binding> | undefined {
  if (!introducesScope(scope)) return undefined;
  const cached = scopeTables.get(scope);
  if (cached !== undefined) return cached ?? undefined;
  const table = buildScopeTable(scope);
  scopeTables.set(scope, table);
  return table ?? undefined;
}

const scopeKinds: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.SourceFile,
  ts.SyntaxKind.Block,
  ts.SyntaxKind.ModuleBlock,
  ts.SyntaxKind.CaseClause,
  ts.SyntaxKind.DefaultClause,
  ts.SyntaxKind.CatchClause,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

function introducesScope(node: ts.Node): boolean {
  return scopeKinds.has(node.kind);
}

function buildScopeTable(scope: ts.Node): Map<string, Binding> | null {
  const table = new Map<string, Binding>();
  const add = (name: string, binding: Binding | undefined): void => {
    if (binding && !table.has(name)) table.set(name, binding);
  };
  if (ts.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) {
      for (const id of boundNames(parameter.name))
        add(id.text, { kind: "parameter", name: id, declaration: parameter });
    }
  } else if (ts.isCatchClause(scope)) {
    if (scope.variableDeclaration) {
      for (const id of boundNames(scope.variableDeclaration.name))
        add(id.text, { kind: "other", declaration: scope.variableDeclaration });
    }
  } else if (
    (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) &&
    scope.initializer &&
    ts.isVariableDeclarationList(scope.initializer)
  ) {
    for (const declaration of scope.initializer.declarations) {
      for (const id of boundNames(declaration.name)) add(id.text, fromDeclarationList(scope.initializer, id.text));
    }
  } else if (
    ts.isBlock(scope) ||
    ts.isSourceFile(scope) ||
    ts.isModuleBlock(scope) ||
    ts.isCaseClause(scope) ||
    ts.isDefaultClause(scope)
  ) {
    for (const statement of scope.statements) addStatementBindings(statement, add);
  }
  return table.size > 0 ? table : null;
}

/** The bindings a statement declares in its scope, in one pass over it. */
function addStatementBindings(statement: ts.Statement, add: (name: string, binding: Binding) => void): void {
  if (ts.isVariableStatement(statement)) {
    const list = statement.declarationList;
    const constant = (list.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of list.declarations) {
      for (const id of boundNames(declaration.name))
        add(id.text, { kind: "variable", name: id, declaration, constant });
    }
  } else if (ts.isFunctionDeclaration(statement)) {
    if (statement.name) add(statement.name.text, { kind: "function", declaration: statement });
  } else if (ts.isClassDeclaration(statement)) {
    if (statement.name) add(statement.name.text, { kind: "class", declaration: statement });
  } else if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause || !ts.isStringLiteral(statement.moduleSpecifier)) return;
    const module = statement.moduleSpecifier.text;
    if (clause.name) add(clause.name.text, { kind: "import", module, imported: "default", declaration: clause });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings))
      add(bindings.name.text, { kind: "import", module, imported: "*", declaration: bindings });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements)
        add(element.name.text, {
          kind: "import",
          module,
          imported: (element.propertyName ?? element.name).text,
          declaration: element,
        });
    }
  } else if (ts.isImportEqualsDeclaration(statement)) {
    const reference = statement.moduleReference;
    if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) {
      add(statement.name.text, {
        kind: "import",
        module: reference.expression.text,
        imported: "*",
        declaration: statement,
      });
    }
  } else if (
    (ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) &&
    ts.isIdentifier(statement.name)
  ) {
    add(statement.name.text, { kind: "other", declaration: statement });
  }
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
    if (parent && (ts.isVariableDeclaration(parent) || ts.isParameter(parent)))
      return bindingOfDeclaration(parent, name);
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
export function initialValue(
  identifier: ts.Identifier,
  checker?: ts.TypeChecker,
  depth = 0,
): ts.Expression | undefined {
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
  return assignmentsTo(name).length > 0;
}

const assignmentIndex = new WeakMap<ts.SourceFile, ReadonlyMap<string, readonly ts.Expression[]>>();

/**
 * The values assigned to an identifier with `=` (or a compound assignment) anywhere in its file,
 * indexed once per file. By name: a shadowing variable's assignments count too, which can only
 * make a verdict less certain, never wrongly certain.
 */
export function assignmentsTo(name: ts.Identifier): readonly ts.Expression[] {
  const sourceFile = name.getSourceFile();
  let index = assignmentIndex.get(sourceFile);
  if (!index) {
    const built = new Map<string, ts.Expression[]>();
    // Iterative: a file's deepest expression must not overflow the call stack.
    walkDescendants(sourceFile, (node) => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
      ) {
        const target = unwrap(node.left);
        if (ts.isIdentifier(target)) {
          const list = built.get(target.text) ?? [];
          list.push(node.right);
          built.set(target.text, list);
        }
      }
    });
    index = built;
    assignmentIndex.set(sourceFile, index);
  }
  return index.get(name.text) ?? [];
}

/**
 * What a class gives `this.<name>`: its property initializer and every `this.<name> = value`
 * in the class body (constructor, methods, lazy getters), gathered once per class.
 */
export function thisMemberValues(owner: ts.ClassLikeDeclaration, name: string): readonly ts.Expression[] {
  let byName = classMemberValues.get(owner);
  if (!byName) {
    const values = new Map<string, ts.Expression[]>();
    const add = (member: string, value: ts.Expression): void => {
      values.set(member, [...(values.get(member) ?? []), value]);
    };
    for (const member of owner.members) {
      if (
        ts.isPropertyDeclaration(member) &&
        member.initializer &&
        (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))
      ) {
        add(member.name.text.replace(/^#/u, ""), member.initializer);
      }
    }
    walkDescendants(owner, (child) => {
      if (
        ts.isBinaryExpression(child) &&
        child.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(child.left) &&
        child.left.expression.kind === ts.SyntaxKind.ThisKeyword
      ) {
        add(child.left.name.text, child.right);
      }
    });
    byName = values;
    classMemberValues.set(owner, byName);
  }
  return byName.get(name) ?? [];
}

const classMemberValues = new WeakMap<ts.ClassLikeDeclaration, ReadonlyMap<string, readonly ts.Expression[]>>();

/**
 * With a checker: the declaration an imported name stands for in the module it comes from
 * (`export const Campaign = …`, `export default pino()`, `export function f() {}`), through
 * re-exports. Resolving an import is cheap; it asks for no type.
 */
export function importedDeclaration(
  identifier: ts.Identifier,
  checker: ts.TypeChecker | undefined,
): ts.Declaration | undefined {
  if (!checker) return undefined;
  let symbol = checker.getSymbolAtLocation(identifier);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

/** With a checker: the function an imported name stands for in another source file (`export function f() {}`, `export const f = () => …`). */
export function importedFunction(
  identifier: ts.Identifier,
  checker: ts.TypeChecker | undefined,
): ts.FunctionLikeDeclaration | undefined {
  const declaration = importedDeclaration(identifier, checker);
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isFunctionDeclaration(declaration) && declaration.body) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const value = unwrap(declaration.initializer);
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
  }
  return undefined;
}
