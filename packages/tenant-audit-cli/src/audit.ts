/**
 * `audit(options)`: loads the project, runs the detection core over every file and returns the
 * report. It reads the project, its config and git, and writes nothing: printing, files and
 * exit codes are the CLI's business.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  type AnalysisContext,
  analyzeFile,
  type CheckResult,
  type Finding,
  checklist,
  checklistQuestion,
  type ChecklistItemId,
  collectCallGraphFacts,
  collectProjectFacts,
  type DataSchema,
  loadDataSchema,
  schemaRootFor,
  type ProjectFacts,
  type RuleId,
  ruleDescriptors,
  type TenantSettings,
} from "@tenant-audit/analysis";
import type { ts } from "ts-morph";
import { type BaselineEntry, matchBaseline } from "./baseline.js";
import { changedFiles } from "./changed-files.js";
import { loadConfig } from "./config.js";
import { AuditError } from "./errors.js";
import { enclosingScopeName, fingerprints } from "./fingerprint.js";
import { compareText, type LoadedFile, loadProject, type ProjectGroup, unanalysable } from "./load-project.js";
import { reportPath } from "./paths.js";
import { remediation } from "./remediation.js";
import { severityOf, suppressionWithoutReason } from "./rule-meta.js";
import { type Directive, findSuppression, namesTenantRule, readDirectives } from "./suppressions.js";
import type {
  AnalysisError,
  ChecklistEntry,
  ChecklistStatus,
  FailOn,
  Report,
  ReportFinding,
  Severity,
  SuppressedFinding,
  SuppressionKind,
  UnverifiedSite,
  UnverifiedSites,
} from "./types.js";
import { toolName, toolVersion } from "./version.js";

export interface AuditProgress {
  /** Loading and binding the program and collecting repository facts come before any file is analysed. */
  readonly phase: "loading" | "collecting facts" | "analysing";
  readonly done: number;
  readonly total: number;
  readonly file: string;
}

export interface AuditOptions {
  /** The audited root: config lookup, relative paths and git run from here. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** Files or directories to report on, relative to `cwd`; default: the whole project. */
  readonly paths?: readonly string[];
  /** tsconfig to load; default `tsconfig.json` in `cwd` when present, else discovered files. */
  readonly project?: string;
  /** Config file; default: the contract's discovery order. */
  readonly config?: string;
  /** Settings to use as they are, instead of reading a config. */
  readonly settings?: TenantSettings;
  readonly failOn?: FailOn;
  /** Accepted findings (from `readBaseline`): matching ones do not fail the run. */
  readonly baseline?: readonly BaselineEntry[];
  /** Report only on files changed since this git ref (types still come from the whole project). */
  readonly changedSince?: string;
  readonly onProgress?: (progress: AuditProgress) => void;
}

/** A finding before baseline matching: what the report needs, plus where to sort it. */
interface Located {
  readonly ruleId: string;
  readonly checklistItem: ChecklistItemId;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly start: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly suggestion: string | null;
  readonly text: string;
  readonly scope: string;
  readonly suppression?: { readonly kind: SuppressionKind; readonly reason: string | null };
}

