/**
 * `require-tenant-filter` (db-queries): every read, update, delete, count, distinct and
 * aggregate on a tenant-owned model or table is scoped to the tenant. Reads neutral query
 * sites only: what a library's filter syntax means is its data-layer adapter's business.
 */
import type ts from "../typescript.cjs";
import { examineNotUnderstood } from "../coverage.js";
import { type CheckScope, defineCheck, type SuggestionInput, type Verdict } from "../check.js";
import { credentialLookup, keyLookupAuthorised } from "../data-layer/key-lookup.js";
import type { Predicate } from "../data-layer/predicate.js";
import { type QuerySite, siteFilterProperty, siteTenantField } from "../data-layer/query-site.js";
import { querySites } from "../data-layer/query-sites.js";
import { siteFilterScope } from "../data-layer/row-provenance.js";
import { isNonRequestCode, readsJobPayload } from "../entry-points.js";
import type { Evidence } from "../evidence/evidence.js";
import { pinnedValuesVerdict } from "../summaries/caller-authorisation.js";
import { tenantProperty, tenantValueInScope } from "../suggestions.js";

export type RequireTenantFilterMessageId =
  | "missingTenantFilter"
  | "partialOr"
  | "lookupById"
  | "aggregateWithoutMatch"
  | "unscopableCount"
  | "addTenantToFilter"
  | "useTenantLookup"
  | "invalidSchema";

export const requireTenantFilter = defineCheck<RequireTenantFilterMessageId>({
  ruleId: "require-tenant-filter",
  messages: {
    missingTenantFilter:
      "{{method}}() on tenant-owned {{target}} has no {{field}} in its filter, so it reaches every tenant's documents",
    partialOr:
      "{{operator}} in the filter of {{method}}() carries {{field}} in only some branches; the others match every tenant's documents",
    lookupById:
      "{{method}}() on tenant-owned {{target}} looks up by id alone; filter by {{field}} too, or compare the result's {{field}} with the caller's before using it",
    aggregateWithoutMatch:
      "{{method}}() on tenant-owned {{target}} must start with a {{stage}} on {{field}}; other stages see every tenant's documents",
    unscopableCount: "{{method}}() counts every tenant's documents in {{target}}; use {{alternative}}({ {{field}} })",
    addTenantToFilter: "Add {{property}} to the filter",
    useTenantLookup: "Use {{replacement}}() with the key and {{property}}",
    invalidSchema:
      "The data schema cannot be read ({{location}}: {{problem}}); database queries are checked without it until it is fixed",
  },
  run(scope) {
    const { sites, undecided } = querySites(scope.sourceFile, scope.facts, scope.context);
    // One statement reads several tables (joins, raw SQL): it is reported at its first unscoped one.
    const reported = new Set<ts.Node>();
    const once: CheckScope<RequireTenantFilterMessageId> = {
      ...scope,
      report: (node, ...rest) => {
        const statement = sites.find((site) => site.node === node)?.statement ?? node;
        if (reported.has(statement)) return;
        reported.add(statement);
        scope.report(node, ...rest);
      },
    };
    for (const site of sites) checkSite(site, sites, once);
    for (const site of undecided) scope.examined("unknown", { node: site.node, reason: site.reason });
    examineNotUnderstood(scope, "db-queries");
  },
});

