/**
 * The one adapter between an ESLint rule and a check of the detection core: it runs the check
 * on the file's TypeScript AST and turns each finding into a report descriptor. The rule file
 * makes the `context.report` call itself, so eslint-plugin-eslint-plugin sees what it reports.
 */
import { isAbsolute, join, relative, sep } from "node:path";
import {
  type CheckDefinition,
  type DataSchema,
  type LoadedDataSchema,
  loadDataSchema,
  parseSettings,
  runCheck,
  SchemaError,
  schemaRootFor,
} from "@tenant-audit/analysis";
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
  let loaded = schemaPerFile.get(sourceFile);
  if (!schemaPerFile.has(sourceFile)) {
    loaded = dataSchemaFor(context.filename, context.cwd);
    schemaPerFile.set(sourceFile, loaded);
  }
  // An invalid schema leaves the checks without one, as if there were none: a partial schema
  // would make the models of the broken file look like no models at all.
  const dataSchema: DataSchema | undefined =
    loaded && loaded.errors.length === 0 && loaded.schema.sources.length > 0 ? loaded.schema : undefined;
  let findings: ReturnType<typeof runCheck>["findings"];
  try {
    findings = runCheck(check.ruleId, sourceFile, {
      settings,
      checker,
      ...(dataSchema ? { dataSchema } : {}),
    }).findings;
  } catch (error) {
    reportAnalysisFailure(context, program, error);
    return [];
  }
  const reports: TenantReport<M>[] = findings.map((finding) => ({
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
  const problem = loaded && schemaProblem(check, loaded, context.filename, context.cwd);
  return problem ? [problem, ...reports] : reports;
}

// Every rule asks for the same file: the schema is looked up once per linted file, not per rule.
const schemaPerFile = new WeakMap<object, LoadedDataSchema | undefined>();

/** The schema for a linted file's package or workspace (cached by the core); undefined if even looking failed. */
function dataSchemaFor(filename: string, cwd: string): LoadedDataSchema | undefined {
  const file = isAbsolute(filename) ? filename : join(cwd, "file.ts");
  try {
    // `<input>` and other virtual names: the schema of the folder ESLint runs in.
    return loadDataSchema(schemaRootFor(file));
  } catch (error) {
    // Looking itself failed (an unreadable folder): reported like an invalid schema, never silent.
    const problem = new SchemaError(
      { file, line: 1 },
      `the schema could not be looked up: ${(error as Error).message}`,
    );
    return { schema: { models: new Map(), sources: [] }, errors: [problem] };
  }
}

/**
 * The file that carries each invalid schema's one problem, for this process (one lint run):
 * the first linted file, and only that one, also when an editor lints it again.
 */
const schemaProblemFiles = new Map<string, string>();

function schemaProblem<M extends string>(
  check: CheckDefinition<M>,
  loaded: LoadedDataSchema,
  filename: string,
  cwd: string,
): TenantReport<M> | undefined {
  const [first] = loaded.errors;
  if (!first || !("invalidSchema" in check.messages)) return undefined;
  const key = loaded.errors.map((error) => error.message).join("\n");
  const owner = schemaProblemFiles.get(key) ?? filename;
  schemaProblemFiles.set(key, owner);
  if (owner !== filename) return undefined;
  const shown = relative(cwd, first.location.file);
  const location = `${shown.startsWith("..") || isAbsolute(shown) ? first.location.file : shown.split(sep).join("/")}:${first.location.line}`;
  const more = loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more)` : "";
  return {
    loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } },
    messageId: "invalidSchema" as M,
    data: { location, problem: `${first.problem}${more}` },
    suggest: [],
  };
}

/** Files whose analysis failed in this process: one problem per file, not one per rule. */
const failedPrograms = new WeakSet<TSESTree.Program>();

/**
 * A file the core cannot analyse (generated code nested deeply enough to overflow the stack, or a
 * bug) is one reported problem at its first line, and the lint run goes on with the other files,
 * as ESLint does for a file it cannot parse. The message is raw text, not a rule message id: the
 * rules' messages are the core's, and this is about the file, not a finding.
 */
function reportAnalysisFailure<M extends string>(
  context: Readonly<TSESLint.RuleContext<M, []>>,
  program: TSESTree.Program,
  error: unknown,
): void {
  if (failedPrograms.has(program)) return;
  failedPrograms.add(program);
  const reason =
    error instanceof RangeError && /call stack/iu.test(error.message)
      ? "the code is nested too deeply to analyse"
      : "the analysis failed";
  const detail = error instanceof Error ? error.message : String(error);
  // ESLint accepts `message`; typescript-eslint's types only know messageId.
  (context.report as unknown as (descriptor: { loc: TSESTree.SourceLocation; message: string }) => void)({
    loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } },
    message: `tenant-audit could not analyse this file, so its tenant checks did not run: ${reason} (${detail})`,
  });
}
