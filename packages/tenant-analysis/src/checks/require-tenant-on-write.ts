/**
 * `require-tenant-on-write` (db-queries): inserted documents carry the tenant field, upserts
 * can only insert into the caller's tenant, and no update moves a document to another tenant.
 */
import ts from "../typescript.cjs";
import { chainedCalls, enclosingFunction, isNullish, propertyNameText, unwrap } from "../ast.js";
import { initialValue } from "../bindings.js";
import { type CheckScope, defineCheck, type SuggestionInput } from "../check.js";
import type { Evidence } from "../evidence/evidence.js";
import { propertyWrites } from "../evidence/local-flow.js";
import { isRequestInput, objectCarriesTenant } from "../evidence/object-evidence.js";
import { isTenantFieldName } from "../evidence/tenant-value.js";
import { tenantProperty, tenantValueInScope } from "../suggestions.js";
import type { AnalysisContext } from "../types.js";
import { type DbSite, dbSites, tenantObjectEdits } from "./db-sites.js";
import { arrayElements, bulkOperations } from "./require-tenant-filter.js";

export type RequireTenantOnWriteMessageId =
  | "missingTenantOnInsert"
  | "upsertWithoutTenant"
  | "replacementWithoutTenant"
  | "tenantReassigned"
  | "updateFromRequest"
  | "addTenantToDocument";

export const requireTenantOnWrite = defineCheck<RequireTenantOnWriteMessageId>({
  ruleId: "require-tenant-on-write",
  messages: {
    missingTenantOnInsert:
      "{{method}}() writes a document to tenant-owned {{target}} without {{field}}; no tenant's query will find it, or every tenant's will",
    upsertWithoutTenant:
      "This upsert on tenant-owned {{target}} can insert a document without {{field}}: put {{field}} in the filter or in $setOnInsert",
    replacementWithoutTenant: "{{method}}() replaces a document in tenant-owned {{target}} with one that has no {{field}}",
    tenantReassigned: "{{method}}() changes {{field}} ({{operator}}); an update must never move a document to another tenant",
    updateFromRequest:
      "{{method}}() updates with {{input}}, which the client controls and which can set {{field}}; an update must never move a document to another tenant, so update named fields",
    addTenantToDocument: "Add {{property}} to the document",
  },
  run(scope) {
    const { sites, constructions } = dbSites(scope.sourceFile, scope.facts, scope.context);
    for (const site of sites) checkSite(site, scope);
    for (const construction of constructions) {
      const evidence = constructedDocumentEvidence(construction.node, scope.context);
      examine(scope, evidence);
      if (evidence === "no") {
        const data = { method: `new ${construction.targetName}`, target: construction.targetName, field: scope.context.settings.tenantFields[0]! };
        scope.report(construction.node, "missingTenantOnInsert", data, documentSuggestions(construction.node, construction.node.arguments?.[0], scope));
      }
    }
  },
});

function examine(scope: CheckScope<string>, evidence: Evidence): void {
  scope.examined(evidence === "yes" ? "scoped" : evidence === "no" ? "unscoped" : "unknown");
}

