/**
 * Receiver classification from the declared type: a model, client or queue imported from
 * another module is known by where its type is declared (`node_modules/mongoose/…` `Model`).
 */
import ts from "../typescript.cjs";
import { adapters } from "../adapters/index.js";
import { nonTargetModules } from "../adapters/non-targets.js";
import type { LibraryAdapter } from "../adapters/types.js";
import type { TenantSettings } from "../settings.js";
import { customReceiverKind } from "./custom.js";
import { type Classification, nonTarget, type Target, targetOf, unknownReceiver } from "./target.js";

export function classifyByType(
  expression: ts.Expression,
  checker: ts.TypeChecker,
  settings: TenantSettings,
): Classification {
  let type: ts.Type;
  try {
    type = checker.getTypeAtLocation(expression);
  } catch {
    return unknownReceiver;
  }
  return classifyType(type, checker, settings, 0);
}

function classifyType(type: ts.Type, checker: ts.TypeChecker, settings: TenantSettings, depth: number): Classification {
  if (depth > 4) return unknownReceiver;
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.TypeParameter))
    return unknownReceiver;
  if (
    type.flags &
    (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike)
  )
    return nonTarget;
  if (type.isUnion()) {
    const meaningful = type.types.filter(
      (member) => !(member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)),
    );
    return combine(
      meaningful.map((member) => classifyType(member, checker, settings, depth + 1)),
      "all",
    );
  }
  if (type.isIntersection()) {
    // node-redis' `RedisClientType` is an alias of an intersection whose members alone are not receivers.
    const aliased = type.aliasSymbol && classifySymbol(type.aliasSymbol, type, checker, settings);
    if (aliased?.status === "target") return aliased;
    return combine(
      type.types.map((member) => classifyType(member, checker, settings, depth + 1)),
      "any",
    );
  }
  if (checker.isArrayType(type) || checker.isTupleType(type)) return nonTarget;
  for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
    if (!symbol) continue;
    const verdict = classifySymbol(symbol, type, checker, settings);
    if (verdict.status !== "unknown") return verdict;
  }
  // A user class or interface extending a known one: `class CampaignRepo extends BaseRepository`.
  if (type.isClassOrInterface() || (type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.Class) {
    const target = type.isClassOrInterface() ? type : undefined;
    for (const base of target ? checker.getBaseTypes(target) : []) {
      const verdict = classifyType(base, checker, settings, depth + 1);
      if (verdict.status === "target") return verdict;
    }
  }
  return unknownReceiver;
}

/** Targets win over unknowns in an intersection (`Model<T> & Statics`); a union needs every member to agree. */
function combine(verdicts: readonly Classification[], mode: "all" | "any"): Classification {
  if (mode === "any") {
    return (
      verdicts.find((verdict) => verdict.status === "target") ??
      verdicts.find((verdict) => verdict.status === "non-target") ??
      unknownReceiver
    );
  }
  const first = verdicts[0];
  if (!first) return unknownReceiver;
  const same = verdicts.every(
    (verdict) =>
      verdict.status === first.status &&
      (verdict.status !== "target" || first.status !== "target" || verdict.target.kind === first.target.kind),
  );
  return same ? first : unknownReceiver;
}

function classifySymbol(
  symbol: ts.Symbol,
  type: ts.Type,
  checker: ts.TypeChecker,
  settings: TenantSettings,
): Classification {
  const declaration = symbol.declarations?.[0];
  if (!declaration) return unknownReceiver;
  const fileName = declaration.getSourceFile().fileName.replaceAll("\\", "/");
  const name = symbol.getName();
  const custom = customReceiverKind(settings, name, { fileName });
  if (custom) return targetOf({ ...custom, chain: false, names: [] });
  const declaring = adaptersDeclaring(fileName);
  if (declaring.length > 0) {
    const adapter = declaring.find((candidate) => isReceiverType(candidate, name));
    if (adapter) {
      const chain = adapter.kind === "redis" && /pipeline|chainable|multi/iu.test(name);
      const target: Target = {
        kind: adapter.kind,
        library: adapter.library,
        adapter,
        chain,
        names: [],
        documentType: documentTypeOf(type, checker),
      };
      return targetOf(target);
    }
    // Other types of a known library (a Mongoose document, a query, a job) are not receivers.
    return nonTarget;
  }
  if (/\/typescript\/lib\/lib\.[^/]*\.d\.ts$/u.test(fileName) || fileName.includes("/node_modules/@types/node/"))
    return nonTarget;
  for (const module of nonTargetModules) {
    if (fileName.includes(`/node_modules/${module}/`) || fileName.includes(`/node_modules/@types/${module}/`))
      return nonTarget;
  }
  return unknownReceiver;
}

function isReceiverType(adapter: LibraryAdapter, name: string): boolean {
  return (
    adapter.typeNames.includes(name) ||
    (adapter.typeNamePrefix !== undefined && name.startsWith(adapter.typeNamePrefix) && name.endsWith("Type"))
  );
}

/** Adapters of the library declaring the file; several when they share a module (BullMQ's `Queue` and `FlowProducer`). */
function adaptersDeclaring(fileName: string): LibraryAdapter[] {
  return adapters.filter((adapter) =>
    adapter.modules.some(
      (module) => fileName.includes(`/node_modules/${module}/`) || fileName.includes(`/node_modules/@types/${module}/`),
    ),
  );
}

/** `Model<TRawDoc, …>` and `Collection<TSchema>`: the first type argument. */
function documentTypeOf(type: ts.Type, checker: ts.TypeChecker): ts.Type | undefined {
  const fromAlias = type.aliasTypeArguments?.[0];
  if (fromAlias) return fromAlias;
  if (
    (type.flags & ts.TypeFlags.Object) !== 0 &&
    ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
  ) {
    return checker.getTypeArguments(type as ts.TypeReference)[0];
  }
  return undefined;
}
