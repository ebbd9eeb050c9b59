/**
 * Prisma as a data layer: `client.<model>.<operation>(args)`, with `<model>` a model of the
 * schema, becomes a neutral query site. The client is known from its construction, `$extends`,
 * `$transaction` or type; without type information, a schema model's member called with a
 * Prisma operation (and Prisma-shaped arguments) on anything not known to be something else
 * is taken as one too. Without a schema, the models' ownership is unknown: undecided.
 */
import { ownershipView } from "../../data-layer/ownership-view.js";
import ts from "../../typescript.cjs";
import { accessedName, callMember, isAccess, isNullish, propertyNameText, unwrap } from "../../ast.js";
import type { OwnershipView } from "../../data-layer/filter-scope.js";
import type { Predicate } from "../../data-layer/predicate.js";
import type {
  DataLayerAdapter,
  DataLayerSites,
  QuerySite,
  SiteSuggestions,
  WrittenDocument,
} from "../../data-layer/query-site.js";
import type { DataModel, DataSchema } from "../../data-layer/schema.js";
import { tenantObjectEdits } from "../../data-layer/suggestion-edits.js";
import { arrayElements, madeByCall } from "../../evidence/local-flow.js";
import { clientInputIn, objectCarriesTenant, readObject } from "../../evidence/object-evidence.js";
import { isTenantFieldName } from "../../evidence/tenant-value.js";
import type { FileFacts } from "../../file-facts.js";
import { classifyReceiver, type Target } from "../../receivers/classify.js";
import { insertArgumentEdit } from "../../suggestions.js";
import type { AnalysisContext, TextEdit } from "../../types.js";
import { dataDialect, tenantRelationOf, whereDialect } from "./dialects.js";
import { enforcement } from "./enforcing.js";
import { argumentKeys, type PrismaOperation, prismaOperations } from "./operations.js";

export const prismaQueries: DataLayerAdapter = {
  layer: "prisma",
  querySites(_sourceFile, facts, context) {
    return collect(facts, context);
  },
};

type Client =
  | { readonly status: "known"; readonly target: Target }
  | { readonly status: "inferred" }
  | { readonly status: "unseen" };

function collect(facts: FileFacts, context: AnalysisContext): DataLayerSites {
  const sites: QuerySite[] = [];
  const undecided: DataLayerSites["undecided"][number][] = [];
  const global: ts.Node[] = [];
  const schema = context.dataSchema;
  for (const call of facts.calls) {
    const member = callMember(call);
    if (!member || !Object.hasOwn(prismaOperations, member.method)) continue;
    const delegate = unwrap(member.receiver);
    if (!isAccess(delegate)) continue;
    const accessor = accessedName(delegate);
    if (accessor === undefined || accessor.startsWith("$")) continue;
    const operation = prismaOperations[member.method]!;
    const found = schema?.models.get(accessor);
    // Another library's table of the same name (`db.query.notes.findMany` is Drizzle's) is no Prisma model.
    const model = found?.library === undefined || found.library === "prisma" ? prismaModel(found) : undefined;
    const client = clientOf(delegate.expression, call, operation, model, context);
    if (!client) continue;
    if (client.status === "unseen") {
      undecided.push({
        node: call,
        reason: "a client made by a call the analysis cannot see into (it may enforce the tenant)",
      });
      continue;
    }
    if (!schema || !model) {
      undecided.push({
        node: call,
        reason: schema ? `${accessor} is not a model of the schema` : `no Prisma schema was found for ${accessor}`,
      });
      continue;
    }
    const view = ownershipView(model, schema, context);
    if (view.ownership.kind === "global") {
      global.push(call);
      continue;
    }
    const enforced = client.status === "known" ? enforcement(client.target, accessor, context) : undefined;
    sites.push({
      ...site(call, member.method, operation, model, schema, view, context),
      ...(enforced ? { enforced } : {}),
    });
  }
  return { sites, undecided, global };
}

/**
 * Only models of a Prisma schema are `client.<model>`: a table from SQL migrations (or another
 * library's schema) named `projects` must not make Drizzle's `db.query.projects.findMany()` a Prisma call.
 */
function prismaModel(model: DataModel | undefined): DataModel | undefined {
  return model && (model.location === undefined || model.location.file.endsWith(".prisma")) ? model : undefined;
}

