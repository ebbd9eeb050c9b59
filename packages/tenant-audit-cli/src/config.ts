/**
 * Finds and loads the settings, in the contract's fixed order: `--config FILE`, else
 * `tenant-audit.config.{json,js,mjs,ts}`, else `package.json#tenantAudit`, looked up first in the
 * audited root (the tsconfig's folder, or the one path given) and then in the working directory.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, extname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseSettings, SettingsError, type TenantSettings } from "@tenant-audit/analysis";
import { ts } from "ts-morph";
import { AuditError, oneLine } from "./errors.js";

/** Looked for in each folder, in this order; the first that exists wins. */
export const configFileNames = [
  "tenant-audit.config.json",
  "tenant-audit.config.js",
  "tenant-audit.config.mjs",
  "tenant-audit.config.ts",
] as const;

/**
 * How long a JS/TS config's top-level code (a top-level `await`) may take before the run gives up:
 * 10 s, or `TENANT_AUDIT_CONFIG_TIMEOUT` seconds.
 */
function configTimeoutMs(): number {
  const seconds = Number(process.env.TENANT_AUDIT_CONFIG_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 10_000;
}

export interface LoadedConfig {
  readonly settings: TenantSettings;
  /** Where the settings came from, relative to the working directory (absolute outside it); null for the defaults. */
  readonly source: string | null;
}

/**
 * `cwd` resolves `--config` and is the last folder searched; `roots` are the folders to search,
 * most specific first (the CLI passes the audited root, then the working directory).
 */
export async function loadConfig(
  cwd: string,
  explicit?: string,
  roots: readonly string[] = [cwd],
): Promise<LoadedConfig> {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new AuditError(`config file not found: ${explicit}`);
    return validated(await readConfigFile(file, display(cwd, file)), display(cwd, file));
  }
  for (const root of roots) {
    const found = await configIn(root, cwd);
    if (found) return found;
  }
  return { settings: parseSettings(undefined), source: null };
}

async function configIn(root: string, cwd: string): Promise<LoadedConfig | undefined> {
  for (const name of configFileNames) {
    const file = join(root, name);
    if (existsSync(file)) return validated(await readConfigFile(file, display(cwd, file)), display(cwd, file));
  }
  const manifest = join(root, "package.json");
  if (existsSync(manifest)) {
    const shown = display(cwd, manifest);
    const raw = parseJson(manifest, shown) as Record<string, unknown> | null;
    if (raw && typeof raw === "object" && "tenantAudit" in raw) {
      return validated(raw.tenantAudit, `${shown}#tenantAudit`);
    }
  }
  return undefined;
}

function validated(raw: unknown, source: string): LoadedConfig {
  // `parseSettings(undefined)` means "the defaults"; a config that says `null` (or is empty) is a mistake.
  if (raw === null || raw === undefined)
    throw new AuditError(`invalid configuration in ${source}: expected an object of settings, got ${String(raw)}`);
  try {
    return { settings: parseSettings(raw), source };
  } catch (error) {
    if (error instanceof SettingsError) throw new AuditError(`invalid configuration in ${source}: ${error.message}`);
    throw error;
  }
}

async function readConfigFile(file: string, shown: string): Promise<unknown> {
  const extension = extname(file);
  if (extension === ".json") return parseJson(file, shown);
  if ([".js", ".mjs", ".cjs"].includes(extension)) return withTimeout(defaultExport(file, shown), shown);
  if ([".ts", ".mts", ".cts"].includes(extension)) return withTimeout(importTypeScript(file, shown), shown);
  throw new AuditError(
    `unsupported config file type "${extension}" (use .json, .js, .mjs, .cjs or .ts): ${basename(file)}`,
  );
}

function parseJson(file: string, name: string): unknown {
  try {
    // A byte order mark is legal at the start of a file (editors on Windows add one); JSON.parse rejects it.
    return JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/u, ""));
  } catch (error) {
    throw new AuditError(`cannot read ${name}: ${oneLine(error)}`);
  }
}

async function defaultExport(file: string, shownAs: string): Promise<unknown> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new AuditError(`cannot load config ${shownAs}: ${oneLine(error)}`);
  }
  if (!("default" in module)) throw new AuditError(`config ${shownAs} has no default export`);
  return module.default;
}

/**
 * Node 20 cannot import TypeScript. The config is first checked for syntax errors with the
 * TypeScript the CLI already bundles (precise line and column), then transpiled and evaluated in
 * memory by jiti, which resolves its relative imports and writes nothing next to it (a read-only
 * checkout works, an interrupt leaves no file behind).
 */
async function importTypeScript(file: string, shownAs: string): Promise<unknown> {
  const text = readFileSync(file, "utf8");
  const output = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext },
  });
  const first = output.diagnostics?.[0];
  if (first) {
    const where =
      first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
    const at = where ? ` (line ${where.line + 1}, column ${where.character + 1})` : "";
    throw new AuditError(
      `syntax error in config ${shownAs}${at}: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}`,
    );
  }
  const { createJiti } = await import("jiti");
  // No caches: a config is read once per run, and a cache folder would be one more thing written.
  const jiti = createJiti(pathToFileURL(file).href, { moduleCache: false, fsCache: false });
  let module: Record<string, unknown>;
  try {
    module = (await jiti.import(file)) as Record<string, unknown>;
  } catch (error) {
    throw new AuditError(`cannot load config ${shownAs}: ${oneLine(error)}`);
  }
  if (module === null || typeof module !== "object" || !("default" in module))
    throw new AuditError(`config ${shownAs} has no default export`);
  return module.default;
}

/** A config whose top-level `await` never settles would hang the run (or end it with exit 13 and no word). */
async function withTimeout<T>(loading: Promise<T>, shownAs: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = configTimeoutMs();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AuditError(
            `config ${shownAs} did not finish loading within ${limit / 1000} s (a top-level await that never settles?)`,
          ),
        ),
      limit,
    );
  });
  try {
    return await Promise.race([loading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function display(cwd: string, file: string): string {
  const shown = relative(cwd, file).split("\\").join("/");
  return shown.startsWith("..") ? file : shown;
}
