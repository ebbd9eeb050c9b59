// Membership helpers typed test cases import: one refuses unless the user is a member, one
// only tests presence (authorises nothing), one re-exported under another name.
declare const memberships: { findOne(filter: object): Promise<object | null> };

export async function assertMember(tenantId: string, user: { id: string }): Promise<void> {
  const membership = await memberships.findOne({ tenantId, userId: user.id });
  if (!membership) throw new Error("forbidden");
}

export async function ensureTenant(tenantId: string, user: { id: string }): Promise<void> {
  if (!tenantId || !user) throw new Error("missing");
}

export { assertMember as requireMembership };
