/**
 * Loads what to audit with ts-morph: the tsconfig (following `extends` and project references),
 * or, without one, every source file under the paths. Returns the files to analyse together with
 * the checker of the program each belongs to, and every file it could not analyse, with why.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Project, ts } from "ts-morph";
import { decodeSource } from "./decode-source.js";
import { discoverSourceFiles, sourceExtensions, unreadableDirectories } from "./discover-files.js";
import { AuditError, oneLine } from "./errors.js";
import { reportPath } from "./paths.js";
import type { AnalysisError, ParseError, SkippedFile } from "./types.js";

export interface ProjectGroup {
  /** The tsconfig this program came from; null when files were discovered without one. */
  readonly tsconfig: string | null;
  readonly program: ts.Program;
  /** Every parsable, non-declaration source file of the program's own (root) files. */
  readonly sourceFiles: readonly ts.SourceFile[];
}

export interface LoadedFile {
  readonly path: string;
  readonly sourceFile: ts.SourceFile;
  readonly group: ProjectGroup;
}

export interface LoadedProject {
  readonly groups: readonly ProjectGroup[];
  /** The files to analyse, sorted by path. */
  readonly files: readonly LoadedFile[];
  readonly skipped: readonly SkippedFile[];
  readonly parseErrors: readonly ParseError[];
  /** Files and directories that could not be read or parsed at all: never a silent pass. */
  readonly analysisErrors: readonly AnalysisError[];
  /** The tsconfig asked for (or found at the root), root-relative; null without one. */
  readonly tsconfig: string | null;
}

export interface LoadProjectOptions {
  readonly root: string;
  /** Files or directories to audit, relative to the root; empty means everything. */
  readonly paths: readonly string[];
  /** An explicit tsconfig; otherwise `tsconfig.json` at the root when present. */
  readonly project?: string;
}

/** Options for discovered files: accept every flavour of JS and TS, check nothing but what is asked. */
const discoveredCompilerOptions: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  skipLibCheck: true,
};

