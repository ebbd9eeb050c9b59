/** Which calls are LLM model calls: a known client's model methods, or an SDK's plain functions. */
import ts from "../../typescript.cjs";
import { adapters } from "../../adapters/index.js";
import type { LibraryAdapter } from "../../adapters/types.js";
import { accessedName, isAccess, memberPath, unwrap } from "../../ast.js";
import { resolveBinding } from "../../bindings.js";
import { classifyReceiver } from "../../receivers/classify.js";
import type { AnalysisContext } from "../../types.js";

export const llmAdapters: readonly LibraryAdapter[] = adapters.filter((adapter) => adapter.kind === "llm");

export const modelMethods: ReadonlySet<string> = new Set(
  llmAdapters.flatMap((adapter) => (adapter.callPaths ?? []).map((path) => path.split(".").at(-1)!)),
);

export const callableModules: ReadonlySet<string> = new Set(
  llmAdapters.filter((adapter) => adapter.callableExports?.length).flatMap((adapter) => adapter.modules),
);

export const callableImports = new WeakMap<ts.SourceFile, boolean>();

export function importsCallableSdk(sourceFile: ts.SourceFile): boolean {
  let result = callableImports.get(sourceFile);
  if (result === undefined) {
    result = sourceFile.statements.some(
      (statement) =>
        (ts.isImportDeclaration(statement) &&
          ts.isStringLiteral(statement.moduleSpecifier) &&
          callableModules.has(statement.moduleSpecifier.text)) ||
        (ts.isImportEqualsDeclaration(statement) &&
          ts.isExternalModuleReference(statement.moduleReference) &&
          ts.isStringLiteral(statement.moduleReference.expression) &&
          callableModules.has(statement.moduleReference.expression.text)),
    );
    callableImports.set(sourceFile, result);
  }
  return result;
}

export interface LlmSite {
  /** `openai.chat.completions.create`, `generateText`. */
  readonly label: string;
}

/** A model call on a known LLM client, or an SDK function imported from the library. */
export function llmSite(
  call: ts.CallExpression,
  sourceFile: ts.SourceFile,
  context: AnalysisContext,
): LlmSite | undefined {
  const callee = unwrap(call.expression);
  // Only a file importing an SDK of plain functions ("ai") can call one.
  if (importsCallableSdk(sourceFile)) {
    const exported = callableExport(callee, context);
    if (exported) return { label: exported };
  }
  if (!isAccess(callee)) return undefined;
  // Decide from the method name before classifying anything: most calls are not model calls.
  const method = accessedName(callee);
  if (method === undefined || !modelMethods.has(method)) return undefined;
  // Peel the path's members off the callee: what remains must be a client of that library.
  for (const adapter of llmAdapters) {
    for (const path of adapter.callPaths ?? []) {
      const base = stripPath(callee, path.split("."));
      if (!base) continue;
      const classification = classifyReceiver(base, context);
      if (classification.status !== "target" || classification.target.kind !== "llm") continue;
      // A configured in-house client (`receivers.llm`) takes any provider's paths.
      if (classification.target.library !== adapter.library && classification.target.library !== "custom") continue;
      return { label: label(callee) };
    }
  }
  return undefined;
}

/** `generateText(…)` or `ai.generateText(…)` where the function comes from the SDK's module. */
export function callableExport(callee: ts.Expression, context: AnalysisContext): string | undefined {
  if (ts.isIdentifier(callee)) {
    const binding = resolveBinding(callee, context.checker);
    if (binding?.kind !== "import") return undefined;
    const adapter = llmAdapters.find((candidate) => candidate.modules.includes(binding.module));
    return adapter?.callableExports?.includes(binding.imported) ? callee.text : undefined;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const binding = resolveBinding(callee.expression, context.checker);
    if (binding?.kind !== "import" || (binding.imported !== "*" && binding.imported !== "default")) return undefined;
    const adapter = llmAdapters.find((candidate) => candidate.modules.includes(binding.module));
    return adapter?.callableExports?.includes(callee.name.text) ? label(callee) : undefined;
  }
  return undefined;
}

/** For `a.chat.completions.create` and ["chat", "completions", "create"]: `a`; undefined when the path does not match. */
export function stripPath(callee: ts.Expression, segments: readonly string[]): ts.Expression | undefined {
  let current: ts.Expression = callee;
  for (let index = segments.length - 1; index >= 0; index -= 1) {
    current = unwrap(current);
    if (!isAccess(current) || accessedName(current) !== segments[index]) return undefined;
    current = current.expression;
  }
  return current;
}

export function label(callee: ts.Expression): string {
  const text = memberPath(callee) ?? callee.getText();
  return text.length > 60 ? `…${text.slice(-59)}` : text;
}

// ---------------------------------------------------------------------------------------------
// Is the call made through a per-tenant limiter?
