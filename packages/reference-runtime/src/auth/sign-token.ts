import { SignJWT } from "jose";

/** Development tokens (mint-token script, tests): HS256 with the server's secret. */
export async function signToken(
  secret: Uint8Array,
  claims: { tenantId: string; sub: string; iss?: string | undefined; aud?: string | undefined },
  expiresIn: string | number = "1h",
): Promise<string> {
  const jwt = new SignJWT({ tenantId: claims.tenantId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (claims.iss !== undefined) jwt.setIssuer(claims.iss);
  if (claims.aud !== undefined) jwt.setAudience(claims.aud);
  return jwt.sign(secret);
}
