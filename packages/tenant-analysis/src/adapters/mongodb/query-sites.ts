/**
 * MongoDB driver collections and Mongoose models as a data layer: each call of a query method
 * on a known model or collection becomes a neutral query site, and so does `new Model(doc)`.
 */
import ts from "../../typescript.cjs";
import { callMember, unwrap } from "../../ast.js";
import type { Predicate } from "../../data-layer/predicate.js";
import type {
  DataLayerAdapter,
  DataLayerSites,
  QuerySite,
  SiteSuggestions,
  WrittenDocument,
} from "../../data-layer/query-site.js";
import { tenantObjectEdits } from "../../data-layer/suggestion-edits.js";
import { objectCarriesTenant, readObject } from "../../evidence/object-evidence.js";
import type { FileFacts } from "../../file-facts.js";
import { classifyReceiver, type Target } from "../../receivers/classify.js";
import { insertArgumentEdit } from "../../suggestions.js";
import type { AnalysisContext } from "../../types.js";
import { chainedScope } from "../mongoose/query-chain.js";
import { constructedDocumentEvidence } from "../mongoose/new-document.js";
import { isScopedByTenantPlugin, mongoOwnership } from "../mongoose/ownership.js";
import { bulkFilterEvidence, bulkWriteEvidence } from "./bulk-write.js";
import { mongoFilterDialect } from "./filter-dialect.js";
import { type DbOperation, distinctiveMongoMethods, mongoOperations } from "./operations.js";
import { pipelineFilter } from "./pipeline.js";
import {
  insertedDocuments,
  isUpsert,
  requestInputInUpdate,
  tenantReassignment,
  upsertInsertEvidence,
} from "./updates.js";

const dbKinds = new Set(["model", "collection"]);

export const mongoQueries: DataLayerAdapter = {
  layer: "mongodb",
  querySites(sourceFile, facts, context) {
    return collect(sourceFile, facts, context);
  },
};

function collect(sourceFile: ts.SourceFile, facts: FileFacts, context: AnalysisContext): DataLayerSites {
  const sites: QuerySite[] = [];
  const undecided: DataLayerSites["undecided"][number][] = [];
  for (const call of facts.calls) {
    const member = callMember(call);
    // Own names only: `Model.toString()` is no operation.
    if (!member || !Object.hasOwn(mongoOperations, member.method)) continue;
    const classification = classifyReceiver(member.receiver, context);
    if (classification.status === "unknown") {
      if (distinctiveMongoMethods.has(member.method))
        undecided.push({ node: call, reason: `${member.method}() on a receiver the analysis cannot classify` });
      continue;
    }
    if (classification.status !== "target" || !dbKinds.has(classification.target.kind)) continue;
    const { target } = classification;
    const view = mongoOwnership(target, context);
    if (view.ownership.kind === "global") continue;
    // A tenant plugin on the schema (or on every schema) filters queries itself: the call alone cannot tell.
    if (isScopedByTenantPlugin(target, sourceFile, context)) {
      undecided.push({ node: call, reason: "the schema has a tenancy plugin" });
      continue;
    }
    sites.push(site(call, member.method, mongoOperations[member.method]!, target, view, context));
  }
  for (const node of facts.constructions) {
    const classification = classifyReceiver(node.expression, context);
    if (classification.status !== "target" || classification.target.kind !== "model") continue;
    const view = mongoOwnership(classification.target, context);
    if (view.ownership.kind !== "tenant-owned") continue;
    const target = displayName(classification.target, node.expression);
    const document = node.arguments?.[0];
    sites.push({
      node,
      method: `new ${target}`,
      target,
      view,
      operation: "insert",
      documents: [{ ...(document ? { node: document } : {}), evidence: constructedDocumentEvidence(node, context) }],
      suggestions: documentSuggestions(document, context),
    });
  }
  return { sites, undecided };
}

function displayName(target: Target, receiver: ts.Expression): string {
  const text = unwrap(receiver).getText();
  return target.names[0] ?? (text.length <= 40 ? text : "collection");
}

