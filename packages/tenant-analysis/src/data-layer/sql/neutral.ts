/**
 * From a SQL predicate to the neutral one every data layer produces (../predicate.ts): the
 * caller says what each placeholder is bound to (a TypeScript expression, a literal, unknown).
 */
import type { Predicate, PredicateValue } from "../predicate.js";
import type { SqlPlaceholder, SqlPredicate, SqlValue } from "./types.js";

export interface NeutralOptions {
  /** A whole condition that is a placeholder (`WHERE ${cond}`); unknown by default. */
  readonly fragment?: (placeholder: SqlPlaceholder) => Predicate;
  /** `current_setting(name)`; unknown by default (only the caller knows which setting holds the tenant). */
  readonly setting?: (name: string) => PredicateValue;
}

export function toNeutralPredicate(
  predicate: SqlPredicate,
  bind: (placeholder: SqlPlaceholder) => PredicateValue,
  options: NeutralOptions = {},
): Predicate {
  const value = (v: SqlValue): PredicateValue => toNeutralValue(v, bind, options);
  const convert = (p: SqlPredicate): Predicate => {
    switch (p.kind) {
      case "all":
        return { kind: "all", parts: p.parts.map(convert) };
      case "any":
        return { kind: "any", parts: p.parts.map(convert), operator: p.operator };
      case "not":
        return { kind: "not", part: convert(p.part) };
      case "fragment":
        return (
          options.fragment?.(p.placeholder) ?? {
            kind: "decided",
            evidence: "unknown",
            reason: "a condition the query receives as a parameter",
          }
        );
      case "opaque":
        return { kind: "decided", evidence: "unknown", reason: p.reason };
      case "compare": {
        const [only] = p.values;
        if (p.values.length === 0 || only === undefined) {
          return {
            kind: "compare",
            field: p.field,
            pins: p.pins,
            value: { kind: "unknown", reason: `${p.operator} without a value` },
          };
        }
        if (p.values.length === 1) return { kind: "compare", field: p.field, pins: p.pins, value: value(only) };
        const each = p.values.map((v): Predicate => ({
          kind: "compare",
          field: p.field,
          pins: p.pins,
          value: value(v),
        }));
        // `IN (a, b)` holds for the rows equal to one of them: pinned to the tenant only if each is the tenant.
        return p.pins ? { kind: "any", parts: each, operator: p.operator } : { kind: "all", parts: each };
      }
    }
  };
  return convert(predicate);
}

export function toNeutralValue(
  v: SqlValue,
  bind: (placeholder: SqlPlaceholder) => PredicateValue,
  options: NeutralOptions = {},
): PredicateValue {
  switch (v.kind) {
    case "placeholder":
      return bind(v.placeholder);
    case "setting":
      return options.setting?.(v.name) ?? { kind: "unknown", reason: `the session setting ${v.name}` };
    case "column":
      return v.table === undefined
        ? { kind: "column", column: v.column }
        : { kind: "column", table: v.table, column: v.column };
    case "literal":
      return { kind: "literal", text: v.text };
    case "null":
      return { kind: "null" };
    case "unknown":
      return { kind: "unknown", reason: v.reason };
  }
}
