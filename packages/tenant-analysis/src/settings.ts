/**
 * The one settings shape shared by the ESLint plugin (`settings.tenant`) and the CLI
 * (`--config`, `tenant-audit.config.*`, `package.json#tenantAudit`), parsed and validated here.
 */
import { createRequire } from "node:module";
import type * as Re2js from "re2js";

export const receiverKinds = ["collection", "redis", "queue", "logger", "llm", "sql"] as const;
export type ReceiverKind = (typeof receiverKinds)[number];

/** An in-house wrapper to treat as a receiver: a type or class name, optionally pinned to its origin. */
export interface ReceiverSpec {
  readonly name: string;
  /** Where the type must be declared; omitted: any declaration with that name. */
  readonly from?: "package" | "file";
  readonly package?: string;
  readonly path?: string;
  /** `sql` receivers only: the SQL its `query` takes (placeholders and grammar); PostgreSQL when omitted. */
  readonly dialect?: "postgresql" | "mysql" | "clickhouse";
}

const sqlDialects = ["postgresql", "mysql", "clickhouse"] as const;

/**
 * A `globalKeys` pattern, matched by RE2 (re2js): linear in the key's length whatever the pattern,
 * so a catastrophic pattern from a config (`^(a+)+$`) cannot hang a lint or an audit. RE2 has no
 * lookaround or backreferences; such a pattern is a configuration error naming the key.
 */
export interface KeyPattern {
  readonly source: string;
  /** Whether the pattern occurs anywhere in `text` (as `RegExp#test` without the `g` flag). */
  test(text: string): boolean;
}

export interface TenantSettings {
  readonly tenantFields: readonly string[];
  readonly scopeHelpers: readonly string[];
  readonly globalCollections: readonly string[];
  readonly globalKeys: readonly KeyPattern[];
  readonly receivers: Readonly<Record<ReceiverKind, readonly ReceiverSpec[]>>;
}

export const defaultSettings: TenantSettings = {
  tenantFields: ["tenantId"],
  scopeHelpers: ["tenantQuery", "tenantKey", "tenantScope"],
  globalCollections: [],
  globalKeys: [],
  receivers: { collection: [], redis: [], queue: [], logger: [], llm: [], sql: [] },
};

/** A configuration error; `key` is the dotted path of the offending setting. */
export class SettingsError extends Error {
  readonly key: string;
  constructor(key: string, problem: string) {
    super(`Invalid tenant setting "${key}": ${problem}`);
    this.name = "SettingsError";
    this.key = key;
  }
}

const settingKeys = ["tenantFields", "scopeHelpers", "globalCollections", "globalKeys", "receivers"] as const;

const parsedCache = new WeakMap<object, TenantSettings>();

/**
 * Validates raw settings and fills in defaults. Throws a `SettingsError` naming the key
 * for an unknown key, a wrong type or a regular expression that does not compile.
 * The result for one raw object is cached, so eight rules on one file parse it once.
 */
export function parseSettings(raw: unknown): TenantSettings {
  if (raw === undefined || raw === null) return defaultSettings;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new SettingsError("tenant", `expected an object, got ${describe(raw)}`);
  }
  const cached = parsedCache.get(raw);
  if (cached) return cached;

  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(settingKeys as readonly string[]).includes(key)) {
      throw new SettingsError(key, `unknown key (known keys: ${settingKeys.join(", ")})`);
    }
  }
  const tenantFields = stringList(record, "tenantFields") ?? defaultSettings.tenantFields;
  if (tenantFields.length === 0) {
    throw new SettingsError("tenantFields", "must name at least one field");
  }
  const settings: TenantSettings = {
    tenantFields,
    scopeHelpers: stringList(record, "scopeHelpers") ?? defaultSettings.scopeHelpers,
    globalCollections: stringList(record, "globalCollections") ?? defaultSettings.globalCollections,
    globalKeys: (stringList(record, "globalKeys") ?? []).map((source, index) => compile(source, index)),
    receivers: parseReceivers(record.receivers),
  };
  parsedCache.set(raw, settings);
  return settings;
}