function checkSite(
  site: QuerySite,
  sites: readonly QuerySite[],
  scope: CheckScope<RequireTenantFilterMessageId>,
): void {
  const { context } = scope;
  // Inserts are `require-tenant-on-write`'s.
  if (site.operation === "insert" || !site.filter) return;
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
  const data = { method: site.method, target: site.target, field: siteTenantField(site, context) };
  if (site.filterForm === "unscopable") {
    scope.examined("unscoped");
    scope.report(site.node, "unscopableCount", {
      ...data,
      alternative: site.wording?.alternative ?? "a filtered count",
    });
    return;
  }
  // Values read off rows an earlier scoped query of the function returned count as the tenant's.
  const verdict = siteFilterScope(site, sites, context);
  if (site.unknownModel !== undefined && verdict.evidence !== "yes") {
    scope.examined("unknown", { node: site.node, reason: site.unknownModel });
    return;
  }
  // The registry holds one row per tenant: scoped by its own id, global otherwise.
  if (site.view.ownership.kind === "registry") {
    if (verdict.evidence === "yes") scope.examined("scoped");
    return;
  }
  if (site.byKey && verdict.evidence === "no") {
    const credential = credentialLookup(site);
    if (credential !== undefined) {
      scope.examined("unknown", { node: site.node, reason: `looked up by a secret credential (${credential})` });
      return;
    }
    const authorised = keyLookupAuthorised(site, context, sites);
    if (authorised === "no") {
      // A job processor's key was written by the server code that enqueued the job: not ours to judge here.
      if (keyFromJobPayload(site, context)) {
        scope.examined("unknown", {
          node: site.node,
          reason: "key comes from a job payload written by the code that enqueued it",
        });
        return;
      }
      if (decidedByPinnedValues(site, scope)) return;
    }
    record(scope, authorised, site);
    if (authorised === "no") scope.report(site.node, "lookupById", data, keyLookupSuggestions(site, scope));
    return;
  }
  if (verdict.evidence === "no" && decidedByPinnedValues(site, scope)) return;
  record(scope, verdict.evidence, site);
  if (verdict.evidence !== "no") return;
  if (site.filterForm === "pipeline") {
    scope.report(site.node, "aggregateWithoutMatch", { ...data, stage: site.wording?.firstStage ?? "filter" });
    return;
  }
  if (verdict.partialAny) {
    scope.report(site.node, "partialOr", { ...data, operator: verdict.partialAny.operator }, []);
    return;
  }
  scope.report(site.node, "missingTenantFilter", data, filterSuggestions(site, scope));
}

/**
 * A filter without the tenant that pins a value authorised on the way here (by every caller of
 * this helper, or a field of a row loaded for the tenant): its rows are the tenant's. Counted as
 * checked, or as unverified when that cannot be decided.
 */
function decidedByPinnedValues(site: QuerySite, scope: CheckScope<RequireTenantFilterMessageId>): boolean {
  const verdict = pinnedValuesVerdict(site, scope.context, 0);
  if (verdict.evidence === "yes") {
    // Counted as checked without a reason: the report lists scoped sites with reasons as scoped by
    // construction (a tenant-enforcing client), which these are not.
    scope.examined("scoped");
    return true;
  }
  if (verdict.evidence === "unknown") {
    scope.examined("unknown", {
      node: site.node,
      reason: "a value it selects by may have been authorised by a caller or a check the analysis cannot decide",
    });
    return true;
  }
  return false;
}

/** Every key a lookup selects by is read from the payload of the job processor it sits in. */
function keyFromJobPayload(site: QuerySite, context: CheckScope<string>["context"]): boolean {
  const keys: ts.Expression[] = [];
  const visit = (part: Predicate): void => {
    if (part.kind === "compare" && part.pins && part.value.kind === "expression") keys.push(part.value.expression);
    else if (part.kind === "all") part.parts.forEach(visit);
  };
  if (site.filter) visit(site.filter);
  return keys.length > 0 && keys.every((key) => readsJobPayload(key, context));
}

function record(scope: CheckScope<string>, evidence: Evidence, site: QuerySite): void {
  if (evidence === "unknown") scope.examined("unknown", { node: site.node, reason: "its filter could not be decided" });
  else scope.examined(evidence === "yes" ? "scoped" : "unscoped");
}

function filterSuggestions(
  site: QuerySite,
  scope: CheckScope<RequireTenantFilterMessageId>,
): SuggestionInput<RequireTenantFilterMessageId>[] {
  const value = tenantValueInScope(site.node, scope.context);
  if (!value || !site.suggestions?.filter) return [];
  const property = siteFilterProperty(site, tenantProperty(value, scope.context));
  const edits = site.suggestions.filter(property);
  return edits ? [{ messageId: "addTenantToFilter", data: { property }, edits }] : [];
}

function keyLookupSuggestions(
  site: QuerySite,
  scope: CheckScope<RequireTenantFilterMessageId>,
): SuggestionInput<RequireTenantFilterMessageId>[] {
  const value = tenantValueInScope(site.node, scope.context);
  if (!value || !site.suggestions?.keyLookup) return [];
  const property = tenantProperty(value, scope.context);
  const rewrite = site.suggestions.keyLookup(property);
  return rewrite
    ? [{ messageId: "useTenantLookup", data: { replacement: rewrite.replacement, property }, edits: rewrite.edits }]
    : [];
}
