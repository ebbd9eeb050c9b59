import { errors, jwtVerify } from "jose";
import type { TenantContext } from "./tenant-context.js";

/** Tenant ids become part of queue names and Redis keys, so keep them to a safe alphabet. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export class AuthError extends Error {
  readonly statusCode = 401;
}

export interface TokenPolicy {
  secret: Uint8Array;
  /** When set, the token's `iss` must equal it. */
  issuer?: string | undefined;
  /** When set, the token's `aud` must contain it. */
  audience?: string | undefined;
}

/**
 * Verifies `Authorization: Bearer <JWT>` with HS256 only: `alg: none`, other algorithms,
 * a wrong signature, a token without `exp` or past it, a wrong `iss` or `aud` and missing
 * claims are all rejected.
 */
export async function verifyBearer(authorization: string | undefined, policy: TokenPolicy): Promise<TenantContext> {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization ?? "");
  const token = match?.[1];
  if (!token) throw new AuthError("missing bearer token");
  let payload;
  try {
    ({ payload } = await jwtVerify(token, policy.secret, {
      algorithms: ["HS256"],
      // A token without an expiry would be valid forever once leaked.
      requiredClaims: ["exp"],
      ...(policy.issuer === undefined ? {} : { issuer: policy.issuer }),
      ...(policy.audience === undefined ? {} : { audience: policy.audience }),
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new AuthError("token expired");
    if (err instanceof errors.JWTClaimValidationFailed) throw new AuthError(`token rejected: ${err.claim} claim`);
    throw new AuthError("invalid token");
  }
  const { tenantId, sub } = payload;
  if (typeof tenantId !== "string" || !TENANT_ID_PATTERN.test(tenantId)) {
    throw new AuthError("token has no valid tenantId claim");
  }
  if (typeof sub !== "string" || sub.length === 0) throw new AuthError("token has no sub claim");
  return { tenantId, userId: sub };
}
