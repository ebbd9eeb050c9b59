import { SignJWT } from "jose";

/** Development tokens (mint-token script, tests): HS256 with the server's secret. */
export async function signToken(
  secret: Uint8Array,
  claims: { tenantId: string; sub: string },
  expiresIn: string | number = "1h",
): Promise<string> {
  return new SignJWT({ tenantId: claims.tenantId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secret);
}
