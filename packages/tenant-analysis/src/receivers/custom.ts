/** Matching the `receivers` setting: in-house wrappers that count as collections, clients, queues. */
import type { TargetKind } from "../adapters/types.js";
import { receiverKinds, type ReceiverKind, type ReceiverSpec, type TenantSettings } from "../settings.js";

/** What a configured receiver is: its target kind, and the library name the data layers and checks match. */
export interface CustomReceiver {
  readonly kind: TargetKind;
  readonly library: string;
}

const kindOfSetting: Readonly<Record<Exclude<ReceiverKind, "sql">, TargetKind>> = {
  collection: "collection",
  redis: "redis",
  queue: "queue",
  logger: "logger",
  llm: "llm",
};

/** The library of an in-house SQL client of each dialect: one SQL data layer reads each (adapters/custom-sql/). */
export function customSqlLibrary(dialect: NonNullable<ReceiverSpec["dialect"]>): string {
  return `custom-sql:${dialect}`;
}

/**
 * The kind of a configured receiver with this type name, when its origin matches:
 * `module` is the import specifier (untyped) and `fileName` the declaring file (typed).
 */
export function customReceiverKind(
  settings: TenantSettings,
  name: string,
  where: { module?: string; fileName?: string },
): CustomReceiver | undefined {
  for (const kind of receiverKinds) {
    for (const spec of settings.receivers[kind]) {
      if (spec.name !== name || !originMatches(spec, where)) continue;
      // A SQL client is a database of its own library, which only the SQL layer of its dialect reads.
      if (kind === "sql") return { kind: "database", library: customSqlLibrary(spec.dialect ?? "postgresql") };
      return { kind: kindOfSetting[kind], library: "custom" };
    }
  }
  return undefined;
}

function originMatches(spec: ReceiverSpec, where: { module?: string; fileName?: string }): boolean {
  if (spec.from === undefined) return true;
  if (spec.from === "package") {
    if (where.fileName) return normalise(where.fileName).includes(`/node_modules/${spec.package}/`);
    // Untyped: the import specifier names the package (or a subpath of it); a local declaration never matches.
    return where.module !== undefined && (where.module === spec.package || where.module.startsWith(`${spec.package}/`));
  }
  const wanted = stripExtension(normalise(spec.path ?? ""));
  if (where.fileName) return stripExtension(normalise(where.fileName)).endsWith(wanted.replace(/^\.\//u, ""));
  if (where.module === undefined) return true; // declared in this very file: the path cannot be checked untyped
  // Untyped: compare the import specifier's last segments with the configured path.
  const imported = stripExtension(normalise(where.module)).replace(/^(\.\.?\/)+/u, "");
  return imported.length > 0 && wanted.endsWith(imported);
}

function normalise(path: string): string {
  return path.replaceAll("\\", "/");
}

function stripExtension(path: string): string {
  return path.replace(/\.(d\.)?[cm]?[jt]sx?$/u, "");
}