function checkSite(site: DbSite, scope: CheckScope<RequireTenantOnWriteMessageId>): void {
  const { call, operation, method } = site;
  const context = scope.context;
  const data = { method, target: site.targetName, field: context.settings.tenantFields[0]! };
  switch (operation.op) {
    case "insert": {
      const evidence = insertedDocumentsEvidence(call, context);
      examine(scope, evidence);
      if (evidence === "no") scope.report(call, "missingTenantOnInsert", data, documentSuggestions(call, call.arguments[0], scope));
      return;
    }
    case "filter": {
      if (operation.updateArg === undefined && operation.replacementArg === undefined) return;
      const filter = call.arguments[operation.filterArg];
      if (operation.replacementArg !== undefined) {
        const evidence = objectCarriesTenant(call.arguments[operation.replacementArg], context, "document", call).evidence;
        examine(scope, evidence);
        if (evidence === "no") scope.report(call, "replacementWithoutTenant", data, documentSuggestions(call, call.arguments[operation.replacementArg], scope));
        return;
      }
      const update = call.arguments[operation.updateArg!];
      const reassigned = tenantReassignment(update, filter, site, context);
      const input = reassigned ? undefined : requestInputInUpdate(update, context);
      const upsert = operation.optionsArg !== undefined && isUpsert(call.arguments[operation.optionsArg], context);
      const upsertEvidence = upsert ? upsertEvidenceOf(filter, update, call, context) : "yes";
      examine(scope, reassigned || input ? "no" : upsertEvidence);
      if (reassigned) scope.report(call, "tenantReassigned", { ...data, operator: reassigned });
      else if (input) scope.report(call, "updateFromRequest", { ...data, input });
      else if (upsertEvidence === "no") scope.report(call, "upsertWithoutTenant", data);
      return;
    }
    case "byId": {
      if (operation.updateArg === undefined) return;
      const reassigned = tenantReassignment(call.arguments[operation.updateArg], undefined, site, context);
      const input = reassigned ? undefined : requestInputInUpdate(call.arguments[operation.updateArg], context);
      examine(scope, reassigned || input ? "no" : "yes");
      if (reassigned) scope.report(call, "tenantReassigned", { ...data, operator: reassigned });
      else if (input) scope.report(call, "updateFromRequest", { ...data, input });
      return;
    }
    case "bulkWrite": {
      const evidence = bulkWritesEvidence(call, site, context);
      examine(scope, evidence.evidence);
      if (evidence.evidence === "no") {
        if (evidence.reassigned) scope.report(call, "tenantReassigned", { ...data, operator: evidence.reassigned });
        else scope.report(call, "missingTenantOnInsert", data);
      }
      return;
    }
    default:
      return;
  }
}

/** `create(doc)`, `create([a, b])`, `create(a, b)`, `insertMany(docs.map(d => ({ …d, tenantId })))`, `insertOne(doc)`. */
function insertedDocumentsEvidence(call: ts.CallExpression, context: AnalysisContext): Evidence {
  const first = call.arguments[0];
  if (!first) return "no";
  let documents = unwrap(first);
  if (ts.isIdentifier(documents)) {
    const value = initialValue(documents, context.checker);
    if (value && (ts.isArrayLiteralExpression(value) || ts.isCallExpression(value))) documents = value;
  }
  const elements = arrayElements(documents);
  if (elements) return combineAll(elements.map((element) => objectCarriesTenant(element, context, "document", call).evidence));
  if (ts.isArrayLiteralExpression(documents)) return "unknown";
  return objectCarriesTenant(first, context, "document", call).evidence;
}

function combineAll(parts: readonly Evidence[]): Evidence {
  if (parts.length === 0) return "unknown";
  if (parts.includes("no")) return "no";
  return parts.includes("unknown") ? "unknown" : "yes";
}