/** The client a delegate is read from, when it is (or may be taken for) a Prisma client. */
function clientOf(
  expression: ts.Expression,
  call: ts.CallExpression,
  operation: PrismaOperation,
  model: DataModel | undefined,
  context: AnalysisContext,
): Client | undefined {
  const classification = classifyReceiver(expression, context);
  if (classification.status === "target") {
    const { target } = classification;
    return target.kind === "database" && (target.library === "prisma" || target.library === "custom")
      ? { status: "known", target }
      : undefined;
  }
  if (classification.status === "non-target") return undefined;
  // No schema was found at all: a client named for Prisma calling one of its own operations is
  // still a query, undecided for want of the schema rather than unseen.
  if (!model)
    return !context.dataSchema && operation.distinctive && namedForPrisma(expression)
      ? { status: "inferred" }
      : undefined;
  if (!operation.distinctive && !prismaShapedArguments(call)) return undefined;
  // Untyped: `this.prisma.campaign.findMany(…)`, `ctx.db.lead.update({ where, data })`, an imported
  // `prisma`. A client some function made (`forTenant(t)`) may enforce the tenant itself: undecided.
  return madeByCall(expression, context) ? { status: "unseen" } : { status: "inferred" };
}

/** `prisma.x`, `this.prisma.x`, `ctx.prisma.x`: a member path that names Prisma. */
function namedForPrisma(expression: ts.Expression): boolean {
  return /(^|\.)prisma(Client|Service)?$/iu.test(unwrap(expression).getText());
}

function prismaShapedArguments(call: ts.CallExpression): boolean {
  const [argument, ...rest] = call.arguments;
  if (rest.length > 0) return false;
  if (!argument) return true;
  const node = unwrap(argument);
  if (ts.isIdentifier(node)) return true;
  if (!ts.isObjectLiteralExpression(node)) return false;
  const names = node.properties.map((property) => (property.name ? propertyNameText(property.name) : undefined));
  return names.length > 0 && names.every((name) => name !== undefined && argumentKeys.has(name));
}

