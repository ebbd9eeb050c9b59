/**
 * The types already demand a tenant on every filter; this catches the `as any` and
 * `undefined` that slip past them, because a filter `{ tenantId: undefined }` matches every
 * tenant's documents in both nedb and MongoDB.
 */
export function assertTenantId(tenantId: unknown): string {
  if (typeof tenantId !== "string" || tenantId.length === 0) {
    throw new TypeError("tenant-scoped collection call without a tenant id");
  }
  return tenantId;
}

/** An update may never move a document to another tenant or rename it. */
export function assertNoIdentityChange(fields: object): void {
  if (Object.hasOwn(fields, "tenantId") || Object.hasOwn(fields, "_id")) {
    throw new TypeError("an update may not change tenantId or _id");
  }
}
