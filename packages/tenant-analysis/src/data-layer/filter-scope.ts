/**
 * The one decision of whether a query's filter is tenant-scoped, for every data layer: the
 * tenant field pinned to a value in any conjunct, in every disjunct, never through a negation
 * (CONTRACT.md, "Scoped filters"). Relations are followed for models owned through one, and
 * the tenant registry is scoped by its own id equal to a tenant value.
 */
import ts from "../typescript.cjs";
import { isNullish } from "../ast.js";
import { anyPart, bothBranches, type Evidence, everyPart } from "../evidence/evidence.js";
import { isTenantFieldName, isTenantValue } from "../evidence/tenant-value.js";
import type { AnalysisContext } from "../types.js";
import type { Predicate, PredicateValue } from "./predicate.js";
import type { Ownership } from "./schema.js";

/** How the model under a filter is owned, and how the models its relations reach are. */
export interface OwnershipView {
  readonly ownership: Ownership;
  /**
   * Id fields by which the model is itself a tenant (it is what a tenant field refers to), when it
   * is also tenant-owned or owned through a relation: `Project` for `projectId` under a workspace.
   */
  readonly registryKeys?: readonly string[];
  /** The view of the model reached through a relation field, when the schema knows it. */
  readonly through?: (relation: string) => OwnershipView | undefined;
}

export interface ScopeVerdict {
  readonly evidence: Evidence;
  /** A disjunction some of whose branches carry the tenant: why the filter is not scoped. */
  readonly partialAny?: { readonly node?: ts.Node; readonly operator: string };
}

export interface ScopeOptions {
  /**
   * Whether a value a field is pinned to is the tenant's by where it came from (row-provenance.ts):
   * rows whose key or reference equals it are the same tenant's, whatever the field.
   */
  readonly bound?: (value: ts.Expression, field: string) => boolean;
}

export function filterScope(
  predicate: Predicate,
  view: OwnershipView,
  context: AnalysisContext,
  options: ScopeOptions = {},
): ScopeVerdict {
  let partialAny: ScopeVerdict["partialAny"];
  const evaluate = (part: Predicate, current: OwnershipView): Evidence => {
    switch (part.kind) {
      case "all":
        return anyPart(part.parts.map((inner) => evaluate(inner, current)));
      case "any": {
        const branches = part.parts.map((inner) => evaluate(inner, current));
        const evidence = everyPart(branches);
        if (evidence === "no" && branches.includes("yes"))
          partialAny ??= { node: part.origin, operator: part.operator };
        return evidence;
      }
      case "either":
        return bothBranches(part.parts.map((inner) => evaluate(inner, current)));
      // A tenant inside a negation selects every other tenant.
      case "not":
        return "no";
      case "decided":
        return part.evidence;
      case "compare":
        if (part.pins && part.value.kind === "expression" && options.bound?.(part.value.expression, part.field))
          return "yes";
        // The model's own id pinned to a tenant value: it is that tenant's own row.
        if (
          current.registryKeys?.includes(part.field) &&
          part.pins &&
          registryValueEvidence(part.value, context) === "yes"
        )
          return "yes";
        return compareScopes(part, current.ownership, context);
      case "related": {
        const next = current.through?.(part.relation);
        if (!next) return "no";
        // `team: { members: { some: { userId } } }`: the tenants the caller is a member of.
        if (next.ownership.kind === "registry" && requiresMembership(part.part)) return "yes";
        return evaluate(part.part, next);
      }
      default:
        return "unknown";
    }
  };
  const evidence = evaluate(predicate, view);
  return evidence === "no" && partialAny ? { evidence, partialAny } : { evidence };
}

function compareScopes(
  part: Extract<Predicate, { kind: "compare" }>,
  ownership: Ownership,
  context: AnalysisContext,
): Evidence {
  switch (ownership.kind) {
    case "tenant-owned":
      if (part.field !== ownership.field && !isTenantFieldName(part.field, context)) return "no";
      return part.pins ? valueEvidence(part.value) : "no";
    case "registry":
      // `workspace.findUnique({ where: { id: session.workspaceId } })`: the tenant's own row.
      if (!ownership.idFields.includes(part.field) || !part.pins) return "no";
      return registryValueEvidence(part.value, context);
    default:
      return "no";
  }
}

/** A value the tenant field is pinned to: any value but null scopes (where it came from is `no-untrusted-tenant-id`'s question). */
function valueEvidence(value: PredicateValue): Evidence {
  switch (value.kind) {
    case "expression":
      return isNullish(value.expression) ? "no" : "yes";
    case "literal":
    case "tenant":
      return "yes";
    case "null":
      return "no";
    default:
      return "unknown";
  }
}

/** The registry's id must equal a tenant value: `id: user.workspaceId`, not `id: req.params.id`. */
function registryValueEvidence(value: PredicateValue, context: AnalysisContext): Evidence {
  if (value.kind === "tenant") return "yes";
  if (value.kind === "null" || value.kind === "literal") return "no";
  if (value.kind !== "expression") return "unknown";
  if (isNullish(value.expression)) return "no";
  return isTenantValue(value.expression, context) ? "yes" : "unknown";
}

const memberIdentity = /^(user|member|account)_?id$/iu;

/**
 * A filter on a tenant's own row that requires a membership of someone (`members: { some: { userId } }`):
 * rows of the tenants that member belongs to, which is how users of several tenants are scoped.
 */
function requiresMembership(predicate: Predicate): boolean {
  switch (predicate.kind) {
    case "all":
      return predicate.parts.some(requiresMembership);
    case "related":
      return containsIdentity(predicate.part);
    default:
      return false;
  }
}

function containsIdentity(predicate: Predicate): boolean {
  switch (predicate.kind) {
    case "all":
      return predicate.parts.some(containsIdentity);
    case "related":
      return containsIdentity(predicate.part);
    case "compare":
      return (
        memberIdentity.test(predicate.field) &&
        predicate.pins &&
        predicate.value.kind !== "null" &&
        !(predicate.value.kind === "expression" && isNullish(predicate.value.expression))
      );
    default:
      return false;
  }
}
