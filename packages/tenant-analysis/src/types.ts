import type ts from "typescript";
import type { RuleId } from "./checklist.js";
import type { DataSchema } from "./data-layer/schema.js";
import type { TenantSettings } from "./settings.js";

/** A replacement of the source text between two offsets of the analysed file. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface Suggestion {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  /** The rendered message, for hosts that do not interpolate (the CLI). */
  readonly message: string;
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  readonly ruleId: RuleId;
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  readonly message: string;
  /** Where the finding points: its start is the reported line and column. */
  readonly node: ts.Node;
  readonly suggestions: readonly Suggestion[];
}

/** A site a reader of the report should see: one the check could not decide, or one scoped by construction. */
export interface ExaminedSite {
  readonly node: ts.Node;
  readonly verdict: "scoped" | "unknown";
  /** One line: why it is undecided, or what scopes it. */
  readonly reason: string;
  /** A library the analysis does not understand, when that is why. */
  readonly library?: string;
}

/** What one check found in one file, and how much it looked at. */
export interface CheckResult {
  readonly ruleId: RuleId;
  readonly findings: readonly Finding[];
  /** Sites the check examined, scoped or not. */
  readonly checked: number;
  /** Examined sites whose verdict could not be decided (not reported). */
  readonly unverified: number;
  /** The undecided sites that said why, and those scoped by construction (a tenant-enforcing client). */
  readonly sites?: readonly ExaminedSite[];
}

/**
 * Facts about the whole repository, computed by the CLI (from every file, with
 * `collectFileFacts`) and handed to the checks as data. The ESLint rules run without them.
 */
export interface ProjectFacts {
  /** Functions whose returned object always carries the tenant (discovered scope helpers). */
  readonly scopeHelpers: ReadonlySet<string>;
  /** Functions whose returned string always contains the tenant (Redis key builders). */
  readonly keyBuilders: ReadonlySet<string>;
  /** Functions that await a per-tenant limiter before calling an LLM. */
  readonly limiterWrappers: ReadonlySet<string>;
  /** Exported loggers bound with the tenant (`export const log = logger.child({ tenantId })`). */
  readonly tenantLoggers: ReadonlySet<string>;
  /** Model or collection names whose schema has no tenant field: global by design. */
  readonly globalModels: ReadonlySet<string>;
  /**
   * Function summaries over the whole program (optional: hosts without them leave such sites
   * to what the file shows). Functions are keyed `<fileName>#<name>` (see `functionKey`).
   */
  /** Modules imported only by scripts, migrations or browser modules (by file name). */
  readonly nonServerModules?: ReadonlySet<string>;
  /** Functions reached only from scripts, migrations or start-up, never from a request or job. */
  readonly nonRequestFunctions?: ReadonlySet<string>;
  /** Functions every caller of which checks the per-tenant quota before the call. */
  readonly quotaCheckedFunctions?: ReadonlySet<string>;
  /** Functions some caller of which calls them without checking the per-tenant quota. */
  readonly quotaUncheckedFunctions?: ReadonlySet<string>;
  /**
   * The calls of each function that the whole program's syntax resolves (imports, re-exports,
   * local calls), by `functionKey`. A function missing here has no caller the analysis sees.
   */
  readonly callers?: ReadonlyMap<string, readonly ts.CallExpression[]>;
  /** The function each of those calls invokes. */
  readonly callTargets?: { get(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined };
  /** The checker of the program each file belongs to (a workspace of several tsconfigs has several). */
  readonly checkers?: { get(file: ts.SourceFile): ts.TypeChecker | undefined };
}

export interface AnalysisContext {
  readonly settings: TenantSettings;
  /** Present when the host has type information (typed ESLint, the CLI). */
  readonly checker?: ts.TypeChecker;
  readonly projectFacts?: ProjectFacts;
  /** The project's schema files read as models (`loadDataSchema`), when the host found any and they were valid. */
  readonly dataSchema?: DataSchema;
}
