import type { FastifyInstance } from "fastify";
import { AuthError, type TokenPolicy, verifyBearer } from "./verify-token.js";
import { type TenantContext, runWithTenant } from "./tenant-context.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Set only from a verified token, by the onRequest hook below. */
    tenant: TenantContext | null;
  }
}

/**
 * Authenticates every route registered in this scope. The token is verified before the
 * body is even read (onRequest); the tenant is entered into AsyncLocalStorage in preHandler,
 * after body parsing, because stream callbacks would not carry the context through it.
 */
export function requireTenant(app: FastifyInstance, policy: TokenPolicy): void {
  app.addHook("onRequest", async (request, reply) => {
    try {
      request.tenant = await verifyBearer(request.headers.authorization, policy);
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      await reply
        .code(401)
        .header("www-authenticate", 'Bearer error="invalid_token"')
        .send({ error: "Unauthorized", message: err.message });
    }
  });
  app.addHook("preHandler", (request, _reply, done) => {
    if (!request.tenant) {
      done(new AuthError("missing bearer token"));
      return;
    }
    runWithTenant(request.tenant, done);
  });
}
