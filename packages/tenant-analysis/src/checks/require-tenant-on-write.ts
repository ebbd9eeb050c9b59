/**
 * `require-tenant-on-write` (db-queries): inserted rows carry the tenant, upserts can only
 * insert into the caller's tenant, and no update moves a row to another tenant. Reads neutral
 * query sites only.
 */
import { type CheckScope, defineCheck, type SuggestionInput } from "../check.js";
import { type QuerySite, siteTenantField, type WrittenDocument } from "../data-layer/query-site.js";
import { querySites } from "../data-layer/query-sites.js";
import { isNonRequestCode } from "../entry-points.js";
import type { Evidence } from "../evidence/evidence.js";
import { tenantProperty, tenantValueInScope } from "../suggestions.js";

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
      "This upsert on tenant-owned {{target}} can insert a document without {{field}}: put {{field}} in the filter or in {{insertPart}}",
    replacementWithoutTenant:
      "{{method}}() replaces a document in tenant-owned {{target}} with one that has no {{field}}",
    tenantReassigned:
      "{{method}}() changes {{field}} ({{operator}}); an update must never move a document to another tenant",
    updateFromRequest:
      "{{method}}() updates with {{input}}, which the client controls and which can set {{field}}; an update must never move a document to another tenant, so update named fields",
    addTenantToDocument: "Add {{property}} to the document",
  },
  run(scope) {
    const { sites } = querySites(scope.sourceFile, scope.facts, scope.context);
    for (const site of sites) checkSite(site, scope);
  },
});

function examine(scope: CheckScope<string>, evidence: Evidence, site: QuerySite): void {
  if (evidence === "unknown")
    scope.examined("unknown", { node: site.node, reason: "what it writes could not be decided" });
  else scope.examined(evidence === "yes" ? "scoped" : "unscoped");
}

function checkSite(site: QuerySite, scope: CheckScope<RequireTenantOnWriteMessageId>): void {
  const writes =
    site.operation === "insert" ||
    site.operation === "replace" ||
    site.operation === "update" ||
    site.operation === "upsert";
  if (!writes || (site.view.ownership.kind !== "tenant-owned" && site.view.ownership.kind !== "owned-through")) return;
  if (site.undecided !== undefined) {
    scope.examined("unknown", { node: site.node, reason: site.undecided });
    return;
  }
  if (site.enforced !== undefined) {
    scope.examined("scoped", { node: site.node, reason: site.enforced });
    return;
  }
  // A script, a migration, a seed or a test works across tenants on purpose: no tenant to carry.
  if (isNonRequestCode(site.node, scope.context)) {
    scope.examined("scoped");
    return;
  }
  const data = { method: site.method, target: site.target, field: siteTenantField(site, scope.context) };
  if (site.reassignment !== undefined && site.unknownModel !== undefined) {
    scope.examined("unknown", { node: site.node, reason: site.unknownModel });
    return;
  }
  if (site.reassignment !== undefined) {
    examine(scope, "no", site);
    scope.report(site.node, "tenantReassigned", { ...data, operator: site.reassignment });
    return;
  }
  if (site.updateFromClient !== undefined) {
    examine(scope, "no", site);
    scope.report(site.node, "updateFromRequest", { ...data, input: site.updateFromClient });
    return;
  }
  // Rows owned through a parent get their tenant from it: only moving them is checked.
  const documents = site.view.ownership.kind === "tenant-owned" ? site.documents : undefined;
  if (!documents) {
    if (site.operation === "update" || site.operation === "upsert") examine(scope, "yes", site);
    return;
  }
  const evidence = combine(documents);
  if (site.unknownModel !== undefined && evidence !== "yes") {
    scope.examined("unknown", { node: site.node, reason: site.unknownModel });
    return;
  }
  examine(scope, evidence, site);
  if (evidence !== "no") return;
  if (site.operation === "upsert")
    scope.report(site.node, "upsertWithoutTenant", {
      ...data,
      insertPart: site.wording?.insertPart ?? "the inserted row",
    });
  else if (site.operation === "replace")
    scope.report(site.node, "replacementWithoutTenant", data, documentSuggestions(site, scope));
  else scope.report(site.node, "missingTenantOnInsert", data, documentSuggestions(site, scope));
}

/** Every written row must carry the tenant. */
function combine(documents: readonly WrittenDocument[]): Evidence {
  if (documents.length === 0) return "unknown";
  if (documents.some((document) => document.evidence === "no")) return "no";
  return documents.some((document) => document.evidence === "unknown") ? "unknown" : "yes";
}

function documentSuggestions(
  site: QuerySite,
  scope: CheckScope<RequireTenantOnWriteMessageId>,
): SuggestionInput<RequireTenantOnWriteMessageId>[] {
  const value = tenantValueInScope(site.node, scope.context);
  if (!value || !site.suggestions?.document) return [];
  const property = tenantProperty(value, scope.context);
  const edits = site.suggestions.document(property);
  return edits ? [{ messageId: "addTenantToDocument", data: { property }, edits }] : [];
}