/** `new Campaign({ … })`, or a tenant field assigned to the new document before it is saved. */
function constructedDocumentEvidence(node: ts.NewExpression, context: AnalysisContext): Evidence {
  const evidence = objectCarriesTenant(node.arguments?.[0], context, "document", node).evidence;
  if (evidence !== "no") return evidence;
  let holder: ts.Node = node;
  while (holder.parent && (ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent))) holder = holder.parent;
  const declaration = holder.parent;
  // `await new Campaign({ name }).save()`: saved at once, so nothing can add the tenant in between.
  if (declaration && ts.isPropertyAccessExpression(declaration) && declaration.expression === holder) {
    const chain = chainedCalls(holder as ts.Expression);
    if (chain.some(({ method, call }) => method === "set" && setCallCarriesTenant(call, context))) return "yes";
    return chain.some(({ method }) => method === "save") ? "no" : "unknown";
  }
  if (declaration && ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
    const writes = propertyWrites(declaration.name, undefined);
    if (writes.assigned.some((write) => write.name !== undefined && isTenantFieldName(write.name, context))) return "yes";
    // `doc.set("tenantId", t)` or `doc.set({ tenantId })` before saving.
    if (setsTenantThroughSetter(declaration.name, context)) return "yes";
    const merged = writes.mergedSources.map((source) => objectCarriesTenant(source, context, "document", node).evidence);
    if (merged.includes("yes")) return "yes";
    if (merged.includes("unknown") || writes.assigned.some((write) => write.name === undefined)) return "unknown";
    // Handed to a helper (`stampTenant(doc)`) or returned before any save: the tenant may be added there.
    if (escapesBeforeSave(declaration.name)) return "unknown";
    return "no";
  }
  // Not stored in a variable we can follow (returned, passed on): someone else may add the tenant.
  return "unknown";
}

/** `doc.set("tenantId", t)` or `doc.set({ tenantId })`. */
function setCallCarriesTenant(call: ts.CallExpression, context: AnalysisContext): boolean {
  const key = call.arguments[0] && unwrap(call.arguments[0]);
  if (!key) return false;
  if (ts.isStringLiteralLike(key)) return isTenantFieldName(key.text, context) && call.arguments.length > 1 && !isNullish(call.arguments[1]!);
  return ts.isObjectLiteralExpression(key) && objectCarriesTenant(key, context, "document", call).evidence === "yes";
}

function setsTenantThroughSetter(name: ts.Identifier, context: AnalysisContext): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "set") {
      const receiver = unwrap(node.expression.expression);
      if (ts.isIdentifier(receiver) && receiver.text === name.text && setCallCarriesTenant(node, context)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(enclosingFunction(name));
  return found;
}

/** Whether the new document is passed to a call or returned before its first `.save()` (or at all, unsaved). */
function escapesBeforeSave(name: ts.Identifier): boolean {
  const scope = enclosingFunction(name);
  let firstSave = Number.POSITIVE_INFINITY;
  const uses: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node !== name && node.text === name.text) uses.push(node);
    ts.forEachChild(node, visit);
  };
  visit(scope);
  for (const use of uses) {
    const parent = use.parent;
    if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === use && parent.name.text === "save" && ts.isCallExpression(parent.parent)) {
      firstSave = Math.min(firstSave, use.pos);
    }
  }
  return uses.some((use) => {
    if (use.pos > firstSave) return false;
    let value: ts.Node = use;
    while (value.parent && (ts.isParenthesizedExpression(value.parent) || ts.isAsExpression(value.parent) || ts.isNonNullExpression(value.parent))) value = value.parent;
    const parent = value.parent;
    if (!parent) return false;
    if (ts.isCallExpression(parent) && parent.arguments.includes(value as ts.Expression)) return true;
    if (ts.isNewExpression(parent) && parent.arguments?.includes(value as ts.Expression)) return true;
    if (ts.isReturnStatement(parent) || ts.isArrayLiteralExpression(parent) || ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) return true;
    return ts.isArrowFunction(parent) && parent.body === value;
  });
}

function isUpsert(options: ts.Expression | undefined, context: AnalysisContext): boolean {
  if (!options) return false;
  let node = unwrap(options);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  if (!ts.isObjectLiteralExpression(node)) return false;
  return node.properties.some(
    (property) =>
      ts.isPropertyAssignment(property) &&
      propertyNameText(property.name) === "upsert" &&
      unwrap(property.initializer).kind !== ts.SyntaxKind.FalseKeyword,
  );
}

