/**
 * The one adapter between an ESLint rule and a check of the detection core: it runs the check
 * on the file's TypeScript AST and turns each finding into a report descriptor. The rule file
 * makes the `context.report` call itself, so eslint-plugin-eslint-plugin sees what it reports.
 */
import { type CheckDefinition, parseSettings, runCheck } from "@tenant-audit/analysis";
import { ESLintUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

export interface TenantReport<M extends string> {
  readonly loc: TSESTree.SourceLocation;
  readonly messageId: M;
  readonly data: Readonly<Record<string, string>>;
  readonly suggest: TSESLint.SuggestionReportDescriptor<M>[];
}

export function checkFindings<M extends string>(
  context: Readonly<TSESLint.RuleContext<M, []>>,
  check: CheckDefinition<M>,
  program: TSESTree.Program,
): TenantReport<M>[] {
  // `true`: the esTree→ts.Node map exists without a type-aware program, so untyped linting works.
  const services = ESLintUtils.getParserServices(context, true);
  const sourceFile = services.esTreeNodeToTSNodeMap.get(program);
  const checker = services.program?.getTypeChecker();
  const settings = parseSettings(context.settings.tenant);
  const { sourceCode } = context;
  let findings: ReturnType<typeof runCheck>["findings"];
  try {
    findings = runCheck(check.ruleId, sourceFile, { settings, checker }).findings;
  } catch (error) {
    reportAnalysisFailure(context, program, error);
    return [];
  }
  return findings.map((finding) => ({
    loc: {
      start: sourceCode.getLocFromIndex(finding.node.getStart(sourceFile)),
      end: sourceCode.getLocFromIndex(finding.node.end),
    },
    // The core's message ids are the keys of `check.messages`, which is the rule's `meta.messages`.
    messageId: finding.messageId as M,
    data: finding.data,
    suggest: finding.suggestions.map((suggestion) => ({
      messageId: suggestion.messageId as M,
      data: suggestion.data,
      fix: (fixer) => suggestion.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
    })),
  }));
}

/** Files whose analysis failed in this process: one problem per file, not one per rule. */
const failedPrograms = new WeakSet<TSESTree.Program>();

/**
 * A file the core cannot analyse (generated code nested deeply enough to overflow the stack, or a
 * bug) is one reported problem at its first line, and the lint run goes on with the other files,
 * as ESLint does for a file it cannot parse. The message is raw text, not a rule message id: the
 * rules' messages are the core's, and this is about the file, not a finding.
 */
function reportAnalysisFailure<M extends string>(context: Readonly<TSESLint.RuleContext<M, []>>, program: TSESTree.Program, error: unknown): void {
  if (failedPrograms.has(program)) return;
  failedPrograms.add(program);
  const reason = error instanceof RangeError && /call stack/iu.test(error.message) ? "the code is nested too deeply to analyse" : "the analysis failed";
  const detail = error instanceof Error ? error.message : String(error);
  // ESLint accepts `message`; typescript-eslint's types only know messageId.
  (context.report as unknown as (descriptor: { loc: TSESTree.SourceLocation; message: string }) => void)({
    loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } },
    message: `tenant-audit could not analyse this file, so its tenant checks did not run: ${reason} (${detail})`,
  });
}
