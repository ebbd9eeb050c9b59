/**
 * The neutral filter of a database query: field comparisons under and / or / not, whatever
 * the library wrote them as (`{ $or: [...] }`, `{ OR: [...] }`, `or(eq(...), ...)`, SQL `WHERE`).
 * Adapters build it; `filter-scope.ts` is the one place that decides whether it is scoped.
 */
import type ts from "typescript";
import type { Evidence } from "../evidence/evidence.js";

/** Where a value of a comparison comes from. */
export type PredicateValue =
  /** A TypeScript expression: `{ tenantId: user.tenantId }`, a `${hole}` of a SQL template, a bound `$1`. */
  | { readonly kind: "expression"; readonly expression: ts.Expression }
  /** A constant written in the query (`'acme'`, `42`): one fixed tenant, never the caller's. */
  | { readonly kind: "literal"; readonly text: string }
  /** `null` / `undefined`: matches no tenant, or (in a Prisma filter) drops the condition. */
  | { readonly kind: "null" }
  /** A value known to be the caller's tenant without an expression (`current_setting('app.tenant_id')`). */
  | { readonly kind: "tenant" }
  /** Another column (`a.tenant_id = b.tenant_id`), with the table it belongs to when known. */
  | { readonly kind: "column"; readonly table?: string; readonly column: string }
  /** Anything else (a sub-select, a function of several values, an unbound `$3`). */
  | { readonly kind: "unknown"; readonly reason: string };

export type Predicate =
  /** Every part holds (`AND`, `$and`, `and()`, the fields of one filter object). No parts: matches everything. */
  | { readonly kind: "all"; readonly parts: readonly Predicate[]; readonly origin?: ts.Node }
  /** Some part holds (`OR`, `$or`, `or()`); `operator` is how it was written, for messages. */
  | { readonly kind: "any"; readonly parts: readonly Predicate[]; readonly operator: string; readonly origin?: ts.Node }
  /** The part does not hold (`NOT`, `$nor`, `$not`, `not()`, `ne()`): nothing inside a negation scopes. */
  | { readonly kind: "not"; readonly part: Predicate; readonly origin?: ts.Node }
  /** Alternatives of which one is the filter at run time (`cond ? a : b`, `a ?? b`): scoped only if all are. */
  | { readonly kind: "either"; readonly parts: readonly Predicate[]; readonly origin?: ts.Node }
  /**
   * A field compared with a value. `pins`: the comparison restricts the field to that value
   * (`=`, `equals`, `$eq`, `in`/`$in` of values); false for `!=`, `>`, `exists`, `contains`.
   */
  | {
      readonly kind: "compare";
      readonly field: string;
      readonly pins: boolean;
      readonly value: PredicateValue;
      readonly origin?: ts.Node;
    }
  /** A filter on a related model, reached through `relation` (`where: { document: { workspaceId } }`). */
  | { readonly kind: "related"; readonly relation: string; readonly part: Predicate; readonly origin?: ts.Node }
  /**
   * What the adapter's reading of plain JavaScript already decided: a scope helper's result
   * (`yes`), the client's own input (`no`), a parameter it cannot see into (`unknown`).
   */
  | { readonly kind: "decided"; readonly evidence: Evidence; readonly reason: string; readonly origin?: ts.Node };

export const matchesEverything: Predicate = { kind: "all", parts: [] };
