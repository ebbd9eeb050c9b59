/**
 * The whole program's call graph and import graph, for the CLI's function summaries: who calls
 * each named function (following imports and re-exports, with a bound on depth and a cycle
 * guard) and who imports each module. From them:
 * - modules imported only by scripts, migrations or browser modules (`nonServerModules`);
 * - functions reached only from scripts, migrations or start-up (`nonRequestFunctions`);
 * - the calls of each function (`callers`), for summaries over every caller (`callersAuthorise`);
 * - functions that call an LLM SDK whose every caller checks the per-tenant quota first
 *   (`quotaCheckedFunctions`), or some caller does not (`quotaUncheckedFunctions`).
 * Calls are resolved from syntax (cheap, deterministic); module specifiers the syntax cannot
 * place (path aliases) through the checker's module resolution when there is one.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "../typescript.cjs";
import { adapters } from "../adapters/index.js";
import { calleeName, enclosingFunction, unwrap } from "../ast.js";
import { resolveBinding } from "../bindings.js";
import type { Verdict } from "../check.js";
import { functionKey, isEntryFunction, isExported, isNonServerFile } from "../entry-points.js";
import { localFunction } from "../evidence/local-flow.js";
import { getFileFacts } from "../file-facts.js";
import type { AnalysisContext } from "../types.js";
import { combine, siteVerdict } from "./quota.js";

export interface CallGraphFacts {
  readonly nonServerModules: Set<string>;
  readonly nonRequestFunctions: Set<string>;
  readonly quotaCheckedFunctions: Set<string>;
  readonly quotaUncheckedFunctions: Set<string>;
  /** The calls of each function the syntax resolves, by `functionKey` (read by `callersAuthorise`). */
  readonly callers: Map<string, ts.CallExpression[]>;
  /** The function each resolved call invokes (what `calledFunction` reads when there is no checker for the file). */
  readonly callTargets: WeakMap<ts.CallExpression, ts.FunctionLikeDeclaration>;
}

const maxReexportDepth = 5;

/** Names an LLM SDK call ends in (`create`, `stream`, `generateText`): functions holding one are wrapper candidates. */
const llmCallNames: ReadonlySet<string> = new Set(
  adapters
    .filter((adapter) => adapter.kind === "llm")
    .flatMap((adapter) => [
      ...(adapter.callPaths ?? []).map((callPath) => callPath.split(".").at(-1)!),
      ...(adapter.callableExports ?? []),
    ]),
);

