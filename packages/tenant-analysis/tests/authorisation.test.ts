/** Authorisation, not authentication: middleware names, and authorisation done by an earlier call. */
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { authorisationAt, isAuthorisationMiddleware } from "../src/authorisation.js";
import { parse, probe, untyped } from "./helpers.js";

const expression = (code: string) => probe(parse(`probe(${code});`));

describe("authorisation", () => {
  it("tells authorisation middleware from authentication", () => {
    for (const name of [
      "requireRole('owner')",
      "requireSuperAdmin",
      "authorize('x')",
      "checkPermission",
      "ensureTenantAdmin",
      "TeamMemberGuard",
    ])
      expect(isAuthorisationMiddleware(expression(name)), name).toBe(true);
    for (const name of [
      "requireAuth",
      "checkJwt",
      "ensureLoggedIn",
      "authenticate",
      "passport.authenticate('jwt')",
      "verifyToken",
      "requireUser",
      "AuthGuard('jwt')",
      "JwtAuthGuard",
    ])
      expect(isAuthorisationMiddleware(expression(name)), name).toBe(false);
  });

  it("an awaited helper that refuses non-members authorises later uses; an unseen one is unknown", () => {
    const denotes = (node: ts.Expression) => ts.isIdentifier(node) && node.text === "t";
    const none = () => false;
    const seen = parse(
      `declare const db: any;\nasync function assertMember(t: string, user: { id: string }) { const m = await db.findOne({ t, userId: user.id }); if (!m) throw new Error(); }\nasync function h(t: string, user: { id: string }) { await assertMember(t, user); probe(t); }`,
    );
    expect(authorisationAt(probe(seen), denotes, none, untyped())).toBe("authorised");
    const unseen = parse(
      `import { assertMember } from "./access.js";\nasync function h(t: string, user: { id: string }) { await assertMember(t, user); probe(t); }`,
    );
    expect(authorisationAt(probe(unseen), denotes, none, untyped())).toBe("unknown");
    const nothing = parse(
      `async function h(t: string, user: { id: string }) { await save(t); probe(t); }\nasync function save(t: string) {}`,
    );
    expect(authorisationAt(probe(nothing), denotes, none, untyped())).toBe("none");
  });
});