export async function audit(options: AuditOptions = {}): Promise<Report> {
  const root = resolve(options.cwd ?? process.cwd());
  const failOn = options.failOn ?? "error";
  const loadedConfig = options.settings
    ? { settings: options.settings, source: null }
    : await loadConfig(root, options.config, configRoots(root, options.paths ?? [], options.project));
  const { settings } = loadedConfig;
  options.onProgress?.({ phase: "loading", done: 0, total: 0, file: "" });
  const project = loadProject({
    root,
    paths: options.paths ?? [],
    ...(options.project === undefined ? {} : { project: options.project }),
  });
  if (project.files.length === 0 && project.parseErrors.length === 0 && project.analysisErrors.length === 0) {
    // A wrong path or include in CI must not be a green "0 files audited".
    throw new AuditError(nothingMatched(project.tsconfig, options.paths ?? []));
  }
  const analysisErrors: AnalysisError[] = [...project.analysisErrors];

  let files = project.files;
  if (options.changedSince !== undefined) {
    const changed = changedFiles(root, options.changedSince);
    files = files.filter((file) => changed.has(resolve(root, file.path)));
  }

  const tenantField = settings.tenantFields[0] ?? "tenantId";
  const contexts = new Map<ProjectGroup, AnalysisContext>();
  const contextOf = (group: ProjectGroup): AnalysisContext => {
    let context = contexts.get(group);
    if (!context) {
      context = { settings, checker: group.program.getTypeChecker() };
      contexts.set(group, context);
    }
    return context;
  };
  options.onProgress?.({ phase: "collecting facts", done: 0, total: files.length, file: "" });
  const failedFiles = new Set<ts.SourceFile>();
  const projectFacts = collectFacts(project.groups, contextOf, (sourceFile, error) => {
    failedFiles.add(sourceFile);
    analysisErrors.push({ file: reportPath(root, sourceFile.fileName), message: unanalysable(error) });
  });
  // The schema a file's models come from: its package's, else its workspace's, as in ESLint.
  const schemas = new Map<string, DataSchema | undefined>();
  const schemaAt = (schemaRoot: string): DataSchema | undefined => {
    if (!schemas.has(schemaRoot)) schemas.set(schemaRoot, loadSchema(root, schemaRoot));
    return schemas.get(schemaRoot);
  };
  // Outside any package with a schema, the audited root's schema (if any) stands for the file.
  const schemaOf = (file: LoadedFile): DataSchema | undefined =>
    schemaAt(schemaRootFor(resolve(root, file.path))) ?? schemaAt(root);
  // One context object per program and schema for the whole run: the core memoises per-file work by it.
  const analysisContexts = new Map<ProjectGroup, Map<DataSchema | undefined, AnalysisContext>>();
  const analysisContextOf = (file: LoadedFile): AnalysisContext => {
    const dataSchema = schemaOf(file);
    const byGroup = analysisContexts.get(file.group) ?? new Map<DataSchema | undefined, AnalysisContext>();
    analysisContexts.set(file.group, byGroup);
    let context = byGroup.get(dataSchema);
    if (!context) {
      context = {
        ...contextOf(file.group),
        ...(projectFacts ? { projectFacts } : {}),
        ...(dataSchema ? { dataSchema } : {}),
      };
      byGroup.set(dataSchema, context);
    }
    return context;
  };
  // Every schema is read before any file is analysed, so an invalid one stops the run at once.
  for (const file of files) schemaOf(file);

  const located: Located[] = [];
  const counts = new Map<RuleId, { checked: number; unverified: number }>();
  const unverified: UnverifiedSites[] = [];
  const unverifiedSites: UnverifiedSite[] = [];
  const byConstruction = new Map<RuleId, number>();
  const notUnderstood = new Map<ChecklistItemId, Map<string, number>>();
  let lastYield = Date.now();
  for (const [index, file] of files.entries()) {
    // Let a signal (Ctrl-C) be handled between files: analysis is synchronous, and Node runs a
    // signal handler only when the event loop turns.
    if (Date.now() - lastYield > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
    options.onProgress?.({ phase: "analysing", done: index, total: files.length, file: file.path });
    if (failedFiles.has(file.sourceFile)) continue;
    const context = analysisContextOf(file);
    let results: CheckResult[];
    try {
      results = analyzeFile(file.sourceFile, context);
    } catch (error) {
      // One file the core cannot handle (a stack overflow on generated code, a bug) is reported
      // as not analysed, and the rest of the project is still audited.
      analysisErrors.push({ file: file.path, message: unanalysable(error) });
      continue;
    }
    const directives = readDirectives(file.sourceFile);
    const usedDirectives = new Set<Directive>();
    const firstOfFile = located.length;
    for (const result of results) {
      const count = counts.get(result.ruleId) ?? { checked: 0, unverified: 0 };
      count.checked += result.checked;
      count.unverified += result.unverified;
      counts.set(result.ruleId, count);
      if (result.unverified > 0)
        unverified.push({ file: file.path, ruleId: `tenant/${result.ruleId}`, count: result.unverified });
      for (const site of result.sites ?? []) {
        if (site.verdict === "scoped") {
          byConstruction.set(result.ruleId, (byConstruction.get(result.ruleId) ?? 0) + 1);
          continue;
        }
        if (site.library) {
          const item = ruleDescriptors[result.ruleId].checklistItem;
          const libraries = notUnderstood.get(item) ?? new Map<string, number>();
          libraries.set(site.library, (libraries.get(site.library) ?? 0) + 1);
          notUnderstood.set(item, libraries);
        }
        const { line, character } = file.sourceFile.getLineAndCharacterOfPosition(site.node.getStart(file.sourceFile));
        unverifiedSites.push({
          file: file.path,
          line: line + 1,
          column: character + 1,
          ruleId: `tenant/${result.ruleId}`,
          reason: site.reason,
        });
      }
      for (const finding of result.findings) {
        const entry = locate(file, finding, tenantField);
        const suppression = findSuppression(directives, entry.ruleId, entry.start, entry.line);
        if (suppression) usedDirectives.add(suppression.directive);
        located.push(
          suppression
            ? { ...entry, suppression: { kind: suppression.kind, reason: suppression.directive.reason } }
            : entry,
        );
      }
    }
    located.push(...missingReasons(file, directives, usedDirectives, located.slice(firstOfFile)));
  }
  options.onProgress?.({ phase: "analysing", done: files.length, total: files.length, file: "" });

  // Fingerprints take occurrence indexes in source order, so number them before the final sort.
  located.sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.start - b.start ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.message, b.message),
  );
  const prints = fingerprints(located);
  const byReportOrder = (
    a: { file: string; line: number; column: number; ruleId: string; message: string },
    b: typeof a,
  ): number =>
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message);

  const active: ReportFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  located.forEach((entry, index) => {
    const fingerprint = prints[index] ?? "";
    if (entry.suppression) {
      suppressed.push({
        ruleId: entry.ruleId,
        checklistItem: entry.checklistItem,
        message: entry.message,
        file: entry.file,
        line: entry.line,
        column: entry.column,
        fingerprint,
        kind: entry.suppression.kind,
        reason: entry.suppression.reason,
      });
      return;
    }
    active.push({
      ruleId: entry.ruleId,
      checklistItem: entry.checklistItem,
      severity: entry.severity,
      message: entry.message,
      file: entry.file,
      line: entry.line,
      column: entry.column,
      endLine: entry.endLine,
      endColumn: entry.endColumn,
      fingerprint,
      suggestion: entry.suggestion,
    });
  });
  active.sort(byReportOrder);
  suppressed.sort(byReportOrder);

  const findings = options.baseline
    ? ((matched) =>
        active.map((finding, index): ReportFinding => ({
          ...finding,
          baselineState: matched[index] ? "unchanged" : "new",
        })))(matchBaseline(active, options.baseline))
    : active;
  const fresh = findings.filter((finding) => finding.baselineState !== "unchanged");
  const failing =
    failOn === "never" ? [] : fresh.filter((finding) => failOn === "warning" || finding.severity === "error");
  // A file that could not be analysed is not known to pass: the run fails unless nothing fails it.
  const uniqueAnalysisErrors = [...new Map(analysisErrors.map((error) => [error.file, error])).values()].sort((a, b) =>
    compareText(a.file, b.file),
  );
  const checklistEntries = checklist.map((item): ChecklistEntry => {
    const itemFindings = findings.filter((finding) => finding.checklistItem === item.id);
    const checked = item.rules.reduce((sum, rule) => sum + (counts.get(rule)?.checked ?? 0), 0);
    const itemUnverified = item.rules.reduce((sum, rule) => sum + (counts.get(rule)?.unverified ?? 0), 0);
    const scopedByConstruction = item.rules.reduce((sum, rule) => sum + (byConstruction.get(rule) ?? 0), 0);
    return {
      id: item.id,
      question: checklistQuestion(item, tenantField),
      status: statusOf(itemFindings, checked, itemUnverified),
      checked,
      unverified: itemUnverified,
      findings: itemFindings.length,
      ...(scopedByConstruction > 0 ? { scopedByConstruction } : {}),
      ...(notUnderstood.has(item.id)
        ? {
            notUnderstood: [...notUnderstood.get(item.id)!]
              .map(([library, sites]) => ({ library, sites }))
              .sort((a, b) => compareText(a.library, b.library)),
          }
        : {}),
    };
  });

  const analysed =
    files.length - uniqueAnalysisErrors.filter((error) => files.some((file) => file.path === error.file)).length;
  return {
    schemaVersion: 1,
    tool: { name: toolName, version: toolVersion },
    root,
    summary: {
      files: analysed,
      findings: findings.length,
      errors: findings.filter((finding) => finding.severity === "error").length,
      warnings: findings.filter((finding) => finding.severity === "warning").length,
      suppressed: suppressed.length,
      unverified: unverified.reduce((sum, site) => sum + site.count, 0),
      new: fresh.length,
      baselined: findings.length - fresh.length,
      parseErrors: project.parseErrors.length,
      analysisErrors: uniqueAnalysisErrors.length,
      skipped: project.skipped.length,
      failOn,
      passed: failing.length === 0 && (failOn === "never" || uniqueAnalysisErrors.length === 0),
    },
    checklist: checklistEntries,
    findings,
    suppressed,
    unverified: unverified.sort((a, b) => compareText(a.file, b.file) || compareText(a.ruleId, b.ruleId)),
    unverifiedSites: unverifiedSites.sort(
      (a, b) =>
        compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId),
    ),
    parseErrors: project.parseErrors,
    analysisErrors: uniqueAnalysisErrors,
    skipped: project.skipped,
    ...(schemaSources(schemas).length > 0
      ? { schemaSources: schemaSources(schemas).map((file) => reportPath(root, file)) }
      : {}),
    config: loadedConfig.source,
    ...(options.changedSince === undefined ? {} : { changedSince: options.changedSince }),
  };
}