export function collectCallGraph(
  sourceFiles: readonly ts.SourceFile[],
  context: AnalysisContext,
  into: CallGraphFacts,
  /** Programs of several tsconfigs: the checker that knows each file (for its path aliases). */
  checkerOf?: (file: ts.SourceFile) => ts.TypeChecker | undefined,
): void {
  const files = new Map(sourceFiles.map((file) => [normalise(file.fileName), file]));
  const resolved = new WeakMap<ts.StringLiteral, ts.SourceFile | null>();
  const resolveModule = (from: ts.SourceFile, specifier: ts.StringLiteral): ts.SourceFile | undefined => {
    const known = resolved.get(specifier);
    if (known !== undefined) return known ?? undefined;
    const found = locateModule(from, specifier);
    resolved.set(specifier, found ?? null);
    return found;
  };
  const fileAt = (base: string): ts.SourceFile | undefined => {
    const stem = base.replace(/\.[cm]?[jt]sx?$/u, "");
    for (const candidate of [
      base,
      `${stem}.ts`,
      `${stem}.tsx`,
      `${stem}.mts`,
      `${stem}.cts`,
      `${base}/index.ts`,
      `${base}/index.tsx`,
    ]) {
      const found = files.get(candidate);
      if (found) return found;
    }
    return undefined;
  };
  const packages = workspacePackages(files.keys());
  const locateModule = (from: ts.SourceFile, specifier: ts.StringLiteral): ts.SourceFile | undefined => {
    if (specifier.text.startsWith("."))
      return fileAt(path.posix.resolve(path.posix.dirname(normalise(from.fileName)), specifier.text));
    // `@/lib/llm`: a path alias only the program's module resolution knows.
    const checker = checkerOf ? checkerOf(from) : context.checker;
    const declaration = checker?.getSymbolAtLocation(specifier)?.valueDeclaration;
    if (declaration && ts.isSourceFile(declaration)) return files.get(normalise(declaration.fileName));
    // `@acme/lib/server/documents`: a package of the workspace, placed by its `package.json` name
    // (a checkout without installed dependencies, where the checker cannot place it).
    return workspaceModule(specifier.text, packages, fileAt);
  };

  // Importers of each module (value imports and re-exports load it; `import type` does not).
  const importers = new Map<ts.SourceFile, Set<ts.SourceFile>>();
  for (const file of sourceFiles) {
    for (const statement of file.statements) {
      const specifier = moduleSpecifierOf(statement);
      if (!specifier) continue;
      const target = resolveModule(file, specifier);
      if (!target || target === file) continue;
      let set = importers.get(target);
      if (!set) importers.set(target, (set = new Set()));
      set.add(file);
    }
  }

  const exportMemo = new Map<string, ts.FunctionLikeDeclaration | undefined>();
  const exportedFunction = (
    file: ts.SourceFile,
    name: string,
    depth: number,
    seen: Set<string>,
  ): ts.FunctionLikeDeclaration | undefined => {
    const seenKey = `${file.fileName}#${name}`;
    if (depth === 0 && exportMemo.has(seenKey)) return exportMemo.get(seenKey);
    const found = findExport(file, name, depth, seen);
    if (depth === 0) exportMemo.set(seenKey, found);
    return found;
  };
  const findExport = (
    file: ts.SourceFile,
    name: string,
    depth: number,
    seen: Set<string>,
  ): ts.FunctionLikeDeclaration | undefined => {
    const seenKey = `${file.fileName}#${name}`;
    if (depth > maxReexportDepth || seen.has(seenKey)) return undefined;
    seen.add(seenKey);
    for (const statement of file.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.body && isExported(statement)) {
        const own = statement.name?.text ?? "default";
        const isDefault = (ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Default) !== 0;
        if (own === name || (isDefault && name === "default")) return statement;
      }
      if (
        ts.isVariableStatement(statement) &&
        statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
      ) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer)
            return functionValue(declaration.initializer);
        }
      }
      if (ts.isExportDeclaration(statement)) {
        const from =
          statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
            ? resolveModule(file, statement.moduleSpecifier)
            : undefined;
        if (!statement.exportClause && from) {
          const found = exportedFunction(from, name, depth + 1, seen);
          if (found) return found;
        } else if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
          const element = statement.exportClause.elements.find((candidate) => candidate.name.text === name);
          if (!element) continue;
          const local = (element.propertyName ?? element.name).text;
          if (from) return exportedFunction(from, local, depth + 1, seen);
          return topLevelFunction(file, local);
        }
      }
      if (ts.isExportAssignment(statement) && name === "default" && ts.isIdentifier(statement.expression))
        return topLevelFunction(file, statement.expression.text);
    }
    return undefined;
  };

  const syntax: AnalysisContext = { settings: context.settings };
  const calleeOf = (call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined => {
    const local = localFunction(call, syntax);
    if (local) return local;
    const callee = unwrap(call.expression);
    const head = ts.isIdentifier(callee)
      ? callee
      : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
        ? callee.expression
        : undefined;
    if (!head) return undefined;
    const binding = resolveBinding(head, undefined);
    if (binding?.kind !== "import") return undefined;
    const declaration = binding.declaration.parent;
    const importDeclaration = ts.findAncestor(binding.declaration, ts.isImportDeclaration);
    if (!importDeclaration || !ts.isStringLiteral(importDeclaration.moduleSpecifier) || !declaration) return undefined;
    const target = resolveModule(call.getSourceFile(), importDeclaration.moduleSpecifier);
    if (!target) return undefined;
    // `import * as llm from "./llm.js"; llm.summarise()`: the namespace's member.
    const name =
      binding.imported === "*"
        ? head === callee
          ? undefined
          : (callee as ts.PropertyAccessExpression).name.text
        : binding.imported;
    if (name === undefined || (binding.imported !== "*" && head !== callee)) return undefined;
    return exportedFunction(target, name, 0, new Set());
  };

  const sites = new Map<string, ts.CallExpression[]>();
  const candidates: ts.FunctionLikeDeclaration[] = [];
  for (const file of sourceFiles) {
    for (const call of getFileFacts(file).calls) {
      const name = calleeName(call);
      if (name === undefined) continue;
      if (llmCallNames.has(name)) {
        const holder = enclosingFunction(call);
        if (!ts.isSourceFile(holder)) candidates.push(holder);
      }
      const target = calleeOf(call);
      if (target) into.callTargets.set(call, target);
      const key = target && functionKey(target);
      if (!key) continue;
      const list = sites.get(key);
      if (list) list.push(call);
      else sites.set(key, [call]);
    }
  }

  for (const [key, list] of sites) {
    const known = into.callers.get(key);
    if (known) known.push(...list);
    else into.callers.set(key, [...list]);
  }

  // Modules that never run on the server per request.
  const moduleMemo = new Map<ts.SourceFile, boolean>();
  const nonServer = (file: ts.SourceFile): boolean => {
    const known = moduleMemo.get(file);
    if (known !== undefined) return known;
    // In a cycle, undecided: not exempt (the conservative side: its lines stay checked).
    moduleMemo.set(file, false);
    const users = importers.get(file);
    const result = isNonServerFile(file) || (users !== undefined && users.size > 0 && [...users].every(nonServer));
    moduleMemo.set(file, result);
    return result;
  };
  for (const file of sourceFiles) if (nonServer(file)) into.nonServerModules.add(file.fileName);

  // Functions reached only from scripts, migrations and start-up.
  const functionMemo = new Map<string, boolean>();
  const nonRequest = (key: string): boolean => {
    const known = functionMemo.get(key);
    if (known !== undefined) return known;
    const list = sites.get(key);
    if (!list || list.length === 0) return false;
    functionMemo.set(key, false);
    const result = list.every((call) => nonRequestSite(call));
    functionMemo.set(key, result);
    return result;
  };
  const nonRequestSite = (call: ts.CallExpression): boolean => {
    if (nonServer(call.getSourceFile())) return true;
    for (let fn = enclosingFunction(call); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) {
      if (isEntryFunction(fn, syntax)) return false;
      const key = functionKey(fn);
      if (key !== undefined) return nonRequest(key);
    }
    // Module start-up: top-level code of a server module runs once, for no tenant.
    return true;
  };
  for (const key of sites.keys()) if (nonRequest(key)) into.nonRequestFunctions.add(key);

  // LLM wrappers whose callers check the quota.
  const quotaMemo = new Map<string, Verdict>();
  const callersVerdict = (fn: ts.FunctionLikeDeclaration, depth: number): Verdict => {
    const key = functionKey(fn);
    if (key === undefined) return "unscoped";
    const known = quotaMemo.get(key);
    if (known !== undefined) return known;
    const list = sites.get(key);
    let verdict: Verdict;
    if (!list || list.length === 0) verdict = isExported(fn) ? "unknown" : "unscoped";
    else {
      quotaMemo.set(key, "unknown");
      verdict = combine(list.map((call) => siteVerdict(call, syntax, depth, callersVerdict)));
    }
    quotaMemo.set(key, verdict);
    return verdict;
  };
  for (const fn of new Set(candidates)) {
    for (
      let holder: ts.FunctionLikeDeclaration | ts.SourceFile = fn;
      !ts.isSourceFile(holder);
      holder = enclosingFunction(holder)
    ) {
      const key = functionKey(holder);
      if (key === undefined) continue;
      const verdict = callersVerdict(holder, 0);
      if (verdict === "scoped") into.quotaCheckedFunctions.add(key);
      else if (verdict === "unscoped" && sites.has(key)) into.quotaUncheckedFunctions.add(key);
      break;
    }
  }
}

