import type ts from "typescript";
import { type RuleId, ruleIds } from "./checklist.js";
import { executeCheck } from "./check.js";
import { checks } from "./checks/index.js";
import type { AnalysisContext, CheckResult } from "./types.js";

export * from "./checklist.js";
export * from "./settings.js";
export type * from "./types.js";
export { formatMessage, type CheckDefinition } from "./check.js";
export * from "./checks/index.js";
export * from "./data-layer/schema.js";
export { findSchemaFiles, loadDataSchema, schemaRootFor, type LoadedDataSchema } from "./data-layer/load-schema.js";
export { ownershipOf, tenantFieldOf } from "./data-layer/ownership.js";
export {
  schemaReaders,
  type SchemaReader,
  type SchemaReadResult,
  type SchemaSources,
  type SchemaSourceText,
} from "./data-layer/schema-readers.js";

/** Runs one check over one file. */
export function runCheck(ruleId: RuleId, sourceFile: ts.SourceFile, context: AnalysisContext): CheckResult {
  const definition = checks[ruleId];
  if (!definition) throw new Error(`No check is registered for rule "${ruleId}"`);
  return executeCheck(definition, sourceFile, context);
}

/** Runs the given checks (default: all) over one file; the per-file facts are shared between them. */
export function analyzeFile(
  sourceFile: ts.SourceFile,
  context: AnalysisContext,
  only: readonly RuleId[] = ruleIds,
): CheckResult[] {
  return only.filter((ruleId) => checks[ruleId]).map((ruleId) => runCheck(ruleId, sourceFile, context));
}

export {
  collectCallGraphFacts,
  collectProjectFacts,
  emptyProjectFacts,
  registerFactCollector,
  type FactCollector,
  type MutableFacts,
} from "./project-facts.js";