/**
 * The audited root's schema files (`schema.prisma`, …) as models, for every analysis context;
 * undefined when it has none. An invalid schema is bad input: the run stops with its file and line.
 */
function loadSchema(root: string, schemaRoot: string): DataSchema | undefined {
  const { schema, errors } = loadDataSchema(schemaRoot);
  const [first] = errors;
  if (first) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new AuditError(
      `invalid schema ${reportPath(root, first.location.file)}:${first.location.line}: ${first.problem}${more}`,
    );
  }
  return schema.sources.length > 0 ? schema : undefined;
}

/**
 * An item fails on an error finding (every rule finding is one); warns on warning findings (a
 * suppression without a reason) or on sites it could not decide (the answer is then not a
 * confident yes); is not applicable when it found nothing to examine.
 */
function statusOf(findings: readonly ReportFinding[], checked: number, unverified: number): ChecklistStatus {
  if (findings.some((finding) => finding.severity === "error")) return "fail";
  if (findings.length > 0 || unverified > 0) return "warn";
  return checked === 0 ? "not-applicable" : "pass";
}

/**
 * The core's repository-wide facts (scope helpers, key builders, limiter wrappers, tenant loggers,
 * global models), from every file of the project, not only the reported ones. Each program gives
 * facts about its own files with its own checker; they are names, so the union serves every file.
 */