/** An upsert inserts the filter's equality fields plus `$set`/`$setOnInsert` (or a plain Mongoose update). */
function upsertEvidenceOf(filter: ts.Expression | undefined, update: ts.Expression | undefined, site: ts.Node, context: AnalysisContext): Evidence {
  const fromFilter = objectCarriesTenant(filter, context, "filter", site).evidence;
  if (fromFilter === "yes") return "yes";
  const updateObject = update && unwrap(update);
  if (!updateObject || !ts.isObjectLiteralExpression(updateObject)) return fromFilter === "no" && !updateObject ? "no" : "unknown";
  const parts: Evidence[] = [fromFilter];
  for (const property of updateObject.properties) {
    if (!ts.isPropertyAssignment(property)) {
      parts.push(ts.isSpreadAssignment(property) ? "unknown" : "no");
      continue;
    }
    const name = propertyNameText(property.name);
    if (name === "$setOnInsert" || name === "$set") parts.push(objectCarriesTenant(property.initializer, context, "document", site).evidence);
    else if (name !== undefined && isTenantFieldName(name, context) && !isNullish(property.initializer)) parts.push("yes");
  }
  if (parts.includes("yes")) return "yes";
  return parts.includes("unknown") ? "unknown" : "no";
}

const reassigningOperators = ["$set", "$unset", "$rename"];

/**
 * The operator that changes the tenant field, if the update does: `$set`/`$unset`/`$rename` of it,
 * a rename onto it, or a top-level tenant field in a Mongoose update (which Mongoose applies as
 * `$set`). Setting it to the very value the filter pins is no change (a common upsert shape).
 */
function tenantReassignment(update: ts.Expression | undefined, filter: ts.Expression | undefined, site: DbSite, context: AnalysisContext): string | undefined {
  if (!update) return undefined;
  let node = unwrap(update);
  if (ts.isIdentifier(node)) node = initialValue(node, context.checker) ?? node;
  const stages = ts.isArrayLiteralExpression(node) ? node.elements.map((element) => unwrap(element)) : [node];
  const pinned = filterTenantValueText(filter, context);
  for (const stage of stages) {
    if (!ts.isObjectLiteralExpression(stage)) continue;
    for (const property of stage.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
      const name = propertyNameText(property.name);
      if (name === undefined) continue;
      if (isTenantFieldName(name, context) && site.target.kind === "model") {
        const valueText = ts.isShorthandPropertyAssignment(property) ? property.name.text : property.initializer.getText();
        if (valueText !== pinned) return `${name} in the update`;
        continue;
      }
      if (!reassigningOperators.includes(name) || !ts.isPropertyAssignment(property)) continue;
      const fields = unwrap(property.initializer);
      if (!ts.isObjectLiteralExpression(fields)) continue;
      for (const field of fields.properties) {
        const fieldName = ts.isPropertyAssignment(field) || ts.isShorthandPropertyAssignment(field) ? propertyNameText(field.name) : undefined;
        if (fieldName === undefined) continue;
        const renamedOnto = name === "$rename" && ts.isPropertyAssignment(field) && ts.isStringLiteralLike(unwrap(field.initializer)) && isTenantFieldName((unwrap(field.initializer) as ts.StringLiteralLike).text, context);
        if (!isTenantFieldName(fieldName, context) && !renamedOnto) continue;
        if (name === "$set") {
          const valueText = ts.isShorthandPropertyAssignment(field) ? field.name.text : (field as ts.PropertyAssignment).initializer.getText();
          if (valueText === pinned) continue;
        }
        return name;
      }
    }
  }
  return undefined;
}

/**
 * Mass assignment: the client's input as the update (`updateOne(filter, req.body)`), as what
 * `$set` sets (`{ $set: req.body }`), or spread into either with no tenant property after it
 * (`{ $set: { ...req.body } }`). A body holding `tenantId` moves the document to that tenant.
 * Returns the input's text for the message.
 */