function site(
  call: ts.CallExpression,
  method: string,
  operation: DbOperation,
  target: Target,
  view: QuerySite["view"],
  context: AnalysisContext,
): QuerySite {
  const base = { node: call, method, target: displayName(target, callMember(call)!.receiver), view };
  const args = call.arguments;
  const chained = chainedScope(call, context);
  const withChain = (filter: Predicate): Predicate => (chained ? { kind: "all", parts: [filter, chained] } : filter);
  const read = (expression: ts.Expression | undefined): Predicate =>
    readObject(expression, context, mongoFilterDialect, call);
  // Mongoose applies a top-level field of an update as `$set`; the driver rejects it.
  const plainFieldsSet = target.kind === "model";
  switch (operation.op) {
    case "filter": {
      const filterArgument = args[operation.filterArg];
      const suggestions: SiteSuggestions = {
        filter: (property) => filterEdits(call, filterArgument, property, context),
      };
      const filter = withChain(read(filterArgument));
      if (operation.replacementArg !== undefined) {
        const replacement = args[operation.replacementArg];
        const documents: WrittenDocument[] = [
          { ...(replacement ? { node: replacement } : {}), evidence: readDocument(replacement, call, context) },
        ];
        return {
          ...base,
          operation: "replace",
          filter,
          documents,
          suggestions: { ...suggestions, ...documentSuggestions(replacement, context) },
        };
      }
      if (operation.updateArg === undefined)
        return {
          ...base,
          operation: operation.deletes ? "delete" : "read",
          filter,
          wording: { or: "$or" },
          suggestions,
        };
      const update = args[operation.updateArg];
      const reassignment = tenantReassignment(update, filterArgument, plainFieldsSet, context);
      const updateFromClient = reassignment ? undefined : requestInputInUpdate(update, context);
      const upsert = operation.optionsArg !== undefined && isUpsert(args[operation.optionsArg], context);
      return {
        ...base,
        operation: upsert ? "upsert" : "update",
        filter,
        ...(upsert ? { documents: [{ evidence: upsertInsertEvidence(filterArgument, update, call, context) }] } : {}),
        ...(reassignment ? { reassignment } : {}),
        ...(updateFromClient ? { updateFromClient } : {}),
        wording: { or: "$or", insertPart: "$setOnInsert" },
        suggestions,
      };
    }
    case "byId": {
      const key = args[0];
      const keyFilter: Predicate = key
        ? { kind: "compare", field: "_id", pins: true, value: { kind: "expression", expression: key }, origin: key }
        : { kind: "all", parts: [] };
      const update = operation.updateArg === undefined ? undefined : args[operation.updateArg];
      const reassignment = update ? tenantReassignment(update, undefined, plainFieldsSet, context) : undefined;
      const updateFromClient = update && !reassignment ? requestInputInUpdate(update, context) : undefined;
      return {
        ...base,
        operation: operation.updateArg !== undefined ? "update" : operation.writes ? "delete" : "read",
        byKey: { writes: operation.writes },
        filter: withChain(keyFilter),
        ...(reassignment ? { reassignment } : {}),
        ...(updateFromClient ? { updateFromClient } : {}),
        suggestions: { keyLookup: (property) => keyLookupEdits(call, operation.replacement, property) },
      };
    }
    case "aggregate":
      return {
        ...base,
        operation: "read",
        filter: withChain(pipelineFilter(call, context)),
        filterForm: "pipeline",
        wording: { firstStage: "$match" },
      };
    case "bulkWrite": {
      const written = bulkWriteEvidence(call, plainFieldsSet, context);
      return {
        ...base,
        operation: "update",
        filter: withChain({
          kind: "decided",
          evidence: bulkFilterEvidence(call, context),
          reason: "the filters of the bulk operations",
          origin: call,
        }),
        documents: [{ evidence: written.evidence }],
        ...(written.reassigned ? { reassignment: written.reassigned } : {}),
      };
    }
    case "insert": {
      const documents = insertedDocuments(call, context);
      return { ...base, operation: "insert", documents, suggestions: documentSuggestions(args[0], context) };
    }
    case "unscopable":
      return {
        ...base,
        operation: "read",
        filter: { kind: "all", parts: [] },
        filterForm: "unscopable",
        wording: { alternative: "countDocuments" },
      };
    default:
      return {
        ...base,
        operation: "read",
        filter: {
          kind: "decided",
          evidence: "unknown",
          reason: "an operation the analysis does not read",
          origin: call,
        },
      };
  }
}

function readDocument(
  document: ts.Expression | undefined,
  site: ts.Node,
  context: AnalysisContext,
): WrittenDocument["evidence"] {
  return objectCarriesTenant(document, context, "document", site).evidence;
}

/** Add the tenant to the filter object, or give an empty call one; an `$or` is left for a person to fix. */
function filterEdits(
  call: ts.CallExpression,
  filter: ts.Expression | undefined,
  property: string,
  context: AnalysisContext,
) {
  const sourceFile = call.getSourceFile();
  if (!filter) return call.arguments.length > 0 ? undefined : [insertArgumentEdit(call, `{ ${property} }`, sourceFile)];
  const inner = unwrap(filter);
  if (
    ts.isObjectLiteralExpression(inner) &&
    inner.properties.some(
      (member) => ts.isPropertyAssignment(member) && member.name.getText(sourceFile).replace(/["']/gu, "") === "$or",
    )
  ) {
    return undefined;
  }
  return tenantObjectEdits(filter, property, sourceFile, context);
}

function documentSuggestions(document: ts.Expression | undefined, context: AnalysisContext): SiteSuggestions {
  return {
    document: (property) =>
      document && ts.isObjectLiteralExpression(unwrap(document))
        ? tenantObjectEdits(document, property, document.getSourceFile(), context)
        : undefined,
  };
}

/** `findById(id)` → `findOne({ _id: id, tenantId })`. */
function keyLookupEdits(call: ts.CallExpression, replacement: string, property: string) {
  const idArgument = call.arguments[0];
  const callee = unwrap(call.expression);
  if (!idArgument || !ts.isPropertyAccessExpression(callee)) return undefined;
  const sourceFile = call.getSourceFile();
  return {
    replacement,
    edits: [
      { start: callee.name.getStart(sourceFile), end: callee.name.end, text: replacement },
      {
        start: idArgument.getStart(sourceFile),
        end: idArgument.end,
        text: `{ _id: ${idArgument.getText(sourceFile)}, ${property} }`,
      },
    ],
  };
}
