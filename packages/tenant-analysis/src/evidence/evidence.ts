/** Whether a filter, document, key or payload carries the tenant: yes, no, or cannot tell. */
export type Evidence = "yes" | "no" | "unknown";

/** `all` for $or branches and multi-key commands: every part must carry the tenant. */
export function everyPart(parts: readonly Evidence[]): Evidence {
  if (parts.length === 0) return "no";
  if (parts.includes("no")) return "no";
  return parts.includes("unknown") ? "unknown" : "yes";
}

/** Any part carrying the tenant is enough (object properties, $and branches, Object.assign sources). */
export function anyPart(parts: readonly Evidence[]): Evidence {
  if (parts.includes("yes")) return "yes";
  return parts.includes("unknown") ? "unknown" : "no";
}

/** Alternatives (`cond ? a : b`, `a ?? b`): known only when both agree. */
export function bothBranches(parts: readonly Evidence[]): Evidence {
  if (parts.length > 0 && parts.every((part) => part === "yes")) return "yes";
  if (parts.length > 0 && parts.every((part) => part === "no")) return "no";
  return "unknown";
}
