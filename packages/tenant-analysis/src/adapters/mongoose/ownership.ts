/**
 * Which Mongoose models and driver collections are tenant-owned: a schema literal or document
 * type with the tenant field, unless configured or known global; the tenant registry (`Tenant`,
 * or `Workspace` for `workspaceId`) holds one row per tenant. Schemas extended by a tenancy
 * plugin scope their own queries.
 */
import ts from "../../typescript.cjs";
import { callMember, propertyNameText, unwrap } from "../../ast.js";
import { initialValue, resolveBinding } from "../../bindings.js";
import type { OwnershipView } from "../../data-layer/filter-scope.js";
import { getFileFacts, memoized } from "../../file-facts.js";
import type { Target } from "../../receivers/target.js";
import type { AnalysisContext } from "../../types.js";

/** The view of a model or collection target; `global` ones are not examined. */
export function mongoOwnership(target: Target, context: AnalysisContext): OwnershipView {
  const names = [...target.names, ...originNames(target)];
  // The tenant registry holds one document per tenant: its own id is the tenant.
  if (names.some((name) => isRegistryName(name, context)))
    return { ownership: { kind: "registry", idFields: ["_id", "id"] } };
  if (
    names.some(
      (name) => context.settings.globalCollections.includes(name) || context.projectFacts?.globalModels.has(name),
    )
  ) {
    return { ownership: { kind: "global" } };
  }
  const fields = schemaFieldsOf(target, context) ?? documentFieldsOf(target, context);
  const field = context.settings.tenantFields.find((candidate) => !fields || fields.has(candidate.split(".")[0]!));
  return { ownership: field === undefined ? { kind: "global" } : { kind: "tenant-owned", field } };
}

/** Tenant-owned: not the registry, not global by configuration, schema or document type. */
export function isTenantOwned(target: Target, context: AnalysisContext): boolean {
  return mongoOwnership(target, context).ownership.kind === "tenant-owned";
}

/** `Tenant`/`tenants`, or the model a tenant field is named after (`Workspace`, `workspaces` for `workspaceId`). */
function isRegistryName(name: string, context: AnalysisContext): boolean {
  const lower = name.toLowerCase();
  if (lower === "tenant" || lower === "tenants") return true;
  return context.settings.tenantFields.some((field) => {
    const stem = /^([A-Za-z]+?)_?[Ii]d$/u.exec(field)?.[1]?.toLowerCase();
    return stem !== undefined && stem.length > 1 && (lower === stem || lower === `${stem}s`);
  });
}

/** `model("Campaign", …)` → "Campaign"; `db.collection("campaigns")` → "campaigns"; `new Queue("emails")` → "emails". */
export function originNames(target: Target): string[] {
  const first = target.origin?.arguments?.[0];
  if (!first) return [];
  const value = unwrap(first);
  return ts.isStringLiteralLike(value) ? [value.text] : [];
}

/** The field names of a Mongoose schema literal visible in the file, if the model came from one. */
function schemaFieldsOf(target: Target, context: AnalysisContext): Set<string> | undefined {
  const origin = target.origin;
  if (!origin || target.kind !== "model" || !ts.isCallExpression(origin)) return undefined;
  const schemaArgument = origin.arguments[1];
  if (!schemaArgument) return undefined;
  let schema = unwrap(schemaArgument);
  let schemaName: ts.Identifier | undefined;
  if (ts.isIdentifier(schema)) {
    schemaName = schema;
    const value = initialValue(schema, context.checker);
    if (!value) return undefined;
    schema = value;
  }
  if (!ts.isNewExpression(schema) || !/(^|\.)Schema$/u.test(schema.expression.getText())) return undefined;
  const definition = schema.arguments?.[0] && unwrap(schema.arguments[0]);
  if (!definition || !ts.isObjectLiteralExpression(definition)) return undefined;
  const fields = new Set<string>();
  for (const property of definition.properties) {
    if (ts.isSpreadAssignment(property)) return undefined;
    const name = propertyNameText(property.name);
    if (name === undefined) return undefined;
    fields.add(name);
  }
  // A plugin or `schema.add()` may add the tenant field: then the literal does not tell.
  if (schemaName && schemaIsExtended(schemaName)) return undefined;
  return fields;
}

function schemaIsExtended(schemaName: ts.Identifier): boolean {
  return getFileFacts(schemaName.getSourceFile()).calls.some((call) => {
    const member = callMember(call);
    return (
      member !== undefined &&
      (member.method === "plugin" || member.method === "add") &&
      unwrap(member.receiver).getText() === schemaName.text
    );
  });
}

/** With type information, the property names of the document type, when it is a closed object type. */
function documentFieldsOf(target: Target, context: AnalysisContext): Set<string> | undefined {
  const { documentType } = target;
  const checker = context.checker;
  if (!documentType || !checker) return undefined;
  if (documentType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) return undefined;
  if (checker.getIndexInfosOfType(documentType).length > 0) return undefined;
  const properties = checker.getPropertiesOfType(documentType);
  if (properties.length === 0) return undefined;
  return new Set(properties.map((property) => property.getName()));
}

const tenantPluginName = /tenan/iu;

/**
 * `schema.plugin(tenantPlugin)` on the model's schema, or `mongoose.plugin(multitenancy)` in the
 * file: plugins named for tenancy (or imported from such a package) scope every query themselves.
 */
export function isScopedByTenantPlugin(target: Target, sourceFile: ts.SourceFile, context: AnalysisContext): boolean {
  if (target.kind !== "model") return false;
  const schemaArgument = target.origin && ts.isCallExpression(target.origin) ? target.origin.arguments[1] : undefined;
  const schemaName =
    schemaArgument && ts.isIdentifier(unwrap(schemaArgument))
      ? (unwrap(schemaArgument) as ts.Identifier).text
      : undefined;
  return tenantPluginCalls(sourceFile, context).some((receiver) => receiver === "mongoose" || receiver === schemaName);
}

/** The receivers of `.plugin(<tenant plugin>)` calls in a file (`"mongoose"` for a global plugin). */
function tenantPluginCalls(sourceFile: ts.SourceFile, context: AnalysisContext): string[] {
  return memoized("tenant-plugins", context.settings, sourceFile, () => {
    const receivers: string[] = [];
    for (const call of getFileFacts(sourceFile).calls) {
      const member = callMember(call);
      const plugin = call.arguments[0];
      if (!member || member.method !== "plugin" || !plugin) continue;
      const pluginExpression = unwrap(plugin);
      let origin = pluginExpression.getText(sourceFile);
      if (ts.isIdentifier(pluginExpression)) {
        const binding = resolveBinding(pluginExpression, context.checker);
        if (binding?.kind === "import") origin += ` ${binding.module}`;
      }
      if (!tenantPluginName.test(origin)) continue;
      const receiver = unwrap(member.receiver).getText(sourceFile);
      receivers.push(receiver === "mongoose" || /^(connection|conn|db)$/u.test(receiver) ? "mongoose" : receiver);
    }
    return receivers;
  });
}
