/**
 * Honest coverage: calls on libraries the file imports for a checklist item but the analysis does
 * not understand. Each outermost call on a value the library made (`const db = new Kysely(…)`,
 * `const pool = new Pool()`) is one unverified site, named by its library.
 */
import ts from "./typescript.cjs";
import { adapters } from "./adapters/index.js";
import { type NotUnderstoodLibrary, notUnderstoodLibraries } from "./adapters/not-understood.js";
import { unwrap } from "./ast.js";
import { importedDeclaration, resolveBinding } from "./bindings.js";
import type { CheckScope } from "./check.js";
import type { ChecklistItemId } from "./checklist.js";
import { type FileFacts, memoized } from "./file-facts.js";

const understoodModules = new Set(adapters.flatMap((adapter) => adapter.modules));

function libraryOf(module: string, item: ChecklistItemId): NotUnderstoodLibrary | undefined {
  return notUnderstoodLibraries.find(
    (library) =>
      library.item === item &&
      !understoodModules.has(module) &&
      library.modules.some((candidate) => module === candidate || module.startsWith(`${candidate}/`)),
  );
}

/** Counts the file's calls on libraries not understood for `item` as unverified sites of the running check. */
export function examineNotUnderstood(scope: CheckScope<string>, item: ChecklistItemId): void {
  for (const { node, library } of notUnderstoodCalls(scope.sourceFile, scope.facts, item, scope.context.checker)) {
    scope.examined("unknown", { node, reason: `${library} calls are not understood yet`, library });
  }
}

export function notUnderstoodCalls(
  sourceFile: ts.SourceFile,
  facts: FileFacts,
  item: ChecklistItemId,
  checker: ts.TypeChecker | undefined,
): readonly { node: ts.CallExpression; library: string }[] {
  return memoized(`not-understood:${item}`, checker ?? facts, sourceFile, () => {
    const found: { node: ts.CallExpression; library: string }[] = [];
    for (const call of facts.calls) {
      if (!isOutermost(call)) continue;
      const library = rootLibrary(call.expression, item, checker, 0);
      if (library) found.push({ node: call, library: library.library });
    }
    return found;
  });
}

/** Not the callee or receiver of a further call in the same chain (`db.select().from(t)` is one site). */
function isOutermost(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (
    node.parent &&
    (ts.isPropertyAccessExpression(node.parent) ||
      ts.isElementAccessExpression(node.parent) ||
      ts.isNonNullExpression(node.parent)) &&
    node.parent.expression === node
  ) {
    node = node.parent;
  }
  return !(node !== call && node.parent && ts.isCallExpression(node.parent) && node.parent.expression === node);
}

function rootLibrary(
  expression: ts.Expression,
  item: ChecklistItemId,
  checker: ts.TypeChecker | undefined,
  depth: number,
): NotUnderstoodLibrary | undefined {
  if (depth > 4) return undefined;
  let node = unwrap(expression);
  for (;;) {
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword)
      return memberLibrary(node, item);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) node = unwrap(node.expression);
    else if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node))
      node = unwrap(ts.isTaggedTemplateExpression(node) ? node.tag : node.expression);
    else break;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const binding = resolveBinding(node, checker);
  if (binding?.kind === "import") {
    // Only values the library made are query sites: its own helpers (`eq()`, `pgTable()`) are not.
    if (depth > 0) return libraryOf(binding.module, item);
    // `import { db } from "./db"`: with a program, what the other file made it from.
    const declaration = importedDeclaration(node, checker);
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      !declaration.getSourceFile().isDeclarationFile
    ) {
      return rootLibrary(declaration.initializer, item, checker, depth + 1);
    }
    return undefined;
  }
  // `const db = new Kysely(…)`, `const sql = postgres(url)`: a value made by the library.
  if (binding?.kind === "variable" && binding.constant && binding.declaration.initializer)
    return rootLibrary(binding.declaration.initializer, item, checker, depth + 1);
  // `(pool: Pool) => pool.query(…)`: a value typed with one of the library's types.
  if (binding?.kind === "parameter" && binding.declaration.type) return typeLibrary(binding.declaration.type, item);
  return undefined;
}

/** `this.repo` declared `private repo: Repository<Lead>` (or as a constructor parameter property). */
function memberLibrary(node: ts.PropertyAccessExpression, item: ChecklistItemId): NotUnderstoodLibrary | undefined {
  let owner: ts.Node | undefined = node.parent;
  while (owner && !ts.isClassLike(owner)) owner = owner.parent;
  if (!owner || !ts.isClassLike(owner)) return undefined;
  for (const member of owner.members) {
    if (ts.isPropertyDeclaration(member) && member.type && member.name.getText() === node.name.text)
      return typeLibrary(member.type, item);
    if (!ts.isConstructorDeclaration(member)) continue;
    for (const parameter of member.parameters) {
      if (parameter.type && ts.isIdentifier(parameter.name) && parameter.name.text === node.name.text)
        return typeLibrary(parameter.type, item);
    }
  }
  return undefined;
}

function typeLibrary(type: ts.TypeNode, item: ChecklistItemId): NotUnderstoodLibrary | undefined {
  if (!ts.isTypeReferenceNode(type)) return undefined;
  let head: ts.EntityName = type.typeName;
  while (ts.isQualifiedName(head)) head = head.left;
  const binding = resolveBinding(head);
  return binding?.kind === "import" ? libraryOf(binding.module, item) : undefined;
}