function requestInputInUpdate(update: ts.Expression | undefined, context: AnalysisContext): string | undefined {
  if (!update) return undefined;
  const node = unwrap(update);
  if (isRequestInput(node, context)) return abbreviate(node.getText());
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const spreadInput = (literal: ts.ObjectLiteralExpression): string | undefined => {
    let found: string | undefined;
    for (const property of literal.properties) {
      if (ts.isSpreadAssignment(property) && isRequestInput(property.expression, context)) found = abbreviate(property.expression.getText());
      // A tenant property after the spread wins over whatever the body held.
      else if ((ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && isTenantFieldName(propertyNameText(property.name) ?? "", context)) found = undefined;
    }
    return found;
  };
  const topLevel = spreadInput(node);
  if (topLevel) return topLevel;
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property) || propertyNameText(property.name) !== "$set") continue;
    const value = unwrap(property.initializer);
    if (isRequestInput(value, context)) return abbreviate(value.getText());
    if (ts.isObjectLiteralExpression(value)) {
      const inSet = spreadInput(value);
      if (inSet) return inSet;
    }
  }
  return undefined;
}

function abbreviate(text: string): string {
  const compact = text.replace(/\s+/gu, " ");
  return compact.length > 40 ? `${compact.slice(0, 37)}…` : compact;
}

/** The source text of the tenant value a filter pins (`{ tenantId }` → "tenantId"), to recognise a no-op `$set`. */
function filterTenantValueText(filter: ts.Expression | undefined, context: AnalysisContext): string | undefined {
  if (!filter) return undefined;
  const node = unwrap(filter);
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (ts.isShorthandPropertyAssignment(property) && isTenantFieldName(property.name.text, context)) return property.name.text;
    if (ts.isPropertyAssignment(property) && isTenantFieldName(propertyNameText(property.name) ?? "", context)) return property.initializer.getText();
  }
  return undefined;
}

/** bulkWrite: `insertOne.document` carries the tenant, upserts are scoped, no update changes it. */
function bulkWritesEvidence(call: ts.CallExpression, site: DbSite, context: AnalysisContext): { evidence: Evidence; reassigned?: string } {
  const operations = bulkOperations(call.arguments[0], context);
  if (!operations) return { evidence: "unknown" };
  const parts: Evidence[] = [];
  for (const { name, body } of operations) {
    if (!name || !body) {
      parts.push("unknown");
      continue;
    }
    const field = (key: string): ts.Expression | undefined => {
      const property = body.properties.find((member) => ts.isPropertyAssignment(member) && propertyNameText(member.name) === key);
      return property && ts.isPropertyAssignment(property) ? property.initializer : undefined;
    };
    if (name === "insertOne") {
      parts.push(objectCarriesTenant(field("document"), context, "document", call).evidence);
      continue;
    }
    if (name === "updateOne" || name === "updateMany") {
      const reassigned = tenantReassignment(field("update"), field("filter"), site, context);
      if (reassigned) return { evidence: "no", reassigned };
      const upsert = field("upsert");
      if (upsert && unwrap(upsert).kind === ts.SyntaxKind.TrueKeyword) parts.push(upsertEvidenceOf(field("filter"), field("update"), call, context));
      continue;
    }
    if (name === "replaceOne") parts.push(objectCarriesTenant(field("replacement"), context, "document", call).evidence);
  }
  return { evidence: parts.includes("no") ? "no" : parts.includes("unknown") ? "unknown" : "yes" };
}

function documentSuggestions(
  site: ts.Node,
  document: ts.Expression | undefined,
  scope: CheckScope<RequireTenantOnWriteMessageId>,
): SuggestionInput<RequireTenantOnWriteMessageId>[] {
  if (!document || !ts.isObjectLiteralExpression(unwrap(document))) return [];
  const value = tenantValueInScope(site, scope.context);
  if (!value) return [];
  const property = tenantProperty(value, scope.context);
  return [{ messageId: "addTenantToDocument", data: { property }, edits: tenantObjectEdits(document, property, scope.sourceFile, scope.context) }];
}
