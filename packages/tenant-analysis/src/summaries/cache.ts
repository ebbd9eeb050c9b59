/**
 * Function summaries are computed once per function and analysis context and cached by the
 * declaration (a WeakMap, so entries die with the AST). A summary that is being computed when it
 * is asked for again (recursion, mutual recursion) answers `unknown`, as does one asked beyond
 * the depth bound: a summary that cannot be computed never makes a site clean.
 */
import type ts from "../typescript.cjs";
import type { AnalysisContext } from "../types.js";

export const maxSummaryDepth = 4;

const caches = new Map<string, WeakMap<object, WeakMap<ts.Node, unknown>>>();
const inProgress = new Map<string, WeakSet<ts.Node>>();

/** The context's identity for caching: the checker when there is one (one per program), else the settings. */
function contextKey(context: AnalysisContext): object {
  return context.projectFacts ?? context.checker ?? context.settings;
}

export function summarise<T>(
  kind: string,
  fn: ts.FunctionLikeDeclaration,
  context: AnalysisContext,
  depth: number,
  unknown: T,
  compute: () => T,
): T {
  if (depth > maxSummaryDepth) return unknown;
  let byContext = caches.get(kind);
  if (!byContext) {
    byContext = new WeakMap();
    caches.set(kind, byContext);
  }
  const key = contextKey(context);
  let byFunction = byContext.get(key);
  if (!byFunction) {
    byFunction = new WeakMap();
    byContext.set(key, byFunction);
  }
  if (byFunction.has(fn)) return byFunction.get(fn) as T;
  let running = inProgress.get(kind);
  if (!running) {
    running = new WeakSet();
    inProgress.set(kind, running);
  }
  if (running.has(fn)) return unknown;
  running.add(fn);
  try {
    const value = compute();
    byFunction.set(fn, value);
    return value;
  } finally {
    running.delete(fn);
  }
}