export function loadProject(options: LoadProjectOptions): LoadedProject {
  const { root } = options;
  const scopes = options.paths.map((path) => {
    const absolute = resolve(root, path);
    if (!existsSync(absolute)) throw new AuditError(`path not found: ${path}`);
    return { absolute, directory: statSync(absolute).isDirectory() };
  });
  const tsconfig = findTsconfig(root, options.project);
  const skipped: SkippedFile[] = [];
  const groups: { tsconfig: string | null; project: Project; fileNames: string[] }[] = [];

  const visitedConfigs = new Set<string>();
  const addConfigs = (path: string): void => {
    for (const config of leafConfigs(path, root, visitedConfigs)) {
      const project = new Project({ compilerOptions: config.options, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
      groups.push({ tsconfig: reportPath(root, config.path), project, fileNames: [...config.fileNames] });
    }
  };
  if (tsconfig) addConfigs(tsconfig);

  // Without --project, a path the root tsconfig does not cover (`tenant-audit fixtures/`, or no
  // root tsconfig at all) is loaded with the nearest tsconfig between it and the root, as editors do.
  const claimedFiles = (): Set<string> => new Set(groups.flatMap((group) => group.fileNames.map((file) => resolve(file))));
  const uncovered: string[] = [];
  if (options.project === undefined) {
    for (const scope of scopes.length > 0 ? scopes : tsconfig ? [] : [{ absolute: root, directory: true }]) {
      const claimed = claimedFiles();
      const covered = scope.directory ? [...claimed].some((file) => file.startsWith(`${scope.absolute}/`)) : claimed.has(scope.absolute);
      if (covered) continue;
      const nearest = nearestTsconfig(scope.directory ? scope.absolute : dirname(scope.absolute), root);
      if (nearest && !visitedConfigs.has(nearest)) {
        addConfigs(nearest);
        const after = claimedFiles();
        if (scope.directory ? [...after].some((file) => file.startsWith(`${scope.absolute}/`)) : after.has(scope.absolute)) continue;
      }
      if (scope.directory) uncovered.push(reportPath(root, scope.absolute) || ".");
    }
  }
  if (uncovered.length > 0) {
    const fileNames = discoverSourceFiles(root, uncovered).map((file) => join(root, file));
    groups.push({ tsconfig: null, project: new Project({ compilerOptions: discoveredCompilerOptions, skipFileDependencyResolution: true }), fileNames });
  }
  if (groups.length === 0) {
    groups.push({ tsconfig: null, project: new Project({ compilerOptions: discoveredCompilerOptions, skipFileDependencyResolution: true }), fileNames: [] });
  }

  const inScope = (file: string): boolean =>
    scopes.length === 0 || scopes.some((scope) => (scope.directory ? file.startsWith(`${scope.absolute}/`) || file === scope.absolute : file === scope.absolute));

  // A file named explicitly but outside every tsconfig is still audited (pre-commit passes staged files).
  const claimed = new Set(groups.flatMap((group) => group.fileNames.map((file) => resolve(file))));
  for (const scope of scopes) {
    if (scope.directory || claimed.has(scope.absolute)) continue;
    if (!sourceExtensions.some((extension) => scope.absolute.endsWith(extension))) {
      skipped.push({ file: reportPath(root, scope.absolute), reason: "not a TypeScript or JavaScript file" });
      continue;
    }
    groups[0]?.fileNames.push(scope.absolute);
    claimed.add(scope.absolute);
  }

  const seen = new Set<string>();
  const parseErrors: ParseError[] = [];
  const analysisErrors: AnalysisError[] = [];
  for (const scope of scopes.length > 0 ? scopes.filter((entry) => entry.directory) : [{ absolute: root, directory: true }]) {
    for (const directory of unreadableDirectories(scope.absolute)) {
      analysisErrors.push({ file: reportPath(root, directory.path) || ".", message: `cannot read directory: ${directory.reason}` });
    }
  }
  const files: LoadedFile[] = [];
  const loadedGroups: ProjectGroup[] = [];
  for (const group of groups) {
    const fileNames: string[] = [];
    for (const file of [...new Set(group.fileNames.map((name) => resolve(name)))].sort()) {
      // By real path: a symlinked folder loop (or two links to one folder) must not audit a file twice.
      const real = realPath(file);
      if (seen.has(real)) continue;
      seen.add(real);
      try {
        // Read and decoded here, not by ts-morph (which reads UTF-8 only and calls UTF-16 "binary").
        group.project.createSourceFile(file, decodeSource(readFileSync(file)), { overwrite: true });
        fileNames.push(file);
      } catch (error) {
        // An unreadable file, or one whose nesting overflows TypeScript's own recursive parser:
        // that file is reported as not analysed and the rest of the project is still audited.
        if (inScope(file)) analysisErrors.push({ file: reportPath(root, file), message: unanalysable(error) });
      }
    }
    const program = group.project.getProgram().compilerObject;
    const sourceFiles: ts.SourceFile[] = [];
    const loaded: ProjectGroup = { tsconfig: group.tsconfig, program, sourceFiles };
    for (const file of fileNames) {
      const path = reportPath(root, file);
      const sourceFile = program.getSourceFile(file);
      if (!sourceFile) {
        if (inScope(file)) skipped.push({ file: path, reason: `not part of the TypeScript program${group.tsconfig ? ` of ${group.tsconfig} (allowJs?)` : ""}` });
        continue;
      }
      if (sourceFile.isDeclarationFile) {
        if (inScope(file)) skipped.push({ file: path, reason: "declaration file" });
        continue;
      }
      const syntaxError = firstParseError(sourceFile);
      if (syntaxError) {
        if (inScope(file)) parseErrors.push({ file: path, ...syntaxError });
        continue;
      }
      sourceFiles.push(sourceFile);
      if (inScope(file)) files.push({ path, sourceFile, group: loaded });
    }
    loadedGroups.push(loaded);
  }
  const byPath = (a: { file: string }, b: { file: string }): number => compareText(a.file, b.file);
  return {
    groups: loadedGroups,
    files: files.sort((a, b) => compareText(a.path, b.path)),
    skipped: skipped.sort(byPath),
    parseErrors: parseErrors.sort(byPath),
    analysisErrors: analysisErrors.sort(byPath),
    tsconfig: tsconfig === undefined ? null : reportPath(root, tsconfig),
  };
}

/** Why a file could not be analysed, in words a user can act on. */
export function unanalysable(error: unknown): string {
  if (error instanceof RangeError && /call stack/iu.test(error.message)) {
    return `not analysed: the code is nested too deeply to analyse (${oneLine(error)})`;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string") return `cannot read file: ${code} (${oneLine(error)})`;
  return `not analysed: ${oneLine(error)}`;
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Plain code-unit order: the same on every machine and locale, so output is byte-identical. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function findTsconfig(root: string, explicit: string | undefined): string | undefined {
  if (explicit !== undefined) {
    const file = resolve(root, explicit);
    const candidate = existsSync(file) && statSync(file).isDirectory() ? join(file, "tsconfig.json") : file;
    if (!existsSync(candidate)) throw new AuditError(`tsconfig not found: ${explicit}`);
    return candidate;
  }
  const fallback = join(root, "tsconfig.json");
  return existsSync(fallback) ? fallback : undefined;
}

/** The closest `tsconfig.json` from `directory` up to (and including) the root. */
function nearestTsconfig(directory: string, root: string): string | undefined {
  for (let current = directory; ; current = dirname(current)) {
    const candidate = join(current, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (current === root || dirname(current) === current || !current.startsWith(root)) return undefined;
  }
}

interface ParsedConfig {
  readonly path: string;
  readonly options: ts.CompilerOptions;
  readonly fileNames: readonly string[];
}

/** The configs that own files: the root one (when it has files) and every project it references, recursively. */
function leafConfigs(tsconfig: string, root: string, visited: Set<string>): ParsedConfig[] {
  const result: ParsedConfig[] = [];
  const visit = (path: string): void => {
    const absolute = resolve(path);
    if (visited.has(absolute)) return;
    visited.add(absolute);
    const parsed = parseTsconfig(absolute, root);
    if (parsed.fileNames.length > 0) result.push({ path: absolute, options: parsed.options, fileNames: parsed.fileNames });
    for (const reference of parsed.projectReferences ?? []) {
      const referenced = ts.resolveProjectReferencePath(reference);
      if (!existsSync(referenced)) throw new AuditError(`tsconfig ${reportPath(root, absolute)} references a missing project: ${reportPath(root, referenced)}`);
      visit(referenced);
    }
  };
  visit(tsconfig);
  return result;
}

function parseTsconfig(path: string, root: string): ts.ParsedCommandLine {
  const shown = reportPath(root, path);
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic(diagnostic) {
      throw new AuditError(`cannot read tsconfig ${shown}: ${flatten(diagnostic)}`);
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(path, {}, host);
  if (!parsed) throw new AuditError(`cannot read tsconfig ${shown}`);
  // 18003 "No inputs were found" is normal for a solution-style tsconfig (`files: []` plus references).
  const errors = ts.getConfigFileParsingDiagnostics(parsed).filter((diagnostic) => diagnostic.code !== 18003);
  const first = errors[0];
  if (first) throw new AuditError(`broken tsconfig ${shown}: ${flatten(first)}`);
  return parsed;
}

function flatten(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${message} (line ${line + 1}, column ${character + 1})`;
  }
  return message;
}

function firstParseError(sourceFile: ts.SourceFile): Omit<ParseError, "file"> | undefined {
  // `parseDiagnostics` holds the parser's own errors; the program's syntactic diagnostics
  // add JS-only complaints (type annotations in .js) that do not stop analysis.
  const diagnostics = (sourceFile as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  if (!first) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start ?? 0);
  return { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(first.messageText, " ") };
}
