/** The verified identity a request or job carries: who is asking, as set by authentication. */
import { memberPath, unwrap } from "./ast.js";
import type ts from "./typescript.cjs";

export const identityName =
  /^(user|session|auth|principal|claims|membership|memberships|account|identity|state|locals)$/iu;

/** `req.user.tenantIds`, `session.memberships`: a list hanging off the verified identity. */
export function ownedByIdentity(expression: ts.Expression): boolean {
  const path = memberPath(unwrap(expression));
  return (
    path !== undefined &&
    path
      .split(".")
      .slice(0, -1)
      .some((segment) => identityName.test(segment))
  );
}
