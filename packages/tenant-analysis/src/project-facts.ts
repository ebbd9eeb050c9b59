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

export const emptyProjectFacts: ProjectFacts = {
  scopeHelpers: new Set(),
  keyBuilders: new Set(),
  limiterWrappers: new Set(),
  tenantLoggers: new Set(),
  globalModels: new Set(),
  nonServerModules: new Set(),
  nonRequestFunctions: new Set(),
  quotaCheckedFunctions: new Set(),
  quotaUncheckedFunctions: new Set(),
};

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
}

/** A per-file contributor to the project facts; checks with repository-wide knowledge add one. */
export type FactCollector = (sourceFile: ts.SourceFile, context: AnalysisContext, facts: MutableFacts) => void;

const collectors: FactCollector[] = [collectHelpers, collectGlobalModels];

/** Lets a check contribute repository-wide facts (limiter wrappers, tenant-bound loggers). */
export function registerFactCollector(collector: FactCollector): void {
  if (!collectors.includes(collector)) collectors.push(collector);
}

export function collectProjectFacts(sourceFiles: readonly ts.SourceFile[], context: AnalysisContext): ProjectFacts {
  const facts: MutableFacts = {
    scopeHelpers: new Set(),
    keyBuilders: new Set(),
    limiterWrappers: new Set(),
    tenantLoggers: new Set(),
    globalModels: new Set(),
    nonServerModules: new Set(),
    nonRequestFunctions: new Set(),
    quotaCheckedFunctions: new Set(),
    quotaUncheckedFunctions: new Set(),
  };
  // Facts are computed without project facts of their own, so a helper is never justified by itself,
  // and from syntax alone: asking the checker about every model declaration (Mongoose's `model()`
  // overloads) cost more than the whole audit; what a file declares is visible in its syntax.
  const bare: AnalysisContext = { settings: context.settings };
  for (const sourceFile of sourceFiles) {
    for (const collector of collectors) collector(sourceFile, bare, facts);
  }
  // Function summaries that need the whole program: callers and importers (the checker only
  // places module specifiers the syntax cannot, such as path aliases).
  collectCallGraph(
    sourceFiles,
    { settings: context.settings, ...(context.checker ? { checker: context.checker } : {}) },
    facts,
  );
  return facts;
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
