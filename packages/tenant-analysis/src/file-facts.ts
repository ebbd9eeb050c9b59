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
}

const cache = new WeakMap<ts.SourceFile, FileFacts>();

export function getFileFacts(sourceFile: ts.SourceFile): FileFacts {
  const cached = cache.get(sourceFile);
  if (cached) return cached;
  const calls: ts.CallExpression[] = [];
  const constructions: ts.NewExpression[] = [];
  const accesses: (ts.PropertyAccessExpression | ts.ElementAccessExpression)[] = [];
  const variables: ts.VariableDeclaration[] = [];
  const functions: ts.FunctionLikeDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.CallExpression:
        calls.push(node as ts.CallExpression);
        break;
      case ts.SyntaxKind.NewExpression:
        constructions.push(node as ts.NewExpression);
        break;
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression:
        accesses.push(node as ts.PropertyAccessExpression | ts.ElementAccessExpression);
        break;
      case ts.SyntaxKind.VariableDeclaration:
        variables.push(node as ts.VariableDeclaration);
        break;
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.Constructor:
      case ts.SyntaxKind.GetAccessor:
      case ts.SyntaxKind.SetAccessor:
        if ((node as ts.FunctionLikeDeclaration).body) functions.push(node as ts.FunctionLikeDeclaration);
        break;
      default:
        break;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const facts: FileFacts = { calls, constructions, accesses, variables, functions };
  cache.set(sourceFile, facts);
  return facts;
}

const memo = new WeakMap<ts.SourceFile, Map<string, WeakMap<object, unknown>>>();

/**
 * Memoises a per-node computation for one file and one analysis context
 * (settings and checker), so the rules of one lint run share receiver verdicts.
 */
export function memoized<K extends object, V>(sourceFile: ts.SourceFile, namespace: string, contextKey: object, key: K, compute: () => V): V {
  let byNamespace = memo.get(sourceFile);
  if (!byNamespace) {
    byNamespace = new Map();
    memo.set(sourceFile, byNamespace);
  }
  let byContext = byNamespace.get(namespace);
  if (!byContext) {
    byContext = new WeakMap();
    byNamespace.set(namespace, byContext);
  }
  let byKey = byContext.get(contextKey) as WeakMap<K, { value: V }> | undefined;
  if (!byKey) {
    byKey = new WeakMap();
    byContext.set(contextKey, byKey);
  }
  const hit = byKey.get(key);
  if (hit) return hit.value;
  const value = compute();
  byKey.set(key, { value });
  return value;
}

const identifierIndexes = new WeakMap<ts.SourceFile, ReadonlyMap<string, readonly ts.Identifier[]>>();

/**
 * Every identifier of a file with this text, from an index built once per file on first use:
 * checks that follow a name's references (a module-level store's writes) need not walk the file each time.
 */
export function identifiersNamed(sourceFile: ts.SourceFile, name: string): readonly ts.Identifier[] {
  let index = identifierIndexes.get(sourceFile);
  if (!index) {
    const built = new Map<string, ts.Identifier[]>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const list = built.get(node.text);
        if (list) list.push(node);
        else built.set(node.text, [node]);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    index = built;
    identifierIndexes.set(sourceFile, index);
  }
  return index.get(name) ?? [];
}