/** The workspace's own packages (`name` of each `package.json` above the files) and their folders. */
function workspacePackages(fileNames: Iterable<string>): ReadonlyMap<string, string> {
  const byFolder = new Map<string, string | null>();
  const named = new Map<string, string>();
  const nameOf = (folder: string): string | null => {
    const known = byFolder.get(folder);
    if (known !== undefined) return known;
    let name: string | null = null;
    const manifest = path.posix.join(folder, "package.json");
    if (existsSync(manifest)) {
      try {
        const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown };
        if (typeof parsed.name === "string") name = parsed.name;
      } catch {
        // An unreadable manifest names no package.
      }
    }
    byFolder.set(folder, name);
    return name;
  };
  const seen = new Set<string>();
  for (const fileName of fileNames) {
    for (let folder = path.posix.dirname(fileName); !seen.has(folder); folder = path.posix.dirname(folder)) {
      seen.add(folder);
      if (folder.includes("/node_modules")) break;
      const name = nameOf(folder);
      if (name !== null && !named.has(name)) named.set(name, folder);
      if (path.posix.dirname(folder) === folder) break;
    }
  }
  return named;
}

function workspaceModule(
  specifier: string,
  packages: ReadonlyMap<string, string>,
  fileAt: (base: string) => ts.SourceFile | undefined,
): ts.SourceFile | undefined {
  const segments = specifier.split("/");
  const nameLength = specifier.startsWith("@") ? 2 : 1;
  const folder = packages.get(segments.slice(0, nameLength).join("/"));
  if (folder === undefined) return undefined;
  const rest = segments.slice(nameLength).join("/");
  return rest === "" ? fileAt(`${folder}/index`) : (fileAt(`${folder}/${rest}`) ?? fileAt(`${folder}/src/${rest}`));
}

function normalise(fileName: string): string {
  return fileName.replaceAll("\\", "/");
}

function moduleSpecifierOf(statement: ts.Statement): ts.StringLiteral | undefined {
  if (ts.isImportDeclaration(statement)) {
    if (statement.importClause?.isTypeOnly) return undefined;
    return ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier : undefined;
  }
  if (
    ts.isExportDeclaration(statement) &&
    !statement.isTypeOnly &&
    statement.moduleSpecifier &&
    ts.isStringLiteral(statement.moduleSpecifier)
  )
    return statement.moduleSpecifier;
  return undefined;
}

function functionValue(initializer: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  const value = unwrap(initializer);
  return ts.isArrowFunction(value) || ts.isFunctionExpression(value) ? value : undefined;
}

function topLevelFunction(file: ts.SourceFile, name: string): ts.FunctionLikeDeclaration | undefined {
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) return statement;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer)
          return functionValue(declaration.initializer);
      }
    }
  }
  return undefined;
}
