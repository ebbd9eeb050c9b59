import { AsyncLocalStorage } from "node:async_hooks";

export interface TenantContext {
  tenantId: string;
  /** The token's `sub`: who in the tenant is calling. */
  userId: string;
}

// Holds only the current request's verified identity; AsyncLocalStorage keeps one
// request's value from ever being seen by another, even across awaits.
const storage = new AsyncLocalStorage<TenantContext>();

export function runWithTenant<R>(context: TenantContext, fn: () => R): R {
  return storage.run(context, fn);
}

/** The verified tenant of the current request; throws outside an authenticated request. */
export function currentTenant(): TenantContext {
  const context = storage.getStore();
  if (!context) throw new Error("no verified tenant in this context (route registered without the auth hook?)");
  return context;
}