function collectFacts(
  groups: readonly ProjectGroup[],
  contextOf: (group: ProjectGroup) => AnalysisContext,
  onError: (sourceFile: ts.SourceFile, error: unknown) => void,
): ProjectFacts | undefined {
  // File by file, so one file the core cannot handle costs only that file's facts.
  const failed = new Set<ts.SourceFile>();
  const parts = groups.flatMap((group) =>
    group.sourceFiles.flatMap((sourceFile) => {
      try {
        return [collectProjectFacts([sourceFile], contextOf(group), { callGraph: false })];
      } catch (error) {
        failed.add(sourceFile);
        onError(sourceFile, error);
        return [];
      }
    }),
  );
  if (parts.length === 0) return undefined;
  // Callers live in other files, often of other tsconfigs of the workspace: one call graph over
  // every program's files, each file's path aliases placed by its own program's checker.
  const checkers = new Map<ts.SourceFile, ts.TypeChecker>();
  const seen = new Set<string>();
  const everyFile: ts.SourceFile[] = [];
  for (const group of groups) {
    const { checker } = contextOf(group);
    for (const sourceFile of group.sourceFiles) {
      if (failed.has(sourceFile) || seen.has(sourceFile.fileName)) continue;
      seen.add(sourceFile.fileName);
      everyFile.push(sourceFile);
      if (checker) checkers.set(sourceFile, checker);
    }
  }
  const first = groups[0];
  let graph: ProjectFacts | undefined;
  try {
    graph = first ? collectCallGraphFacts(everyFile, contextOf(first), (file) => checkers.get(file)) : undefined;
  } catch {
    // A call graph the core cannot build leaves every caller unseen: each function is judged alone.
    graph = undefined;
  }
  const all = graph ? [...parts, graph] : parts;
  const union = (pick: (facts: ProjectFacts) => ReadonlySet<string>): ReadonlySet<string> =>
    new Set(all.flatMap((facts) => [...pick(facts)]));
  return {
    ...(parts[0] ?? {}),
    scopeHelpers: union((facts) => facts.scopeHelpers),
    keyBuilders: union((facts) => facts.keyBuilders),
    limiterWrappers: union((facts) => facts.limiterWrappers),
    tenantLoggers: union((facts) => facts.tenantLoggers),
    globalModels: union((facts) => facts.globalModels),
    nonServerModules: union((facts) => facts.nonServerModules ?? new Set()),
    nonRequestFunctions: union((facts) => facts.nonRequestFunctions ?? new Set()),
    quotaCheckedFunctions: union((facts) => facts.quotaCheckedFunctions ?? new Set()),
    quotaUncheckedFunctions: union((facts) => facts.quotaUncheckedFunctions ?? new Set()),
    ...(graph?.callers ? { callers: graph.callers } : {}),
    ...(graph?.callTargets ? { callTargets: graph.callTargets } : {}),
    checkers,
  };
}