/** The properties of the operation's argument object, when it is a literal. */
function argumentProperty(call: ts.CallExpression, name: string): ts.Expression | undefined {
  const argument = call.arguments[0] && unwrap(call.arguments[0]);
  if (!argument || !ts.isObjectLiteralExpression(argument)) return undefined;
  for (const property of argument.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}

function site(
  call: ts.CallExpression,
  method: string,
  operation: PrismaOperation,
  model: DataModel,
  schema: DataSchema,
  view: OwnershipView,
  context: AnalysisContext,
): Omit<QuerySite, "enforced"> {
  const argument = call.arguments[0];
  const argumentObject = argument && ts.isObjectLiteralExpression(unwrap(argument));
  const where = argumentProperty(call, "where");
  // `findMany(args)`: the arguments as a whole are a value the analysis cannot see into.
  const filter: Predicate =
    argument && !argumentObject
      ? readObject(
          argument,
          context,
          {
            property: (name, value, reader) =>
              name === "where" ? reader.read(value, whereDialect(model, schema)) : undefined,
          },
          call,
        )
      : readObject(where, context, whereDialect(model, schema), call);
  const base = {
    node: call,
    method,
    target: model.name,
    view,
    operation: operation.operation,
    wording: { or: "OR", insertPart: "create" },
  };
  const suggestions: SiteSuggestions = {
    filter: (property) => whereEdits(call, where, property, context),
    ...(method === "findUnique" || method === "findUniqueOrThrow"
      ? {
          keyLookup: (property: string) =>
            findFirstEdits(call, where, method === "findUnique" ? "findFirst" : "findFirstOrThrow", property, context),
        }
      : {}),
  };
  const inserted = operation.inserts ? argumentProperty(call, operation.inserts) : undefined;
  const changed = operation.updates ? argumentProperty(call, operation.updates) : undefined;
  const reassignment = changed ? reassignmentOf(changed, where, model, view, context) : undefined;
  const updateFromClient = changed && !reassignment ? clientInputIn(changed, context) : undefined;
  return {
    ...base,
    ...(operation.operation === "insert" ? {} : { filter }),
    ...(operation.unique ? { byKey: { writes: operation.operation !== "read" } } : {}),
    ...(operation.inserts
      ? { documents: insertedRows(inserted, argument !== undefined && !argumentObject, call, model, context) }
      : {}),
    ...(reassignment ? { reassignment } : {}),
    ...(updateFromClient ? { updateFromClient } : {}),
    suggestions: {
      ...suggestions,
      document: (property) =>
        inserted && ts.isObjectLiteralExpression(unwrap(inserted))
          ? tenantObjectEdits(inserted, property, call.getSourceFile(), context)
          : undefined,
    },
  };
}

/** `data: { … }`, `data: [ … ]`, `data: rows.map(r => ({ … }))`: one verdict per row. */
function insertedRows(
  data: ts.Expression | undefined,
  opaqueArguments: boolean,
  site: ts.Node,
  model: DataModel,
  context: AnalysisContext,
): WrittenDocument[] {
  if (!data) return [{ evidence: opaqueArguments ? "unknown" : "no" }];
  const dialect = dataDialect(model, context);
  const rows = arrayElements(unwrap(data));
  if (rows)
    return rows.length === 0
      ? [{ evidence: "unknown" }]
      : rows.map((row) => ({ evidence: objectCarriesTenant(row, context, dialect, site).evidence }));
  if (ts.isArrayLiteralExpression(unwrap(data))) return [{ evidence: "unknown" }];
  return [{ node: data, evidence: objectCarriesTenant(data, context, dialect, site).evidence }];
}

/**
 * How an update's `data` moves the row: the tenant field set to another value than the one
 * `where` pins, or the tenant (or owning) relation connected, disconnected or set anew.
 */
function reassignmentOf(
  data: ts.Expression,
  where: ts.Expression | undefined,
  model: DataModel,
  view: OwnershipView,
  context: AnalysisContext,
): string | undefined {
  const fields = unwrap(data);
  if (!ts.isObjectLiteralExpression(fields)) return undefined;
  const pinned = where ? pinnedTenantText(where, context) : undefined;
  const ownerRelation =
    view.ownership.kind === "owned-through" ? view.ownership.path[0] : tenantRelationOf(model, context);
  for (const property of fields.properties) {
    if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
    const name = propertyNameText(property.name);
    if (name === undefined) continue;
    const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
    if (isTenantFieldName(name, context) && view.ownership.kind === "tenant-owned") {
      if (isNullish(value) && !ts.isShorthandPropertyAssignment(property)) continue;
      if (value.getText() !== pinned) return `${name} in data`;
      continue;
    }
    if (name === ownerRelation) {
      const operators = unwrap(value);
      if (!ts.isObjectLiteralExpression(operators)) return `${name} in data`;
      const moving = operators.properties.find((operator) =>
        ["connect", "disconnect", "set", "connectOrCreate", "create"].includes(propertyNameText(operator.name!) ?? ""),
      );
      if (moving) return `${name}.${propertyNameText(moving.name!)} in data`;
    }
  }
  return undefined;
}

function pinnedTenantText(where: ts.Expression, context: AnalysisContext): string | undefined {
  const node = unwrap(where);
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    const name = property.name ? propertyNameText(property.name) : undefined;
    if (name === undefined) continue;
    if (ts.isShorthandPropertyAssignment(property) && isTenantFieldName(name, context)) return name;
    if (!ts.isPropertyAssignment(property)) continue;
    if (isTenantFieldName(name, context)) return property.initializer.getText();
    // `id_workspaceId: { id, workspaceId }`
    if (ts.isObjectLiteralExpression(unwrap(property.initializer))) {
      const inner = pinnedTenantText(property.initializer, context);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Add the tenant to `where`, add a `where` to the arguments, or give an empty call its arguments. */
function whereEdits(
  call: ts.CallExpression,
  where: ts.Expression | undefined,
  property: string,
  context: AnalysisContext,
): readonly TextEdit[] | undefined {
  const sourceFile = call.getSourceFile();
  if (where) {
    const inner = unwrap(where);
    if (
      ts.isObjectLiteralExpression(inner) &&
      inner.properties.some((member) => member.name && propertyNameText(member.name) === "OR")
    )
      return undefined;
    return tenantObjectEdits(where, property, sourceFile, context);
  }
  const argument = call.arguments[0] && unwrap(call.arguments[0]);
  if (!argument) return [insertArgumentEdit(call, `{ where: { ${property} } }`, sourceFile)];
  if (!ts.isObjectLiteralExpression(argument)) return undefined;
  const first = argument.properties[0];
  if (!first) return [{ start: argument.getStart(sourceFile), end: argument.end, text: `{ where: { ${property} } }` }];
  return [{ start: first.getStart(sourceFile), end: first.getStart(sourceFile), text: `where: { ${property} }, ` }];
}

/** `findUnique({ where: { id } })` → `findFirst({ where: { id, workspaceId } })`. */
function findFirstEdits(
  call: ts.CallExpression,
  where: ts.Expression | undefined,
  replacement: string,
  property: string,
  context: AnalysisContext,
) {
  const callee = unwrap(call.expression);
  if (!where || !ts.isPropertyAccessExpression(callee) || !ts.isObjectLiteralExpression(unwrap(where)))
    return undefined;
  const sourceFile = call.getSourceFile();
  return {
    replacement,
    edits: [
      { start: callee.name.getStart(sourceFile), end: callee.name.end, text: replacement },
      ...tenantObjectEdits(where, property, sourceFile, context),
    ],
  };
}
