/**
 * Repository-wide facts, gathered by the CLI from every file before the checks run and handed
 * to them as data (`AnalysisContext.projectFacts`). ESLint rules never walk other files.
 */
import ts from "./typescript.cjs";
import { functionName, unwrap } from "./ast.js";
import { returnsTenantKey } from "./evidence/key-evidence.js";
import { returnsTenantScopedObject } from "./evidence/object-evidence.js";
import { getFileFacts } from "./file-facts.js";
import { isTenantOwned, originNames } from "./adapters/mongoose/ownership.js";
import { classifyReceiver } from "./receivers/classify.js";
import { collectCallGraph } from "./summaries/call-graph.js";
import type { AnalysisContext, ProjectFacts } from "./types.js";

export const emptyProjectFacts: ProjectFacts = mutableFacts();

export interface MutableFacts {
  scopeHelpers: Set<string>;
  keyBuilders: Set<string>;
  limiterWrappers: Set<string>;
  tenantLoggers: Set<string>;
  globalModels: Set<string>;
  nonServerModules: Set<string>;
  nonRequestFunctions: Set<string>;
  quotaCheckedFunctions: Set<string>;
  quotaUncheckedFunctions: Set<string>;
  callers: Map<string, ts.CallExpression[]>;
  callTargets: WeakMap<ts.CallExpression, ts.FunctionLikeDeclaration>;
}

/** A per-file contributor to the project facts; checks with repository-wide knowledge add one. */
export type FactCollector = (sourceFile: ts.SourceFile, context: AnalysisContext, facts: MutableFacts) => void;

const collectors: FactCollector[] = [collectHelpers, collectGlobalModels];

/** Lets a check contribute repository-wide facts (limiter wrappers, tenant-bound loggers). */
export function registerFactCollector(collector: FactCollector): void {
  if (!collectors.includes(collector)) collectors.push(collector);
}

/**
 * `callGraph: false`: the per-file facts only; a host that gathers them file by file (so one file
 * the core cannot read costs only its own facts) adds `collectCallGraphFacts` over the whole program,
 * since callers in other files are only seen from there.
 */
export function collectProjectFacts(
  sourceFiles: readonly ts.SourceFile[],
  context: AnalysisContext,
  options: { readonly callGraph?: boolean } = {},
): ProjectFacts {
  const facts = mutableFacts();
  // Facts are computed without project facts of their own, so a helper is never justified by itself,
  // and from syntax alone: asking the checker about every model declaration (Mongoose's `model()`
  // overloads) cost more than the whole audit; what a file declares is visible in its syntax.
  const bare: AnalysisContext = { settings: context.settings };
  for (const sourceFile of sourceFiles) {
    for (const collector of collectors) collector(sourceFile, bare, facts);
  }
  if (options.callGraph !== false) addCallGraph(sourceFiles, context, facts);
  return facts;
}

/** The facts that need the whole program at once (callers and importers), over `sourceFiles`. */
export function collectCallGraphFacts(
  sourceFiles: readonly ts.SourceFile[],
  context: AnalysisContext,
  checkerOf?: (file: ts.SourceFile) => ts.TypeChecker | undefined,
): ProjectFacts {
  const facts = mutableFacts();
  addCallGraph(sourceFiles, context, facts, checkerOf);
  return facts;
}

function addCallGraph(
  sourceFiles: readonly ts.SourceFile[],
  context: AnalysisContext,
  facts: MutableFacts,
  checkerOf?: (file: ts.SourceFile) => ts.TypeChecker | undefined,
): void {
  // Function summaries that need the whole program: callers and importers (the checker only
  // places module specifiers the syntax cannot, such as path aliases).
  collectCallGraph(
    sourceFiles,
    { settings: context.settings, ...(context.checker ? { checker: context.checker } : {}) },
    facts,
    checkerOf,
  );
}

function mutableFacts(): MutableFacts {
  return {
    scopeHelpers: new Set(),
    keyBuilders: new Set(),
    limiterWrappers: new Set(),
    tenantLoggers: new Set(),
    globalModels: new Set(),
    nonServerModules: new Set(),
    nonRequestFunctions: new Set(),
    quotaCheckedFunctions: new Set(),
    quotaUncheckedFunctions: new Set(),
    callers: new Map(),
    callTargets: new WeakMap(),
  };
}

/** Named functions whose every returned object carries the tenant, or whose every returned string does. */
function collectHelpers(sourceFile: ts.SourceFile, context: AnalysisContext, facts: MutableFacts): void {
  for (const fn of getFileFacts(sourceFile).functions) {
    const name = functionName(fn);
    if (!name || context.settings.scopeHelpers.includes(name)) continue;
    if (returnsTenantScopedObject(fn, context)) facts.scopeHelpers.add(name);
    else if (returnsTenantKey(fn, context)) facts.keyBuilders.add(name);
  }
}

/** Models whose schema (visible where they are made) has no tenant field: global by design. */
function collectGlobalModels(sourceFile: ts.SourceFile, context: AnalysisContext, facts: MutableFacts): void {
  for (const declaration of getFileFacts(sourceFile).variables) {
    if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
    const initializer = unwrap(declaration.initializer);
    if (!ts.isCallExpression(initializer)) continue;
    const classification = classifyReceiver(declaration.name, context);
    if (classification.status !== "target" || classification.target.kind !== "model") continue;
    if (!isTenantOwned(classification.target, context)) {
      facts.globalModels.add(declaration.name.text);
      for (const name of originNames(classification.target)) facts.globalModels.add(name);
    }
  }
}

// Shared with the checks and summaries; defined with the other AST helpers.
export { functionName } from "./ast.js";