/**
 * Where a config is looked for before the working directory: the audited root, that is the
 * folder of the tsconfig given with --project, or else the one path given (its folder, for a file).
 */
function configRoots(cwd: string, paths: readonly string[], project: string | undefined): string[] {
  let audited: string | undefined;
  if (project !== undefined) {
    const target = resolve(cwd, project);
    audited = existsSync(target) && statSync(target).isDirectory() ? target : dirname(target);
  } else if (paths.length === 1 && paths[0] !== undefined) {
    const target = resolve(cwd, paths[0]);
    audited = existsSync(target) && statSync(target).isDirectory() ? target : dirname(target);
  }
  return audited === undefined || audited === cwd ? [cwd] : [audited, cwd];
}

function nothingMatched(tsconfig: string | null, paths: readonly string[]): string {
  const where = paths.length > 0 ? ` under ${paths.join(", ")}` : "";
  if (tsconfig !== null)
    return `nothing to audit: ${tsconfig} matches no TypeScript or JavaScript source file${where} (check its "include" and "files")`;
  return `nothing to audit: no TypeScript or JavaScript source file${where || " in this directory"}`;
}

function locate(file: LoadedFile, finding: Finding, tenantField: string): Located {
  const { sourceFile } = file;
  const start = finding.node.getStart(sourceFile);
  const from = sourceFile.getLineAndCharacterOfPosition(start);
  const to = sourceFile.getLineAndCharacterOfPosition(finding.node.getEnd());
  return {
    ruleId: `tenant/${finding.ruleId}`,
    checklistItem: ruleDescriptors[finding.ruleId].checklistItem,
    severity: severityOf(finding.ruleId),
    message: finding.message,
    file: file.path,
    start,
    line: from.line + 1,
    column: from.character + 1,
    endLine: to.line + 1,
    endColumn: to.character + 1,
    suggestion: finding.suggestions[0]?.message ?? remediation(finding.ruleId, tenantField),
    text: sourceFile.text.slice(start, finding.node.getEnd()),
    scope: enclosingScopeName(finding.node),
  };
}

/**
 * A directive without `-- reason` that names a tenant rule, or that silenced one of its findings,
 * is itself a warning: the reason is what a reviewer reads to accept the exception.
 */
function missingReasons(
  file: LoadedFile,
  directives: readonly Directive[],
  used: ReadonlySet<Directive>,
  located: readonly Located[],
): Located[] {
  const result: Located[] = [];
  for (const directive of directives) {
    if (directive.reason !== null || directive.type === "enable") continue;
    if (!namesTenantRule(directive) && !used.has(directive)) continue;
    const silenced = located.find(
      (entry) => entry.file === file.path && entry.suppression && isFrom(entry, directive, file),
    );
    const named = directive.rules.find((rule) => rule.startsWith("tenant/"));
    const ruleId = named ?? silenced?.ruleId;
    const bare = ruleId?.slice("tenant/".length);
    const item =
      bare && bare in ruleDescriptors ? ruleDescriptors[bare as RuleId].checklistItem : silenced?.checklistItem;
    if (!item) continue;
    const from = file.sourceFile.getLineAndCharacterOfPosition(directive.start);
    const to = file.sourceFile.getLineAndCharacterOfPosition(directive.end);
    const text = file.sourceFile.text.slice(directive.start, directive.end);
    result.push({
      ruleId: suppressionWithoutReason,
      checklistItem: item,
      severity: "warning",
      message: `eslint-disable directive for ${directive.rules.length > 0 ? directive.rules.join(", ") : "every rule"} has no reason: add "-- <why this is safe>"`,
      file: file.path,
      start: directive.start,
      line: from.line + 1,
      column: from.character + 1,
      endLine: to.line + 1,
      endColumn: to.character + 1,
      suggestion: `Explain the exception after "--", e.g. "${text.trim().replace(/\s*\*\/$/u, "")} -- admin report across all tenants${text.trim().endsWith("*/") ? " */" : ""}"`,
      text,
      scope: "",
    });
  }
  return result;
}

function isFrom(entry: Located, directive: Directive, file: LoadedFile): boolean {
  const suppression = findSuppression([directive], entry.ruleId, entry.start, entry.line);
  return suppression !== undefined && file.path === entry.file;
}

/** Every schema file read in the run, sorted. */
function schemaSources(schemas: ReadonlyMap<string, DataSchema | undefined>): string[] {
  return [...new Set([...schemas.values()].flatMap((schema) => schema?.sources ?? []))].sort();
}
