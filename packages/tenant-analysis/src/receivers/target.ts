import type ts from "typescript";
import type { LibraryAdapter, TargetKind } from "../adapters/types.js";

/** A receiver known to be a database model/collection, Redis client, queue, logger or LLM client. */
export interface Target {
  readonly kind: TargetKind;
  /** The adapter's library, or "custom" for a `receivers` setting. */
  readonly library: string;
  readonly adapter?: LibraryAdapter;
  /** A pipeline or `multi()` whose command methods return the receiver again. */
  readonly chain: boolean;
  /** Names it is known by: its variable or property, the model/collection/queue name given to its factory. */
  readonly names: readonly string[];
  /** The factory call or construction that made it, when seen (`model("X", schema)`, `new Queue("q")`). */
  readonly origin?: ts.CallExpression | ts.NewExpression;
  /** The deriving calls it was made through, oldest first (`client.$extends(…)`): what they add is the adapter's to read. */
  readonly derivations?: readonly ts.CallExpression[];
  /** With type information: the document type of a model or collection. */
  readonly documentType?: ts.Type;
}

export type Classification =
  | { readonly status: "target"; readonly target: Target }
  | { readonly status: "non-target" }
  | { readonly status: "unknown" };

export const unknownReceiver: Classification = { status: "unknown" };
export const nonTarget: Classification = { status: "non-target" };
/** Met again while being classified (a value that flows back into itself): the other alternatives decide. */
export const cycleReceiver: Classification = { status: "unknown" };
/**
 * What a model's or collection's method returns (a query, a cursor, a promise of documents):
 * unknown, and not worth a type query, which would name no receiver we know and can take
 * TypeScript seconds (a Mongoose query's generics over the schema).
 */
export const databaseResult: Classification = { status: "unknown" };

export function targetOf(target: Target): Classification {
  return { status: "target", target };
}

export function withNames(classification: Classification, names: readonly (string | undefined)[]): Classification {
  if (classification.status !== "target") return classification;
  const extra = names.filter((name): name is string => Boolean(name) && !classification.target.names.includes(name!));
  if (extra.length === 0) return classification;
  return targetOf({ ...classification.target, names: [...classification.target.names, ...extra] });
}