function stringList(record: Record<string, unknown>, key: string): string[] | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new SettingsError(key, `expected an array of strings, got ${describe(value)}`);
  return value.map((item, index) => {
    if (typeof item !== "string" || item.length === 0) {
      throw new SettingsError(`${key}[${index}]`, `expected a non-empty string, got ${describe(item)}`);
    }
    return item;
  });
}

// The linear-time engine costs ~25 ms at import; it is loaded with the first `globalKeys` pattern.
let re2js: typeof Re2js | undefined;

function compile(source: string, index: number): KeyPattern {
  let pattern: Re2js.RE2JS;
  try {
    re2js ??= createRequire(import.meta.url)("re2js") as typeof Re2js;
    pattern = re2js.RE2JS.compile(source);
  } catch (error) {
    const message = (error as Error).message.replace(/^error parsing regexp: /u, "");
    throw new SettingsError(
      `globalKeys[${index}]`,
      `not a valid regular expression for the linear-time engine (${message})`,
    );
  }
  return { source, test: (text) => pattern.matcher(text).find() };
}

function parseReceivers(value: unknown): TenantSettings["receivers"] {
  if (value === undefined) return defaultSettings.receivers;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SettingsError("receivers", `expected an object keyed by kind, got ${describe(value)}`);
  }
  const result: Record<ReceiverKind, ReceiverSpec[]> = {
    collection: [],
    redis: [],
    queue: [],
    logger: [],
    llm: [],
    sql: [],
  };
  for (const [kind, entries] of Object.entries(value)) {
    if (!(receiverKinds as readonly string[]).includes(kind)) {
      throw new SettingsError(`receivers.${kind}`, `unknown receiver kind (known kinds: ${receiverKinds.join(", ")})`);
    }
    if (!Array.isArray(entries)) {
      throw new SettingsError(`receivers.${kind}`, `expected an array, got ${describe(entries)}`);
    }
    result[kind as ReceiverKind] = entries.map((entry, index) =>
      parseReceiverSpec(entry, `receivers.${kind}[${index}]`, kind as ReceiverKind),
    );
  }
  return result;
}

function parseReceiverSpec(entry: unknown, key: string, kind: ReceiverKind): ReceiverSpec {
  if (typeof entry === "string" && entry.length > 0) return { name: entry };
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new SettingsError(key, `expected a type name or { name, from, package | path }, got ${describe(entry)}`);
  }
  const spec = entry as Record<string, unknown>;
  // `dialect` says which SQL a `sql` receiver takes; it means nothing for the other kinds.
  const known = kind === "sql" ? ["name", "from", "package", "path", "dialect"] : ["name", "from", "package", "path"];
  for (const field of Object.keys(spec)) {
    if (!known.includes(field)) {
      throw new SettingsError(`${key}.${field}`, `unknown key (known keys: ${known.join(", ")})`);
    }
  }
  if (typeof spec.name !== "string" || spec.name.length === 0) {
    throw new SettingsError(`${key}.name`, `expected a non-empty string, got ${describe(spec.name)}`);
  }
  if (spec.dialect !== undefined && !(sqlDialects as readonly unknown[]).includes(spec.dialect)) {
    throw new SettingsError(
      `${key}.dialect`,
      `expected one of ${sqlDialects.join(", ")}, got ${describe(spec.dialect)}`,
    );
  }
  const dialect = spec.dialect === undefined ? {} : { dialect: spec.dialect as (typeof sqlDialects)[number] };
  if (spec.from === undefined) return { name: spec.name, ...dialect };
  if (spec.from === "package") {
    if (typeof spec.package !== "string" || spec.package.length === 0) {
      throw new SettingsError(`${key}.package`, 'required with from: "package"');
    }
    return { name: spec.name, from: "package", package: spec.package, ...dialect };
  }
  if (spec.from === "file") {
    if (typeof spec.path !== "string" || spec.path.length === 0) {
      throw new SettingsError(`${key}.path`, 'required with from: "file"');
    }
    return { name: spec.name, from: "file", path: spec.path, ...dialect };
  }
  throw new SettingsError(`${key}.from`, `expected "package" or "file", got ${describe(spec.from)}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
