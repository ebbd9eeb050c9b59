/**
 * `bulkWrite([...])`: every filtered operation's `filter` carries the tenant; every inserted or
 * replacing document does; no update moves a document; upserts can only insert into the tenant.
 */
import ts from "../../typescript.cjs";
import { propertyNameText, unwrap } from "../../ast.js";
import { initialValue } from "../../bindings.js";
import type { Evidence } from "../../evidence/evidence.js";
import { arrayElements } from "../../evidence/local-flow.js";
import { objectCarriesTenant } from "../../evidence/object-evidence.js";
import type { AnalysisContext } from "../../types.js";
import { mongoFilterDialect } from "./filter-dialect.js";
import { tenantReassignment, upsertInsertEvidence } from "./updates.js";

const filteredOperations = new Set(["updateOne", "updateMany", "deleteOne", "deleteMany", "replaceOne"]);

interface BulkOperation {
  readonly name: string | undefined;
  readonly body: ts.ObjectLiteralExpression | undefined;
}

/** The operations of a bulkWrite array literal (or `items.map(i => ({ updateOne: … }))`). */
function bulkOperations(argument: ts.Expression | undefined, context: AnalysisContext): BulkOperation[] | undefined {
  if (!argument) return undefined;
  let list = unwrap(argument);
  if (ts.isIdentifier(list)) list = initialValue(list, context.checker) ?? list;
  const elements = arrayElements(list);
  if (!elements) return undefined;
  return elements.map((element) => {
    const operation = unwrap(element);
    if (!ts.isObjectLiteralExpression(operation) || operation.properties.length !== 1)
      return { name: undefined, body: undefined };
    const property = operation.properties[0]!;
    if (!ts.isPropertyAssignment(property)) return { name: undefined, body: undefined };
    const body = unwrap(property.initializer);
    return { name: propertyNameText(property.name), body: ts.isObjectLiteralExpression(body) ? body : undefined };
  });
}

function field(body: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  const property = body.properties.find(
    (member) => ts.isPropertyAssignment(member) && propertyNameText(member.name) === key,
  );
  return property && ts.isPropertyAssignment(property) ? property.initializer : undefined;
}

function combine(parts: readonly Evidence[]): Evidence {
  return parts.includes("no") ? "no" : parts.includes("unknown") ? "unknown" : "yes";
}

/** Whether every filtered operation of the bulk write is scoped. */
export function bulkFilterEvidence(call: ts.CallExpression, context: AnalysisContext): Evidence {
  const operations = bulkOperations(call.arguments[0], context);
  if (!operations) return "unknown";
  const verdicts: Evidence[] = [];
  for (const { name, body } of operations) {
    if (name === undefined || body === undefined) {
      verdicts.push("unknown");
      continue;
    }
    if (!filteredOperations.has(name)) continue;
    const filter = field(body, "filter");
    verdicts.push(filter ? objectCarriesTenant(filter, context, mongoFilterDialect, call).evidence : "no");
  }
  return combine(verdicts);
}

/** Whether the bulk write's documents carry the tenant, and the operator of the first update that moves one. */
export function bulkWriteEvidence(
  call: ts.CallExpression,
  plainFieldsSet: boolean,
  context: AnalysisContext,
): { evidence: Evidence; reassigned?: string } {
  const operations = bulkOperations(call.arguments[0], context);
  if (!operations) return { evidence: "unknown" };
  const parts: Evidence[] = [];
  for (const { name, body } of operations) {
    if (!name || !body) {
      parts.push("unknown");
      continue;
    }
    if (name === "insertOne")
      parts.push(objectCarriesTenant(field(body, "document"), context, "document", call).evidence);
    else if (name === "replaceOne")
      parts.push(objectCarriesTenant(field(body, "replacement"), context, "document", call).evidence);
    else if (name === "updateOne" || name === "updateMany") {
      const reassigned = tenantReassignment(field(body, "update"), field(body, "filter"), plainFieldsSet, context);
      if (reassigned) return { evidence: "no", reassigned };
      const upsert = field(body, "upsert");
      if (upsert && unwrap(upsert).kind === ts.SyntaxKind.TrueKeyword)
        parts.push(upsertInsertEvidence(field(body, "filter"), field(body, "update"), call, context));
    }
  }
  return { evidence: combine(parts) };
}
