/**
 * Fingerprints that survive unrelated edits: built from the rule, the file, the flagged code
 * (whitespace-normalised) and the function it sits in, plus an occurrence index for identical
 * repeats, and never from line numbers, so adding lines above a finding keeps its fingerprint.
 */
import { createHash } from "node:crypto";
import { ts } from "ts-morph";

export interface FingerprintInput {
  readonly ruleId: string;
  readonly file: string;
  readonly text: string;
  readonly scope: string;
}

/** Layout never changes what code does here: reformatting a call must not make it a "new" finding. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/gu, "");
}

/** Assigns fingerprints to inputs given in source order; repeats of the same code get 0, 1, 2 … */
export function fingerprints(inputs: readonly FingerprintInput[]): string[] {
  const occurrences = new Map<string, number>();
  return inputs.map((input) => {
    const key = [input.ruleId, input.file, normalizeText(input.text), input.scope].join("\u0000");
    const index = occurrences.get(key) ?? 0;
    occurrences.set(key, index + 1);
    return createHash("sha256").update(`${key}\u0000${index}`).digest("hex").slice(0, 32);
  });
}

/** The name of the innermost named function, method or class around a node (`Class.method`), or "". */
export function enclosingScopeName(node: ts.Node): string {
  const parts: string[] = [];
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    const name = declarationName(current);
    if (name) {
      parts.unshift(name);
      if (!ts.isClassLike(current) && !ts.isMethodDeclaration(current)) break;
    }
    if (ts.isClassLike(current)) break;
  }
  return parts.join(".");
}

function declarationName(node: ts.Node): string | undefined {
  if (
    (ts.isFunctionDeclaration(node) ||
      ts.isClassLike(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isFunctionExpression(node)) &&
    node.name
  ) {
    return node.name.getText();
  }
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.parent) {
    const holder = node.parent;
    if (
      (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) &&
      holder.name
    ) {
      return holder.name.getText();
    }
  }
  return undefined;
}
