/**
 * The id of one tenant-owned record identifies its tenant: a log line that names `envelope.id` or
 * `programId` can be traced to the customer through the database, and a Redis key built from it
 * belongs to that one record, so no two tenants share it. Decided from the schema's models
 * (tenant-owned, or owned through a relation): `<model>.id`, `<model>._id`, a field unique on its
 * own (`program.slug`), `<model>Id`, `<model>_id`, and a variable named for the model with a
 * qualifier (`existingLink.id`).
 *
 * Not a tenant value: a limiter keyed by a document id is per document, not per tenant, and a
 * query filtered by one is not scoped. Only the log and key checks read this.
 */
import ts from "./typescript.cjs";
import { ownershipOf } from "./data-layer/ownership.js";
import type { DataModel } from "./data-layer/schema.js";
import type { AnalysisContext } from "./types.js";

const idSuffix = /^(.+?)(?:Id|_id|ID)$/u;

/** `doc.id`, `envelopeId`, `input.programId`, `link_id`: one record of a tenant-owned model. */
export function identifiesTenantRecord(node: ts.Node, context: AnalysisContext): boolean {
  if (!context.dataSchema) return false;
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node))
    return identifiesTenantRecord(node.expression, context);
  if (ts.isPropertyAccessExpression(node)) {
    const member = node.name.text;
    if (member === "id" || member === "_id") return namesTenantOwnedModel(holderName(node.expression), context);
    // `program.slug`, `workspace.slug`: a field unique on its own identifies the row as its id
    // does, also on the tenant's own row.
    const holder = tenantOwnedModel(holderName(node.expression), context, { registry: true });
    if (holder?.uniqueKeys.some((key) => key.length === 1 && key[0] === member)) return true;
    return idOfTenantOwnedModel(member, context);
  }
  if (ts.isIdentifier(node)) return idOfTenantOwnedModel(node.text, context);
  return false;
}

/** Some expression inside `node` identifies a tenant-owned record; nested functions are skipped. */
export function mentionsTenantRecord(node: ts.Node, context: AnalysisContext): boolean {
  if (!context.dataSchema) return false;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child)) return;
    // A property's name is no value: `{ documentId: 1 }` names no record.
    if (ts.isPropertyAssignment(child)) return visit(child.initializer);
    if ((ts.isIdentifier(child) || ts.isPropertyAccessExpression(child)) && identifiesTenantRecord(child, context)) {
      found = true;
      return;
    }
    if (ts.isPropertyAccessExpression(child)) return visit(child.expression);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** The name the row is held under: `envelope` of `envelope.id`, `link` of `ctx.link.id`, `links[0]` → `links`. */
function holderName(expression: ts.Expression): string | undefined {
  let node = expression;
  while (ts.isElementAccessExpression(node) || ts.isNonNullExpression(node) || ts.isParenthesizedExpression(node))
    node = node.expression;
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

/** `programId`, `defaultProgramId`, `link_id`: a field holding the id of a tenant-owned model's row. */
export function referencesTenantOwnedModel(field: string, context: AnalysisContext): boolean {
  return context.dataSchema !== undefined && idOfTenantOwnedModel(field, context);
}

function idOfTenantOwnedModel(name: string, context: AnalysisContext): boolean {
  const match = idSuffix.exec(name);
  return match !== null && namesTenantOwnedModel(match[1], context);
}

/** `envelope`, `Envelope`, `existingLink`, `target_program`, `links`: a tenant-owned model by its name in code. */
function namesTenantOwnedModel(name: string | undefined, context: AnalysisContext): boolean {
  return tenantOwnedModel(name, context) !== undefined;
}

function tenantOwnedModel(
  name: string | undefined,
  context: AnalysisContext,
  options: { readonly registry?: boolean } = {},
): DataModel | undefined {
  if (name === undefined || name.length < 2) return undefined;
  const model = modelNamed(name, context) ?? modelNamed(lastWord(name), context);
  if (!model) return undefined;
  const ownership = ownershipOf(model, context.dataSchema!, context.settings);
  return ownership.kind === "tenant-owned" ||
    ownership.kind === "owned-through" ||
    (options.registry === true && ownership.kind === "registry")
    ? model
    : undefined;
}

function modelNamed(name: string | undefined, context: AnalysisContext): DataModel | undefined {
  if (name === undefined) return undefined;
  const models = context.dataSchema!.models;
  const candidates = [name, name.charAt(0).toUpperCase() + name.slice(1), name.charAt(0).toLowerCase() + name.slice(1)];
  // A list of rows (`links`, `envelopes`) holds rows of the model too.
  if (name.endsWith("s")) candidates.push(...candidates.map((candidate) => candidate.slice(0, -1)));
  for (const candidate of candidates) {
    const model = models.get(candidate);
    if (model) return model;
  }
  return undefined;
}

/** `existingLink` → `Link`, `target_program` → `program`. */
function lastWord(name: string): string | undefined {
  const snake = name.lastIndexOf("_");
  if (snake > 0) return name.slice(snake + 1);
  const camel = /[a-z0-9]([A-Z][a-z0-9]*)$/u.exec(name);
  return camel?.[1];
}
