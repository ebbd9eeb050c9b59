import ts from "typescript";
import { parseSettings } from "../src/settings.js";
import type { AnalysisContext } from "../src/types.js";

export function parse(code: string, fileName = "file.ts"): ts.SourceFile {
  return ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

export function untyped(settings: unknown = {}): AnalysisContext {
  return { settings: parseSettings(settings) };
}

/** The argument of the last call to `probe(...)` in the file: the expression under test. */
export function probe(sourceFile: ts.SourceFile): ts.Expression {
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "probe")
      found = node.arguments[0];
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!found) throw new Error("no probe(...) in the test source");
  return found;
}
