/**
 * Finds and loads the settings, in the contract's fixed order:
 * `--config FILE`, else `tenant-audit.config.{json,js,mjs,ts}` at the root, else `package.json#tenantAudit`.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseSettings, SettingsError, type TenantSettings } from "@tenant-audit/analysis";
import { ts } from "ts-morph";
import { AuditError, oneLine } from "./errors.js";

/** Looked for at the root, in this order; the first that exists wins. */
export const configFileNames = ["tenant-audit.config.json", "tenant-audit.config.js", "tenant-audit.config.mjs", "tenant-audit.config.ts"] as const;

export interface LoadedConfig {
  readonly settings: TenantSettings;
  /** Where the settings came from, relative to the root; null for the defaults. */
  readonly source: string | null;
}

export async function loadConfig(root: string, explicit?: string): Promise<LoadedConfig> {
  if (explicit !== undefined) {
    const file = resolve(root, explicit);
    if (!existsSync(file)) throw new AuditError(`config file not found: ${explicit}`);
    return validated(await readConfigFile(file), display(root, file));
  }
  for (const name of configFileNames) {
    const file = join(root, name);
    if (existsSync(file)) return validated(await readConfigFile(file), name);
  }
  const manifest = join(root, "package.json");
  if (existsSync(manifest)) {
    const raw = parseJson(manifest, "package.json") as Record<string, unknown> | null;
    if (raw && typeof raw === "object" && "tenantAudit" in raw) {
      return validated(raw.tenantAudit, "package.json#tenantAudit");
    }
  }
  return { settings: parseSettings(undefined), source: null };
}

function validated(raw: unknown, source: string): LoadedConfig {
  try {
    return { settings: parseSettings(raw), source };
  } catch (error) {
    if (error instanceof SettingsError) throw new AuditError(`invalid configuration in ${source}: ${error.message}`);
    throw error;
  }
}

async function readConfigFile(file: string): Promise<unknown> {
  const extension = extname(file);
  if (extension === ".json") return parseJson(file, basename(file));
  if ([".js", ".mjs", ".cjs"].includes(extension)) return defaultExport(file, file);
  if ([".ts", ".mts", ".cts"].includes(extension)) return importTypeScript(file);
  throw new AuditError(`unsupported config file type "${extension}" (use .json, .js, .mjs, .cjs or .ts): ${basename(file)}`);
}

function parseJson(file: string, name: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new AuditError(`cannot read ${name}: ${oneLine(error)}`);
  }
}

async function defaultExport(file: string, shownAs: string): Promise<unknown> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new AuditError(`cannot load config ${basename(shownAs)}: ${oneLine(error)}`);
  }
  if (!("default" in module)) throw new AuditError(`config ${basename(shownAs)} has no default export`);
  return module.default;
}

/**
 * Node 20 cannot import TypeScript, so the config is transpiled with the TypeScript the CLI
 * already bundles and imported from a sibling temporary file (so its relative imports resolve),
 * which is removed straight after.
 */
async function importTypeScript(file: string): Promise<unknown> {
  const output = ts.transpileModule(readFileSync(file, "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  });
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.mjs`);
  writeFileSync(temporary, output.outputText);
  try {
    return await defaultExport(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function display(root: string, file: string): string {
  const shown = relative(root, file).split("\\").join("/");
  return shown.startsWith("..") ? file : shown;
}
