/**
 * Per-file facts, gathered in one walk and cached by source file, so eight rules
 * (or the CLI's eight checks) on one file walk it once.
 */
import ts from "./typescript.cjs";

export interface FileFacts {
  readonly calls: readonly ts.CallExpression[];
  readonly constructions: readonly ts.NewExpression[];
  /** Property and element accesses (`req.body.tenantId`), in source order. */
  readonly accesses: readonly (ts.PropertyAccessExpression | ts.ElementAccessExpression)[];
  /** Every variable declaration, at any depth. */
  readonly variables: readonly ts.VariableDeclaration[];
  /** Every function-like node with a body. */
  readonly functions: readonly ts.FunctionLikeDeclaration[];
  /** Every identifier outside types and imports, in source order (see `identifiersNamed` for the index by name). */
  readonly identifiers: readonly ts.Identifier[];
}

const cache = new WeakMap<ts.SourceFile, FileFacts>();

// Read once: every `ts.SyntaxKind.X` is a getter call and an enum lookup, and the walk below
// compares each node of the file against these.
const {
  Identifier,
  CallExpression,
  NewExpression,
  PropertyAccessExpression,
  ElementAccessExpression,
  VariableDeclaration,
  FunctionDeclaration,
  FunctionExpression,
  ArrowFunction,
  MethodDeclaration,
  Constructor,
  GetAccessor,
  SetAccessor,
  FirstTypeNode,
  LastTypeNode,
  InterfaceDeclaration,
  TypeAliasDeclaration,
  ImportDeclaration,
} = ts.SyntaxKind;
const forEachChild = ts.forEachChild;

export function getFileFacts(sourceFile: ts.SourceFile): FileFacts {
  const cached = cache.get(sourceFile);
  if (cached) return cached;
  const calls: ts.CallExpression[] = [];
  const constructions: ts.NewExpression[] = [];
  const accesses: (ts.PropertyAccessExpression | ts.ElementAccessExpression)[] = [];
  const variables: ts.VariableDeclaration[] = [];
  const functions: ts.FunctionLikeDeclaration[] = [];
  const identifiers: ts.Identifier[] = [];
  // An explicit stack instead of recursion: generated code (5,000 nested parentheses, a 3,000-term
  // concatenation) would overflow the call stack; children are pushed reversed to keep source order.
  const pending: ts.Node[] = [sourceFile];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): undefined => {
    children.push(child);
    return undefined;
  };
  for (let node = pending.pop(); node; node = pending.pop()) {
    const kind = node.kind;
    // Types and imports hold no call, access, variable or value reference: not walked (a third of a typed file).
    if (
      (kind >= FirstTypeNode && kind <= LastTypeNode) ||
      kind === InterfaceDeclaration ||
      kind === TypeAliasDeclaration ||
      kind === ImportDeclaration
    )
      continue;
    switch (kind) {
      case Identifier:
        // A leaf: nothing below it to visit.
        identifiers.push(node as ts.Identifier);
        continue;
      case CallExpression:
        calls.push(node as ts.CallExpression);
        break;
      case NewExpression:
        constructions.push(node as ts.NewExpression);
        break;
      case PropertyAccessExpression:
      case ElementAccessExpression:
        accesses.push(node as ts.PropertyAccessExpression | ts.ElementAccessExpression);
        break;
      case VariableDeclaration:
        variables.push(node as ts.VariableDeclaration);
        break;
      case FunctionDeclaration:
      case FunctionExpression:
      case ArrowFunction:
      case MethodDeclaration:
      case Constructor:
      case GetAccessor:
      case SetAccessor:
        if ((node as ts.FunctionLikeDeclaration).body) functions.push(node as ts.FunctionLikeDeclaration);
        break;
      default:
        break;
    }
    forEachChild(node, collect);
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push(children[index]!);
    children.length = 0;
  }
  const facts: FileFacts = { calls, constructions, accesses, variables, functions, identifiers };
  cache.set(sourceFile, facts);
  return facts;
}

const memo = new Map<string, WeakMap<object, WeakMap<object, { value: unknown }>>>();

/**
 * Memoises a computation per key (a node, or a source file) and analysis context (settings,
 * checker or project facts), so the rules of one lint run share receiver verdicts. Entries die
 * with their keys; no walk to the source file is needed to find them.
 */
export function memoized<K extends object, V>(namespace: string, contextKey: object, key: K, compute: () => V): V {
  let byContext = memo.get(namespace);
  if (!byContext) {
    byContext = new WeakMap();
    memo.set(namespace, byContext);
  }
  let byKey = byContext.get(contextKey);
  if (!byKey) {
    byKey = new WeakMap();
    byContext.set(contextKey, byKey);
  }
  const hit = byKey.get(key);
  if (hit) return hit.value as V;
  const value = compute();
  byKey.set(key, { value });
  return value;
}

const identifierIndexes = new WeakMap<ts.SourceFile, ReadonlyMap<string, readonly ts.Identifier[]>>();

/**
 * Every identifier of a file with this text, from an index built once per file on first use
 * (from the facts' identifier list, not another walk):
 * checks that follow a name's references (a module-level store's writes) need not walk the file each time.
 */
export function identifiersNamed(sourceFile: ts.SourceFile, name: string): readonly ts.Identifier[] {
  let index = identifierIndexes.get(sourceFile);
  if (!index) {
    const built = new Map<string, ts.Identifier[]>();
    for (const identifier of getFileFacts(sourceFile).identifiers) {
      const list = built.get(identifier.text);
      if (list) list.push(identifier);
      else built.set(identifier.text, [identifier]);
    }
    index = built;
    identifierIndexes.set(sourceFile, index);
  }
  return index.get(name) ?? [];
}
