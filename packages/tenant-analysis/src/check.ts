/** The shape of one check, and the runner that turns it into a `CheckResult`. */
import type ts from "typescript";
import type { RuleId } from "./checklist.js";
import { getFileFacts, type FileFacts } from "./file-facts.js";
import type { AnalysisContext, CheckResult, ExaminedSite, Finding, Suggestion, TextEdit } from "./types.js";

export type Verdict = "scoped" | "unscoped" | "unknown";

export interface SiteDetail {
  readonly node: ts.Node;
  /** One line: what could not be decided, in the code's own words. */
  readonly reason: string;
  readonly library?: string;
}

export interface SuggestionInput<M extends string> {
  readonly messageId: M;
  readonly data?: Record<string, string>;
  readonly edits: readonly TextEdit[];
}

export interface CheckScope<M extends string> {
  readonly sourceFile: ts.SourceFile;
  readonly context: AnalysisContext;
  readonly facts: FileFacts;
  /**
   * Counts one examined site; `unknown` sites are counted as unverified. `detail` says where and
   * why, for sites a reader should see: the undecided ones, and those scoped by construction.
   */
  examined(verdict: "scoped" | "unscoped", detail?: SiteDetail): void;
  /** An undecided site always says where and why: the report lists it for a reviewer. */
  examined(verdict: Verdict, detail: SiteDetail): void;
  report(node: ts.Node, messageId: M, data?: Record<string, string>, suggestions?: readonly SuggestionInput<M>[]): void;
}

export interface CheckDefinition<M extends string = string> {
  readonly ruleId: RuleId;
  readonly messages: Readonly<Record<M, string>>;
  run(scope: CheckScope<M>): void;
}

export function defineCheck<M extends string>(definition: CheckDefinition<M>): CheckDefinition<M> {
  return definition;
}

export function formatMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/gu, (whole, key: string) => data[key] ?? whole);
}

export function executeCheck<M extends string>(
  definition: CheckDefinition<M>,
  sourceFile: ts.SourceFile,
  context: AnalysisContext,
): CheckResult {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  let checked = 0;
  let unverified = 0;
  const sites: ExaminedSite[] = [];
  const scope: CheckScope<M> = {
    sourceFile,
    context,
    facts: getFileFacts(sourceFile),
    examined(verdict: Verdict, detail?: SiteDetail) {
      checked += 1;
      if (verdict === "unknown") unverified += 1;
      if (detail && verdict !== "unscoped")
        sites.push({
          node: detail.node,
          verdict,
          reason: detail.reason,
          ...(detail.library ? { library: detail.library } : {}),
        });
    },
    report(node, messageId, data = {}, suggestions = []) {
      // One finding per node and message: two routes to the same verdict report once.
      const key = `${node.getStart(sourceFile)}:${node.end}:${messageId}`;
      if (reported.has(key)) return;
      reported.add(key);
      findings.push({
        ruleId: definition.ruleId,
        messageId,
        data,
        message: formatMessage(definition.messages[messageId], data),
        node,
        suggestions: suggestions.map((suggestion): Suggestion => ({
          messageId: suggestion.messageId,
          data: suggestion.data ?? {},
          message: formatMessage(definition.messages[suggestion.messageId], suggestion.data ?? {}),
          edits: suggestion.edits,
        })),
      });
    },
  };
  definition.run(scope);
  findings.sort((a, b) => a.node.getStart(sourceFile) - b.node.getStart(sourceFile));
  sites.sort((a, b) => a.node.getStart(sourceFile) - b.node.getStart(sourceFile));
  return { ruleId: definition.ruleId, findings, checked, unverified, sites };
}
