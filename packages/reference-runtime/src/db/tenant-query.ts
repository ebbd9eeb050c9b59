/**
 * Scopes a filter to one tenant. The tenant goes last so a caller's filter can never
 * override it (the seed's version spread the caller's filter after the tenant).
 */
export function tenantQuery<F extends object>(tenantId: string, filter: F = {} as F): F & { tenantId: string } {
  return { ...filter, tenantId };
}
