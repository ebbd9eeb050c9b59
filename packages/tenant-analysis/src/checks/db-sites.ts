/**
 * The database call sites of a file, shared by `require-tenant-filter` and
 * `require-tenant-on-write`: calls on known models and collections, with their operation,
 * and whether the target is tenant-owned or global by design.
 */
import ts from "../typescript.cjs";
import { type DbOperation, distinctiveMongoMethods, mongoOperations } from "../adapters/mongo-operations.js";
import { callMember, propertyNameText, unwrap } from "../ast.js";
import { initialValue, resolveBinding } from "../bindings.js";
import { isTenantFieldName } from "../evidence/tenant-value.js";
import { addTenantEdits } from "../suggestions.js";
import type { FileFacts } from "../file-facts.js";
import { getFileFacts, memoized } from "../file-facts.js";
import { classifyReceiver, type Target } from "../receivers/classify.js";
import type { AnalysisContext, TextEdit } from "../types.js";

export interface DbSite {
  readonly call: ts.CallExpression;
  readonly method: string;
  readonly operation: DbOperation;
  readonly target: Target;
  /** The model or collection name for messages. */
  readonly targetName: string;
}

export interface DbSites {
  readonly sites: readonly DbSite[];
  /** `new Model(doc)` constructions of tenant-owned models. */
  readonly constructions: readonly { readonly node: ts.NewExpression; readonly target: Target; readonly targetName: string }[];
  /** Calls with a distinctive query method on a receiver we could not classify. */
  readonly undecidedReceivers: number;
}

const dbKinds = new Set(["model", "collection"]);

export function dbSites(sourceFile: ts.SourceFile, facts: FileFacts, context: AnalysisContext): DbSites {
  // Project facts are gathered from one program, so they stand for its checker too.
  return memoized("db-sites", context.projectFacts ?? context.checker ?? context.settings, sourceFile, () => collect(facts, context));
}

function collect(facts: FileFacts, context: AnalysisContext): DbSites {
  const sites: DbSite[] = [];
  let undecidedReceivers = 0;
  for (const call of facts.calls) {
    const member = callMember(call);
    if (!member) continue;
    // Own names only: `Model.toString()` is no operation.
    if (!Object.hasOwn(mongoOperations, member.method)) continue;
    const operation = mongoOperations[member.method]!;
    const classification = classifyReceiver(member.receiver, context);
    if (classification.status === "unknown") {
      if (distinctiveMongoMethods.has(member.method)) undecidedReceivers += 1;
      continue;
    }
    if (classification.status !== "target" || !dbKinds.has(classification.target.kind)) continue;
    const { target } = classification;
    if (!isTenantOwned(target, context)) continue;
    // A tenant plugin on the schema (or on every schema) filters queries itself: the call alone cannot tell.
    if (isScopedByTenantPlugin(target, call.getSourceFile(), context)) {
      undecidedReceivers += 1;
      continue;
    }
    sites.push({ call, method: member.method, operation, target, targetName: displayName(target, member.receiver) });
  }
  const constructions: DbSites["constructions"][number][] = [];
  for (const node of facts.constructions) {
    const classification = classifyReceiver(node.expression, context);
    if (classification.status !== "target" || classification.target.kind !== "model") continue;
    if (!isTenantOwned(classification.target, context)) continue;
    constructions.push({ node, target: classification.target, targetName: displayName(classification.target, node.expression) });
  }
  return { sites, constructions, undecidedReceivers };
}

function displayName(target: Target, receiver: ts.Expression): string {
  const text = unwrap(receiver).getText();
  return target.names[0] ?? (text.length <= 40 ? text : "collection");
}

/**
 * Tenant-owned unless shown global: named in `globalCollections`, known global to the project
 * facts, or with a schema or document type that has no tenant field.
 */
export function isTenantOwned(target: Target, context: AnalysisContext): boolean {
  const names = [...target.names, ...originNames(target)];
  // The tenant registry itself (`Tenant`, `tenants`) holds one document per tenant: it is global by nature.
  if (names.some((name) => tenantRegistryName.test(name))) return false;
  if (names.some((name) => context.settings.globalCollections.includes(name) || context.projectFacts?.globalModels.has(name))) return false;
  const schemaFields = schemaFieldsOf(target, context);
  if (schemaFields) return context.settings.tenantFields.some((field) => schemaFields.has(field.split(".")[0]!));
  const documentFields = documentFieldsOf(target, context);
  if (documentFields) return context.settings.tenantFields.some((field) => documentFields.has(field.split(".")[0]!));
  return true;
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

const tenantRegistryName = /^tenants?$/iu;
const tenantPluginName = /tenan/iu;

/**
 * `schema.plugin(tenantPlugin)` on the model's schema, or `mongoose.plugin(multitenancy)` in the
 * file: plugins named for tenancy (or imported from such a package) scope every query themselves.
 */
function isScopedByTenantPlugin(target: Target, sourceFile: ts.SourceFile, context: AnalysisContext): boolean {
  if (target.kind !== "model") return false;
  const schemaArgument = target.origin && ts.isCallExpression(target.origin) ? target.origin.arguments[1] : undefined;
  const schemaName = schemaArgument && ts.isIdentifier(unwrap(schemaArgument)) ? (unwrap(schemaArgument) as ts.Identifier).text : undefined;
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

function schemaIsExtended(schemaName: ts.Identifier): boolean {
  return getFileFacts(schemaName.getSourceFile()).calls.some((call) => {
    const member = callMember(call);
    return member !== undefined && (member.method === "plugin" || member.method === "add") && unwrap(member.receiver).getText() === schemaName.text;
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

/**
 * Edits that make an object carry the tenant: replace a tenant property that is there but does
 * not scope (`tenantId: undefined`, `tenantId: { $ne: t }`) rather than add a duplicate key.
 */
export function tenantObjectEdits(target: ts.Expression, property: string, sourceFile: ts.SourceFile, context: AnalysisContext): TextEdit[] {
  const node = unwrap(target);
  if (ts.isObjectLiteralExpression(node)) {
    const existing = node.properties.find(
      (member) => (ts.isPropertyAssignment(member) || ts.isShorthandPropertyAssignment(member)) && isTenantFieldName(propertyNameText(member.name) ?? "", context),
    );
    if (existing && existing.getText(sourceFile) !== property) return [{ start: existing.getStart(sourceFile), end: existing.end, text: property }];
    // `{ tenantId, ...req.query }`: the tenant is there but overridable; move it last, where it wins.
    if (existing) {
      const index = node.properties.indexOf(existing);
      const next = node.properties[index + 1];
      const last = node.properties[node.properties.length - 1]!;
      if (next && last !== existing) {
        return [
          { start: existing.getStart(sourceFile), end: next.getStart(sourceFile), text: "" },
          { start: last.end, end: last.end, text: `, ${property}` },
        ];
      }
    }
  }
  return addTenantEdits(target, property, sourceFile);
}
