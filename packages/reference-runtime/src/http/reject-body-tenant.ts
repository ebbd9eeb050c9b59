import type { FastifyReply, FastifyRequest } from "fastify";

const TENANT_FIELD = "tenantId";

/** True when the tenant field appears anywhere in a parsed JSON body. */
export function mentionsTenantField(value: unknown, depth = 0): boolean {
  if (depth > 32 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((item) => mentionsTenantField(item, depth + 1));
  return Object.entries(value).some(([key, child]) => key === TENANT_FIELD || mentionsTenantField(child, depth + 1));
}

/**
 * The tenant is never chosen by the caller: a body naming one is refused outright rather
 * than silently ignored, so a client built on the wrong assumption finds out at once.
 */
export async function rejectBodyTenant(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  // The usual mistake spelled out (a top-level tenantId, only tested for presence, never
  // used), then the same field at any depth.
  const sent = (request.body as { tenantId?: unknown } | null | undefined)?.tenantId;
  if (sent !== undefined || mentionsTenantField(request.body)) {
    await reply
      .code(400)
      .send({ error: "Bad Request", message: "tenantId may not be sent in the body; it comes from the token" });
  }
}
