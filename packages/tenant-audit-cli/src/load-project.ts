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
  // How a group's project is made, kept so a group can be rebuilt without a file the type checker cannot bind.
  const factories = new Map<(typeof groups)[number], () => Project>();

  const visitedConfigs = new Set<string>();
  const addConfigs = (path: string): void => {
    for (const config of leafConfigs(path, root, visitedConfigs)) {
      const make = (): Project =>
        new Project({
          compilerOptions: config.options,
          skipAddingFilesFromTsConfig: true,
          skipFileDependencyResolution: true,
        });
      const group = { tsconfig: reportPath(root, config.path), project: make(), fileNames: [...config.fileNames] };
      factories.set(group, make);
      groups.push(group);
    }
  };
  if (tsconfig) addConfigs(tsconfig);

  // Without --project, a path the root tsconfig does not cover (`tenant-audit fixtures/`, or no
  // root tsconfig at all) is loaded with the nearest tsconfig between it and the root, as editors do.
  const claimedFiles = (): Set<string> =>
    new Set(groups.flatMap((group) => group.fileNames.map((file) => resolve(file))));
  const uncovered: string[] = [];
  if (options.project === undefined) {
    for (const scope of scopes.length > 0 ? scopes : tsconfig ? [] : [{ absolute: root, directory: true }]) {
      const claimed = claimedFiles();
      const covered = scope.directory
        ? [...claimed].some((file) => file.startsWith(`${scope.absolute}/`))
        : claimed.has(scope.absolute);
      if (covered) continue;
      const nearest = nearestTsconfig(scope.directory ? scope.absolute : dirname(scope.absolute), root);
      if (nearest && !visitedConfigs.has(nearest)) {
        addConfigs(nearest);
        const after = claimedFiles();
        if (
          scope.directory ? [...after].some((file) => file.startsWith(`${scope.absolute}/`)) : after.has(scope.absolute)
        )
          continue;
      }
      if (scope.directory) uncovered.push(reportPath(root, scope.absolute) || ".");
    }
  }
  if (uncovered.length > 0) {
    const fileNames = discoverSourceFiles(root, uncovered).map((file) => join(root, file));
    const group = { tsconfig: null, project: discoveredProject(), fileNames };
    factories.set(group, discoveredProject);
    groups.push(group);
  }
  if (groups.length === 0) {
    const group = { tsconfig: null, project: discoveredProject(), fileNames: [] };
    factories.set(group, discoveredProject);
    groups.push(group);
  }

  const inScope = (file: string): boolean =>
    scopes.length === 0 ||
    scopes.some((scope) =>
      scope.directory ? file.startsWith(`${scope.absolute}/`) || file === scope.absolute : file === scope.absolute,
    );

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
  for (const scope of scopes.length > 0
    ? scopes.filter((entry) => entry.directory)
    : [{ absolute: root, directory: true }]) {
    for (const directory of unreadableDirectories(scope.absolute)) {
      analysisErrors.push({
        file: reportPath(root, directory.path) || ".",
        message: `cannot read directory: ${directory.reason}`,
      });
    }
  }
  const files: LoadedFile[] = [];
  const loadedGroups: ProjectGroup[] = [];
  for (const group of groups) {
    let fileNames: string[] = [];
    const sources = new Map<string, string>();
    for (const file of [...new Set(group.fileNames.map((name) => resolve(name)))].sort()) {
      // By real path: a symlinked folder loop (or two links to one folder) must not audit a file twice.
      const real = realPath(file);
      if (seen.has(real)) continue;
      seen.add(real);
      try {
        // Read and decoded here, not by ts-morph (which reads UTF-8 only and calls UTF-16 "binary").
        const text = decodeSource(readFileSync(file));
        group.project.createSourceFile(file, text, { overwrite: true });
        sources.set(file, text);
        fileNames.push(file);
      } catch (error) {
        // An unreadable file, or one whose nesting overflows TypeScript's own recursive parser:
        // that file is reported as not analysed and the rest of the project is still audited.
        if (inScope(file)) analysisErrors.push({ file: reportPath(root, file), message: unanalysable(error) });
      }
    }
    let program = group.project.getProgram().compilerObject;
    // The type checker binds every file of the program when it is made, recursively: one file
    // nested deeply enough (a member chain thousands long) overflows the stack for all of them.
    // The deepest file is then set aside as not analysed and the group rebuilt without it, from
    // fresh source files (a half-bound file would not be bound again).
    for (let attempt = 0; fileNames.length > 0; attempt += 1) {
      const failure = checkerFailure(program);
      if (failure === undefined) break;
      const deepest = attempt < maxCheckerRetries ? deepestFile(program, fileNames) : undefined;
      if (deepest === undefined) throw failure;
      if (inScope(deepest.file)) {
        analysisErrors.push({
          file: reportPath(root, deepest.file),
          message: `not analysed: nested too deeply for TypeScript's type checker (depth ${deepest.depth}; ${oneLine(failure)})`,
        });
      }
      fileNames = fileNames.filter((file) => file !== deepest.file);
      group.project = (factories.get(group) ?? discoveredProject)();
      for (const file of fileNames) group.project.createSourceFile(file, sources.get(file) ?? "", { overwrite: true });
      program = group.project.getProgram().compilerObject;
    }
    const sourceFiles: ts.SourceFile[] = [];
    const loaded: ProjectGroup = { tsconfig: group.tsconfig, program, sourceFiles };
    for (const file of fileNames) {
      const path = reportPath(root, file);
      const sourceFile = program.getSourceFile(file);
      if (!sourceFile) {
        if (inScope(file))
          skipped.push({
            file: path,
            reason: `not part of the TypeScript program${group.tsconfig ? ` of ${group.tsconfig} (allowJs?)` : ""}`,
          });
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

function discoveredProject(): Project {
  return new Project({ compilerOptions: discoveredCompilerOptions, skipFileDependencyResolution: true });
}

/** How many files may be set aside before a checker that still cannot be made is an internal error. */
const maxCheckerRetries = 10;

function checkerFailure(program: ts.Program): RangeError | undefined {
  try {
    program.getTypeChecker();
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return error;
    throw error;
  }
}

/** The file of the program with the deepest syntax tree, measured without recursion. */
function deepestFile(program: ts.Program, fileNames: readonly string[]): { file: string; depth: number } | undefined {
  let deepest: { file: string; depth: number } | undefined;
  for (const file of fileNames) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) continue;
    const depth = nestingDepth(sourceFile);
    if (!deepest || depth > deepest.depth) deepest = { file, depth };
  }
  return deepest;
}

function nestingDepth(root: ts.Node): number {
  let max = 0;
  const pending: [ts.Node, number][] = [[root, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (depth > max) max = depth;
    ts.forEachChild(node, (child) => {
      pending.push([child, depth + 1]);
    });
  }
  return max;
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
    if (parsed.fileNames.length > 0)
      result.push({ path: absolute, options: parsed.options, fileNames: parsed.fileNames });
    for (const reference of parsed.projectReferences ?? []) {
      const referenced = ts.resolveProjectReferencePath(reference);
      if (!existsSync(referenced))
        throw new AuditError(
          `tsconfig ${reportPath(root, absolute)} references a missing project: ${reportPath(root, referenced)}`,
        );
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
  const diagnostics =
    (sourceFile as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  if (!first) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start ?? 0);
  return { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(first.messageText, " ") };
}
