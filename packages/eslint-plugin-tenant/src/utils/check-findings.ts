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
  return runCheck(check.ruleId, sourceFile, { settings, checker }).findings.map((finding) => ({
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
