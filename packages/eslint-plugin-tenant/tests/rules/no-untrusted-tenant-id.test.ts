import rule from "../../src/rules/no-untrusted-tenant-id.js";
import { ruleTester, typedRuleTester } from "../rule-tester.js";

// Two lines make an Express app; each case's own code starts on line 3.
const express = `import express from "express";
const app = express();
`;
const withApp = (body: string): string => express + body;

/** The line and column (1-based) where the `nth` occurrence of `snippet` starts in `code`. */
function at(code: string, snippet: string, nth = 1): { line: number; column: number } {
  let index = -1;
  for (let seen = 0; seen < nth; seen += 1) {
    index = code.indexOf(snippet, index + 1);
    if (index < 0) throw new Error(`"${snippet}" (occurrence ${nth}) is not in the test code`);
  }
  const before = code.slice(0, index).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

type Expected = {
  /** Where the finding starts: the first (or \`nth\`) occurrence of this text. */
  at: string;
  nth?: number;
  messageId?: "untrustedTenantId" | "decodedTenantId";
  data?: Record<string, string>;
  /** The code after applying the one suggestion; \`false\` when the rule must offer none. */
  suggest?: string | false;
};

function reported(code: string, expected: Expected[], settings?: Record<string, unknown>) {
  return {
    code,
    ...(settings ? { settings } : {}),
    errors: expected.map(({ at: snippet, nth, messageId = "untrustedTenantId", data, suggest = false }) => ({
      messageId,
      ...(data ? { data } : {}),
      ...at(code, snippet, nth),
      suggestions: suggest === false ? [] : [{ messageId: "useVerifiedTenant" as const, output: suggest }],
    })),
  };
}

const membershipHelpers = `declare const memberships: { findOne(filter: object): Promise<object | null> };
async function assertMember(tenantId: string, user: { id: string }) {
  const m = await memberships.findOne({ tenantId, userId: user.id });
  if (!m) throw new Error("forbidden");
}
async function canAccess(userId: string, tenantId: string) {
  const m = await memberships.findOne({ userId, tenantId });
  return m !== null;
}
async function ensureTenant(tenantId: string, user: { id: string }) {
  if (!tenantId || !user) throw new Error("missing");
}
`;

ruleTester.run("no-untrusted-tenant-id", rule, {
  valid: [
    // NestJS: a guard that authorises (team membership) or a role decorator: out of sight, unverified.
    `declare function Param(name?: string): ParameterDecorator;\ndeclare function UseGuards(...guards: unknown[]): MethodDecorator & ClassDecorator;\ndeclare function Roles(...roles: string[]): MethodDecorator;\ndeclare function AuthGuard(strategy: string): unknown;\ndeclare const TeamMemberGuard: unknown;\nexport class Teams {\n  @UseGuards(TeamMemberGuard)\n  list(@Param("tenantId") tenantId: string) {\n    return tenantId;\n  }\n}`,
    `declare function Param(name?: string): ParameterDecorator;\ndeclare function UseGuards(...guards: unknown[]): MethodDecorator & ClassDecorator;\ndeclare function Roles(...roles: string[]): MethodDecorator;\ndeclare function AuthGuard(strategy: string): unknown;\ndeclare const TeamMemberGuard: unknown;\n@UseGuards(TeamMemberGuard)\nexport class Teams {\n  @Roles("owner")\n  list(@Param("tenantId") tenantId: string) {\n    return tenantId;\n  }\n}`,
    // Authorised in a helper: it checks the verified user's membership and throws otherwise.
    withApp(
      membershipHelpers +
        `app.post("/p", async (req: any, res) => {\n  const tenantId = req.body.tenantId;\n  await assertMember(tenantId, req.user);\n  res.json({ tenantId });\n});`,
    ),
    // A helper that returns the verdict, tested by the caller, which leaves on a refusal.
    withApp(
      membershipHelpers +
        `app.get("/p/:tenantId", async (req: any, res) => {\n  const { tenantId } = req.params;\n  if (!(await canAccess(req.user.id, tenantId))) return res.sendStatus(403);\n  res.json({ tenantId });\n});`,
    ),
    // A helper of another file: unknown without types (unverified), never reported.
    withApp(
      `import { ensureTenant } from "./access.js";\napp.post("/p", async (req: any, res) => {\n  const tenantId = req.body.tenantId;\n  await ensureTenant(tenantId, req.user);\n  res.json({ tenantId });\n});`,
    ),
    // Behind an authorisation step (a role), unverified; behind authentication alone it is reported (see invalid).
    `import express from "express";\ndeclare function requireAuth(req: unknown, res: unknown, next: () => void): void;\ndeclare function requireTenantAdmin(req: unknown, res: unknown, next: () => void): void;\nexport const r = express.Router();\nr.use(requireAuth, requireTenantAdmin);\nr.post("/x", (req, res) => { res.json({ t: req.body.tenantId }); });`,
    // Behind a role check in the handler: a super-admin acting on a named tenant (unverified, not reported).
    withApp(
      `app.get("/admin/t/:tenantId", (req: any, res) => {\n  if (req.user?.role !== "superadmin") return res.sendStatus(403);\n  res.json({ tenantId: req.params.tenantId });\n});`,
    ),
    withApp(
      `app.get("/campaigns", (req: any, res) => {\n  const tenantId = req.user.role === "superadmin" && req.query.tenantId ? String(req.query.tenantId) : req.user.tenantId;\n  res.json({ tenantId });\n});`,
    ),
    // Authorisation middleware on the whole router: every route of it sits behind (unverified, not reported).
    `import express from "express";\ndeclare function requireSuperAdmin(req: unknown, res: unknown, next: () => void): void;\nexport const adminRouter = express.Router();\nadminRouter.use(requireSuperAdmin);\nadminRouter.get("/tenants/:tenantId/campaigns", (req, res) => {\n  res.json({ tenantId: req.params.tenantId });\n});`,
    // One of the tenants the verified user belongs to.
    withApp(
      `app.get("/t/:tenantId", (req: any, res) => {\n  if (!req.user.tenantIds.includes(req.params.tenantId)) return res.sendStatus(403);\n  res.json({ tenantId: req.params.tenantId });\n});`,
    ),
    // Compared through conversions (ObjectId tenants): String(), toString(), ObjectId#equals.
    withApp(
      `app.get("/t/:tenantId", (req: any, res) => {\n  if (String(req.params.tenantId) !== String(req.user.tenantId)) return res.sendStatus(403);\n  res.json({ tenantId: req.params.tenantId });\n});`,
    ),
    withApp(
      `app.get("/t/:tenantId", (req: any, res) => {\n  const { tenantId } = req.params;\n  if (tenantId.toString() !== req.user.tenantId) return res.sendStatus(403);\n  res.json({ tenantId });\n});`,
    ),
    withApp(
      `import { Types } from "mongoose";\napp.get("/t/:tenantId", (req: any, res) => {\n  if (!new Types.ObjectId(req.params.tenantId).equals(req.user.tenantId)) return res.sendStatus(403);\n  res.json({ tenantId: req.params.tenantId });\n});`,
    ),
    // Destructured only to strip the tenant from what the client sent.
    withApp(
      `app.patch("/me", (req: any, res) => {\n  const { tenantId: _ignored, ...changes } = req.body;\n  res.json(changes);\n});`,
    ),
    // NestJS: a route param compared with the verified tenant before use.
    `declare function Param(name?: string): ParameterDecorator;\ndeclare function Headers(name?: string): ParameterDecorator;\ndeclare function Body(): ParameterDecorator;\ndeclare const user: { tenantId: string };\nexport class Campaigns {\n  list(@Param("tenantId") tenantId: string) {\n    if (tenantId !== user.tenantId) throw new Error("forbidden");\n    return tenantId;\n  }\n}`,
    // Destructured in the parameters and compared with the verified tenant before use.
    withApp(
      `app.get("/t/:tenantId", ({ params: { tenantId }, user }: any, res) => {\n  if (tenantId !== user.tenantId) return res.sendStatus(403);\n  res.json({ tenantId });\n});`,
    ),
    // A membership lookup with the caller's identity, whose miss leaves: an authorisation step we cannot see into (unverified).
    withApp(
      `import mongoose, { Schema } from "mongoose";\nconst Membership = mongoose.model("Membership", new Schema({ userId: String, tenantId: String }));\napp.get("/t/:tenantId/campaigns", async (req: any, res) => {\n  const { tenantId } = req.params;\n  const membership = await Membership.findOne({ userId: req.user.id, tenantId });\n  if (!membership) return res.sendStatus(403);\n  res.json({ tenantId });\n});`,
    ),
    // Other request fields, however tenant-like their names: only a configured tenant field counts.
    withApp(`app.post("/campaigns", (req, res) => { res.json({ name: req.body.name }); });`),
    withApp(
      `app.post("/tenants", (req, res) => { res.json({ tenantName: req.body.tenantName, tenant: req.body.tenant }); });`,
    ),
    withApp(`app.get("/campaigns/:id", (req, res) => { res.json({ id: req.params.id, page: req.query.page }); });`),
    withApp(
      `app.get("/me", (req, res) => { res.json({ auth: req.headers.authorization, lang: req.get("accept-language") }); });`,
    ),
    // The verified tenant: set by the auth middleware on the request, or in the token's verified claims.
    withApp(`app.get("/campaigns", (req, res) => { res.json({ tenantId: req.user.tenantId }); });`),
    withApp(`app.get("/campaigns", (req, res) => { const { tenantId } = req.user; res.json({ tenantId }); });`),
    withApp(
      `app.get("/campaigns", (req, res) => { const { tenantId } = req; res.json({ tenantId, also: res.locals.tenantId }); });`,
    ),
    `import jwt from "jsonwebtoken";\nexport function tenantOf(token: string) {\n  const claims = jwt.verify(token, "secret") as { tenantId: string };\n  return claims.tenantId;\n}`,
    `import { jwtVerify } from "jose";\nexport async function tenantOf(token: string, key: Uint8Array) {\n  const { payload } = await jwtVerify(token, key);\n  return payload.tenantId;\n}`,
    // Job data is written by our own producers: trusted.
    `import { Worker } from "bullmq";\nnew Worker("emails", async (job) => { const tenantId = job.data.tenantId; return tenantId; });`,
    // Compared with the verified tenant before use: the comparison itself, then uses after a guard that leaves.
    withApp(
      `app.get("/t/:tenantId/campaigns", (req, res) => {\n  if (req.params.tenantId !== req.user.tenantId) return res.status(403).end();\n  res.json({ tenantId: req.params.tenantId });\n});`,
    ),
    withApp(
      `app.post("/campaigns", (req, res) => {\n  const { tenantId, name } = req.body;\n  if (!tenantId || tenantId !== req.user.tenantId) throw new Error("forbidden");\n  res.json({ tenantId, name });\n});`,
    ),
    withApp(
      `app.post("/campaigns", (req, res) => {\n  const tenantId = req.header("x-tenant-id");\n  if (tenantId !== req.tenantId) {\n    res.status(403).end();\n    return;\n  }\n  res.json({ tenantId });\n});`,
    ),
    withApp(
      `app.post("/campaigns", (req, res) => {\n  if (req.body.tenantId === req.user.tenantId) {\n    res.json({ tenantId: req.body.tenantId });\n  }\n});`,
    ),
    withApp(
      `app.post("/campaigns", (req, res) => {\n  if (req.body.tenantId !== req.user.tenantId) res.status(403).end();\n  else res.json({ tenantId: req.body.tenantId });\n});`,
    ),
    withApp(
      `import assert from "node:assert";\napp.post("/campaigns", (req, res) => {\n  assert.strictEqual(req.body.tenantId, req.user.tenantId);\n  res.json({ tenantId: req.body.tenantId });\n});`,
    ),
    withApp(
      `app.post("/campaigns", (req, res) => {\n  const same = req.body.tenantId === req.user.tenantId;\n  res.json({ same });\n});`,
    ),
    // Compared with a tenant field of a call's result (\`verified(request)\` returns the token's claims).
    `declare function verified(request: unknown): { tenantId: string };\nexport async function usage(request: any, reply: any) {\n  const { tenantId } = request.params;\n  if (tenantId !== verified(request).tenantId) return reply.code(403).send();\n  return reply.send({ tenantId });\n}`,
    // Express \`router.param\` handlers run before every route with that parameter: one that rejects a mismatch guards them all.
    withApp(
      `app.param("tenantId", (req, res, next, value) => {\n  if (value !== req.user.tenantId) return res.sendStatus(403);\n  next();\n});\napp.get("/t/:tenantId/campaigns", (req, res) => res.json({ tenantId: req.params.tenantId }));`,
    ),
    // ... and one that does something we cannot judge (loads the tenant) makes the reads unverified.
    withApp(
      `declare function loadTenant(id: string): Promise<unknown>;\napp.param("tenantId", async (req, res, next, value) => {\n  (req as any).tenant = await loadTenant(value);\n  next();\n});\napp.get("/t/:tenantId", (req, res) => res.json({ tenantId: req.params.tenantId }));`,
    ),
    // Naming the rejected value in the branch that refuses it and leaves.
    withApp(
      `declare const log: { warn(o: object, m: string): void };\napp.get("/t/:tenantId", (req, res) => {\n  if (req.params.tenantId !== req.user.tenantId) {\n    log.warn({ requested: req.params.tenantId }, "cross-tenant attempt");\n    return res.sendStatus(403);\n  }\n  return res.json({ tenantId: req.params.tenantId });\n});`,
    ),
    // The client's value replaced by the verified one before use.
    withApp(
      `app.post("/campaigns", (req, res) => {\n  req.body.tenantId = req.user.tenantId;\n  res.json({ ...req.body, tenantId: req.body.tenantId });\n});`,
    ),
    // A presence test is not a use: rejecting a client that sends a tenant id at all.
    withApp(
      `app.post("/campaigns", (req, res) => {\n  if (req.body.tenantId) return res.status(400).json({ error: "tenantId is not accepted" });\n  res.json({ tenantId: req.user.tenantId });\n});`,
    ),
    withApp(
      `app.post("/campaigns", (req, res) => {\n  if (typeof req.body.tenantId !== "undefined" && req.body.tenantId !== req.user.tenantId) return res.sendStatus(403);\n  res.sendStatus(204);\n});`,
    ),
    // Writing a tenant header on an outgoing request is not reading one.
    `import axios from "axios";\naxios.interceptors.request.use((request) => { request.headers["x-tenant-id"] = "t1"; return request; });`,
    withApp(`app.use((req, res, next) => { res.setHeader("x-tenant-id", req.user.tenantId); next(); });`),
    // Not a request: \`request\` of an HTTP client, a plain object, a GraphQL args object.
    `export function buildRequest(request: { params: Record<string, string> }) { return request.params.tenantId; }`,
    `export const body = { tenantId: "t1" };\nexport const t = body.tenantId;`,
    `export const resolvers = { Query: { campaigns: (_parent: unknown, args: { tenantId: string }) => args.tenantId } };`,
    // A local type that only looks like a request: neither an alias of nor an extension of a framework type.
    `interface Incoming { body: { tenantId: string } }\nexport const tenantOf = (r: Incoming) => r.body.tenantId;`,
    // Supertest: \`res.body\` is the response the test received.
    withApp(
      `import request from "supertest";\nexport async function probe() { const res = await request(app).get("/me"); return res.body.tenantId; }`,
    ),
    // A helper taking \`req\` from callers we cannot see: undecidable, counted as unverified, not reported.
    `export function tenantFrom(req: any) { return req.headers["x-tenant-id"]; }`,
    // An authorisation call we cannot see into, made before the use: unverified.
    withApp(
      `declare function canAccess(user: unknown, tenantId: string): Promise<boolean>;\napp.get("/t/:tenantId", async (req, res) => {\n  if (!(await canAccess(req.user, req.params.tenantId))) return res.sendStatus(403);\n  res.json({ tenantId: req.params.tenantId });\n});`,
    ),
    // Behind route-level authorisation middleware (an admin console picking any tenant): unverified.
    withApp(
      `declare function requireRole(role: string): any;\napp.get("/admin/tenants/:tenantId/campaigns", requireRole("owner"), (req, res) => res.json(req.params.tenantId));`,
    ),
    withApp(
      `declare const requireSuperAdmin: any;\napp.delete("/admin/tenants/:tenantId", requireSuperAdmin, async (req, res) => { res.json({ deleted: req.params.tenantId }); });`,
    ),
    // jwt.decode after jwt.verify of the same token: the claims were verified.
    `import jwt from "jsonwebtoken";\nexport function tenantOf(token: string) {\n  jwt.verify(token, "secret");\n  const decoded = jwt.decode(token) as { tenantId: string };\n  return decoded.tenantId;\n}`,
    // jwt.decode read for something other than the tenant (the key id, the expiry).
    `import jwt from "jsonwebtoken";\nexport const kid = (token: string) => (jwt.decode(token, { complete: true }) as any).header.kid;`,
    // A decode function of another library.
    `import { decode } from "html-entities";\nexport const t = (s: string) => (decode(s) as any).tenantId;`,
    // A dynamic header name: cannot tell it is the tenant header.
    withApp(`app.get("/x", (req, res) => { const name = String(req.query.h); res.json(req.headers[name]); });`),
    // Tenant fields are configurable: with \`orgId\`, \`tenantId\` is an ordinary field.
    {
      code: withApp(`app.post("/x", (req, res) => { res.json({ t: req.body.tenantId }); });`),
      settings: { tenant: { tenantFields: ["orgId"] } },
    },
  ],
  invalid: [
    // NestJS: an authentication guard (`AuthGuard("jwt")`) is not authorisation.
    reported(
      `declare function Param(name?: string): ParameterDecorator;\ndeclare function UseGuards(...guards: unknown[]): MethodDecorator & ClassDecorator;\ndeclare function Roles(...roles: string[]): MethodDecorator;\ndeclare function AuthGuard(strategy: string): unknown;\ndeclare const TeamMemberGuard: unknown;\nexport class Teams {\n  @UseGuards(AuthGuard("jwt"))\n  list(@Param("tenantId") tenantId: string) {\n    return tenantId;\n  }\n}`,
      [{ at: 'Param("tenantId")', data: { read: 'Param("tenantId")', source: "params" }, suggest: false }],
    ),
    // A helper that only tests presence checks nothing about the user.
    reported(
      withApp(
        membershipHelpers +
          `app.post("/p", async (req: any, res) => {\n  const tenantId = req.body.tenantId;\n  await ensureTenant(tenantId, req.user);\n  res.json({ tenantId });\n});`,
      ),
      [{ at: "req.body.tenantId" }],
    ),
    // Not awaited: the refusal is a rejected promise and the handler carries on.
    reported(
      withApp(
        membershipHelpers +
          `app.post("/p", async (req: any, res) => {\n  const tenantId = req.body.tenantId;\n  void assertMember(tenantId, req.user);\n  res.json({ tenantId });\n});`,
      ),
      [{ at: "req.body.tenantId" }],
    ),
    // Authentication is not authorisation: `requireAuth`, `checkJwt`, `passport.authenticate(...)`.
    reported(
      `import express from "express";\ndeclare function requireAuth(req: unknown, res: unknown, next: () => void): void;\nexport const r = express.Router();\nr.use(requireAuth);\nr.post("/x", (req, res) => { res.json({ t: req.body.tenantId }); });`,
      [{ at: "req.body.tenantId" }],
    ),
    reported(
      withApp(
        `declare function checkJwt(req: unknown, res: unknown, next: () => void): void;\napp.post("/x", checkJwt, (req, res) => { res.json({ t: req.body.tenantId }); });`,
      ),
      [{ at: "req.body.tenantId" }],
    ),
    reported(
      withApp(
        `declare const passport: { authenticate(s: string): (req: unknown, res: unknown, next: () => void) => void };\napp.get("/x", passport.authenticate("jwt"), (req, res) => { res.json({ t: req.query.tenantId }); });`,
      ),
      [{ at: "req.query.tenantId" }],
    ),
    // A tenant's own admin role does not license naming another tenant.
    reported(
      withApp(
        `app.get("/t/:tenantId/usage", (req: any, res) => {\n  if (req.user?.role !== "admin") return res.sendStatus(403);\n  res.json({ tenantId: req.params.tenantId });\n});`,
      ),
      [{ at: "req.params.tenantId", suggest: false }],
    ),
    // Middleware on another router does not guard this one.
    reported(
      `import express from "express";\ndeclare function requireSuperAdmin(req: unknown, res: unknown, next: () => void): void;\nexport const adminRouter = express.Router();\nexport const publicRouter = express.Router();\nadminRouter.use(requireSuperAdmin);\npublicRouter.get("/tenants/:tenantId/campaigns", (req, res) => {\n  res.json({ tenantId: req.params.tenantId });\n});`,
      [{ at: "req.params.tenantId", suggest: false }],
    ),
    // A list the client sent is no membership check.
    reported(
      withApp(
        `app.get("/t/:tenantId", (req: any, res) => {\n  if (!req.body.allowed.includes(req.params.tenantId)) return res.sendStatus(403);\n  res.json({ tenantId: req.params.tenantId });\n});`,
      ),
      [
        { at: "req.params.tenantId", suggest: false },
        { at: "req.params.tenantId", nth: 2, suggest: false },
      ],
    ),
    // NestJS parameter decorators read the request.
    reported(
      `declare function Param(name?: string): ParameterDecorator;\ndeclare function Headers(name?: string): ParameterDecorator;\ndeclare function Body(): ParameterDecorator;\nexport class Campaigns {\n  list(@Param("tenantId") tenantId: string) {\n    return tenantId;\n  }\n}`,
      [{ at: 'Param("tenantId")', data: { read: 'Param("tenantId")', source: "params" }, suggest: false }],
    ),
    reported(
      `declare function Param(name?: string): ParameterDecorator;\ndeclare function Headers(name?: string): ParameterDecorator;\ndeclare function Body(): ParameterDecorator;\nexport class Campaigns {\n  list(@Headers("x-tenant-id") tenant: string) {\n    return tenant;\n  }\n}`,
      [{ at: 'Headers("x-tenant-id")', data: { read: 'Headers("x-tenant-id")', source: "headers" }, suggest: false }],
    ),
    reported(
      `declare function Param(name?: string): ParameterDecorator;\ndeclare function Headers(name?: string): ParameterDecorator;\ndeclare function Body(): ParameterDecorator;\nexport class Campaigns {\n  create(@Body() dto: { tenantId: string; name: string }) {\n    return dto.tenantId;\n  }\n}`,
      [{ at: "dto.tenantId", data: { read: "dto.tenantId", source: "body" }, suggest: false }],
    ),
    // The request destructured in the handler's parameters.
    reported(
      withApp(`app.get("/t/:tenantId/campaigns", ({ params: { tenantId } }, res) => { res.json({ tenantId }); });`),
      [{ at: "tenantId }", data: { read: "params.tenantId", source: "params" }, suggest: false }],
    ),
    reported(withApp(`app.post("/campaigns", ({ body }, res) => { res.json({ tenantId: body.tenantId }); });`), [
      { at: "body.tenantId", data: { read: "body.tenantId", source: "body" }, suggest: false },
    ]),
    // Express: body, query, params, headers, cookies.
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  res.json({ tenantId: req.body.tenantId, name: req.body.name });\n});`,
      ),
      [{ at: "req.body.tenantId", data: { read: "req.body.tenantId", source: "body" }, suggest: false }],
    ),
    reported(withApp(`app.get("/campaigns", (req, res) => { res.json(req.query.tenantId); });`), [
      { at: "req.query.tenantId", suggest: false },
    ]),
    reported(withApp(`app.get("/t/:tenantId/campaigns", (req, res) => { res.json(req.params.tenantId); });`), [
      { at: "req.params.tenantId", suggest: false },
    ]),
    reported(withApp(`app.get("/campaigns", (req, res) => { res.json(req.headers["x-tenant-id"]); });`), [
      { at: "req.headers", data: { read: 'req.headers["x-tenant-id"]', source: "headers" }, suggest: false },
    ]),
    reported(withApp(`app.get("/campaigns", (req, res) => { res.json(req.cookies.tenant_id); });`), [
      { at: "req.cookies", data: { read: "req.cookies.tenant_id", source: "cookies" }, suggest: false },
    ]),
    // Header reads by method, in any case or spelling of the header.
    reported(withApp(`app.get("/campaigns", (req, res) => { res.json(req.get("X-Tenant-Id")); });`), [
      { at: "req.get", suggest: false },
    ]),
    reported(withApp(`app.get("/campaigns", (req, res) => { res.json(req.header("tenant-id")); });`), [
      { at: "req.header", suggest: false },
    ]),
    reported(
      withApp(
        `const TENANT_HEADER = "x-tenant-id";\napp.get("/campaigns", (req, res) => { res.json(req.headers[TENANT_HEADER]); });`,
      ),
      [{ at: "req.headers", suggest: false }],
    ),
    // Destructuring: the finding points at the property of the pattern.
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  const { name, tenantId } = req.body;\n  res.json({ name, tenantId });\n});`,
      ),
      [{ at: "tenantId }", data: { read: "req.body.tenantId", source: "body" }, suggest: false }],
    ),
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  const { body: { tenantId } } = req;\n  res.json({ tenantId });\n});`,
      ),
      [{ at: "tenantId }", suggest: false }],
    ),
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  const { "x-tenant-id": tenant } = req.headers;\n  res.json({ tenant });\n});`,
      ),
      [{ at: '"x-tenant-id": tenant', suggest: false }],
    ),
    // Through a variable holding the request part, or a schema that validated it.
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  const body = req.body as { tenantId: string };\n  res.json(body.tenantId);\n});`,
      ),
      [{ at: "body.tenantId)", suggest: false }],
    ),
    reported(
      withApp(
        `import { z } from "zod";\nconst Input = z.object({ tenantId: z.string() });\napp.post("/campaigns", (req, res) => {\n  const input = Input.parse(req.body);\n  res.json(input.tenantId);\n});`,
      ),
      [{ at: "input.tenantId", suggest: false }],
    ),
    // A nested field of the body is still the client's choice.
    reported(withApp(`app.post("/campaigns", (req, res) => { res.json(req.body.campaign.tenantId); });`), [
      { at: "req.body.campaign", suggest: false },
    ]),
    // Auth middleware copying the header onto the request: every later \`req.tenantId\` is the client's.
    reported(withApp(`app.use((req, res, next) => {\n  req.tenantId = req.headers["x-tenant-id"];\n  next();\n});`), [
      { at: "req.headers", suggest: false },
    ]),
    // A guard that does not leave: the 403 is sent, then the code carries on with the client's tenant.
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  const { tenantId } = req.body;\n  if (tenantId !== req.user.tenantId) {\n    res.status(403).end();\n  }\n  res.json({ tenantId });\n});`,
      ),
      [
        {
          at: "tenantId }",
          suggest: withApp(
            `app.post("/campaigns", (req, res) => {\n  const tenantId = req.user.tenantId;\n  if (tenantId !== req.user.tenantId) {\n    res.status(403).end();\n  }\n  res.json({ tenantId });\n});`,
          ),
        },
      ],
    ),
    // A guard after the use protects nothing.
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  res.json({ tenantId: req.body.tenantId });\n  if (req.body.tenantId !== req.user.tenantId) return;\n});`,
      ),
      [
        {
          at: "req.body.tenantId",
          suggest: withApp(
            `app.post("/campaigns", (req, res) => {\n  res.json({ tenantId: req.user.tenantId });\n  if (req.body.tenantId !== req.user.tenantId) return;\n});`,
          ),
        },
      ],
    ),
    // A guard joined with \`&&\` leaves only when both hold: no protection when the first is false.
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  if (req.body.strict && req.body.tenantId !== req.user.tenantId) return;\n  res.json(req.body.tenantId);\n});`,
      ),
      [
        {
          at: "req.body.tenantId)",
          suggest: withApp(
            `app.post("/campaigns", (req, res) => {\n  if (req.body.strict && req.body.tenantId !== req.user.tenantId) return;\n  res.json(req.user.tenantId);\n});`,
          ),
        },
      ],
    ),
    // A branch that names the value but does not leave is no rejection.
    reported(
      withApp(
        `declare const log: { warn(o: object, m: string): void };\napp.get("/t/:tenantId", (req, res) => {\n  if (req.params.tenantId !== req.user.tenantId) {\n    log.warn({ requested: req.params.tenantId }, "cross-tenant attempt");\n  }\n  res.end();\n});`,
      ),
      [
        {
          at: "req.params.tenantId }",
          suggest: withApp(
            `declare const log: { warn(o: object, m: string): void };\napp.get("/t/:tenantId", (req, res) => {\n  if (req.params.tenantId !== req.user.tenantId) {\n    log.warn({ requested: req.user.tenantId }, "cross-tenant attempt");\n  }\n  res.end();\n});`,
          ),
        },
      ],
    ),
    // Replaced with another client value: still the client's.
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  req.body.tenantId = req.query.tenantId;\n  res.json(req.body.tenantId);\n});`,
      ),
      [{ at: "req.query.tenantId" }, { at: "req.body.tenantId)" }],
    ),
    // A param handler for another parameter guards nothing here.
    reported(
      withApp(
        `app.param("campaignId", (req, res, next, value) => {\n  if (value !== req.query.campaignId) return res.sendStatus(404);\n  next();\n});\napp.get("/t/:tenantId", (req, res) => res.json({ tenantId: req.params.tenantId }));`,
      ),
      [{ at: "req.params.tenantId" }],
    ),
    // Compared with something that is not the verified tenant: both reads and the later use are findings.
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  if (req.body.tenantId !== req.query.tenantId) return;\n  res.json(req.body.tenantId);\n});`,
      ),
      [
        { at: "req.body.tenantId", suggest: false },
        { at: "req.query.tenantId", suggest: false },
        { at: "req.body.tenantId", nth: 2, suggest: false },
      ],
    ),
    // Destructured and never compared, even if unused afterwards.
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  const { tenantId } = req.query;\n  res.json({ ok: true });\n});`,
      ),
      [{ at: "tenantId }", suggest: false }],
    ),
    // Suggestion: the verified tenant already read in the handler replaces the request's.
    reported(
      withApp(
        `app.post("/campaigns", (req, res) => {\n  const owner = req.user.tenantId;\n  res.json({ owner, tenantId: req.body.tenantId });\n});`,
      ),
      [
        {
          at: "req.body.tenantId",
          data: { read: "req.body.tenantId", source: "body" },
          suggest: withApp(
            `app.post("/campaigns", (req, res) => {\n  const owner = req.user.tenantId;\n  res.json({ owner, tenantId: req.user.tenantId });\n});`,
          ),
        },
      ],
    ),
    // ... or a tenant parameter of the enclosing function.
    reported(
      `export function makeHandler(tenantId: string) {\n  return (req: any, res: any) => res.json({ tenantId: req.query.tenantId });\n}`,
      [
        {
          at: "req.query.tenantId",
          suggest: `export function makeHandler(tenantId: string) {\n  return (req: any, res: any) => res.json({ tenantId: tenantId });\n}`,
        },
      ],
    ),
    // ... or the way other handlers of the file read it, on this handler's request.
    reported(
      withApp(
        `app.get("/a", (req, res) => res.json(req.tenantId));\napp.post("/b", (request, response) => {\n  const { tenantId, name } = request.body;\n  response.json({ tenantId, name });\n});`,
      ),
      [
        {
          at: "tenantId, name }",
          suggest: withApp(
            `app.get("/a", (req, res) => res.json(req.tenantId));\napp.post("/b", (request, response) => {\n  const { name } = request.body;\n  const tenantId = request.tenantId;\n  response.json({ tenantId, name });\n});`,
          ),
        },
      ],
    ),
    // Middleware before the handler that is not an authorisation step protects nothing.
    reported(withApp(`app.post("/campaigns", express.json(), (req, res) => res.json(req.body.tenantId));`), [
      { at: "req.body" },
    ]),
    // Routers, route chains and named controllers with handler-shaped parameters.
    reported(
      `import { Router } from "express";\nconst campaigns = Router();\ncampaigns.get("/", async (r, s) => { s.json(r.query.tenantId); });`,
      [{ at: "r.query", suggest: false }],
    ),
    reported(withApp(`app.route("/campaigns").post((q, s) => s.json(q.body.tenantId));`), [
      { at: "q.body", suggest: false },
    ]),
    reported(
      `export async function createCampaign(req, res, next) {\n  res.json({ tenantId: req.body.tenantId });\n}`,
      [{ at: "req.body", suggest: false }],
    ),
    // Unused parameters keep their role: (req, _res, next) is middleware.
    reported(
      `export const tenantFromHeader = (req, _res, next) => {\n  req.tenantId = req.headers["x-tenant-id"];\n  next();\n};`,
      [{ at: "req.headers" }],
    ),
    reported(
      `export function onError(err, req, res, next) {\n  res.status(500).json({ tenantId: req.params.tenantId });\n}`,
      [{ at: "req.params", suggest: false }],
    ),
    // A request annotated with its framework type, whatever it is called.
    reported(
      `import type { Request } from "express";\nexport const tenantOf = (incoming: Request) => incoming.headers["x-tenant-id"];`,
      [{ at: "incoming.headers", suggest: false }],
    ),
    reported(
      `import express from "express";\nexport const tenantOf = (incoming: express.Request) => incoming.get("x-tenant-id");`,
      [{ at: "incoming.get", suggest: false }],
    ),
    // A request type of this file built on the framework's: an alias or an interface extending it.
    reported(
      `import type { Request } from "express";\ntype AuthedRequest = Request & { user: { tenantId: string } };\nexport const tenantOf = (r: AuthedRequest) => r.query.tenantId;`,
      [{ at: "r.query" }],
    ),
    reported(
      `import express from "express";\ninterface AuthedRequest extends express.Request { user: { tenantId: string } }\nexport const tenantOf = (r: AuthedRequest) => r.body.tenantId;`,
      [{ at: "r.body" }],
    ),
    // A helper of this file that every call site hands a request.
    reported(
      withApp(
        `function tenantFrom(req: any) { return req.get("x-tenant-id"); }\napp.get("/x", (req, res) => res.json(tenantFrom(req)));`,
      ),
      [{ at: "req.get", suggest: false }],
    ),
    // Fastify: route shorthand, route options and hooks.
    reported(
      `import Fastify from "fastify";\nconst fastify = Fastify();\nfastify.post("/campaigns", async (request, reply) => ({ tenantId: request.body.tenantId }));`,
      [{ at: "request.body", suggest: false }],
    ),
    reported(
      `import Fastify from "fastify";\nconst server = Fastify();\nserver.route({ method: "GET", url: "/x", handler: async (req) => req.headers["x-tenant-id"] });`,
      [{ at: "req.headers", suggest: false }],
    ),
    reported(
      `import type { FastifyInstance } from "fastify";\nexport async function routes(fastify: FastifyInstance) {\n  fastify.addHook("preHandler", async (request) => { (request as any).tenantId = request.headers["x-tenant-id"]; });\n}`,
      [{ at: "request.headers", suggest: false }],
    ),
    // Koa: ctx.request.body, ctx.query, ctx.get(), ctx.cookies.get().
    reported(
      `import Router from "@koa/router";\nconst router = new Router();\nrouter.post("/campaigns", async (ctx) => { ctx.body = { tenantId: ctx.request.body.tenantId }; });`,
      [{ at: "ctx.request.body", suggest: false }],
    ),
    reported(
      `export async function listCampaigns(ctx, next) {\n  ctx.body = { a: ctx.query.tenantId, b: ctx.get("x-tenant-id"), c: ctx.cookies.get("tenantId") };\n  await next();\n}`,
      [
        { at: "ctx.query", suggest: false },
        { at: "ctx.get", suggest: false },
        { at: "ctx.cookies", suggest: false },
      ],
    ),
    // jwt.decode and jose.decodeJwt: decoded, not verified.
    reported(
      `import jwt from "jsonwebtoken";\nexport function tenantOf(token: string) {\n  const decoded = jwt.decode(token) as { tenantId: string };\n  return decoded.tenantId;\n}`,
      [{ at: "decoded.tenantId", messageId: "decodedTenantId", data: { read: "decoded.tenantId" } }],
    ),
    reported(
      `import { decodeJwt } from "jose";\nexport const tenantOf = (token: string) => decodeJwt(token).tenantId;`,
      [{ at: "decodeJwt(token)", messageId: "decodedTenantId" }],
    ),
    reported(
      `import * as jose from "jose";\nexport function tenantOf(token: string) {\n  const { tenantId } = jose.decodeJwt(token);\n  return tenantId;\n}`,
      [{ at: "tenantId }", messageId: "decodedTenantId" }],
    ),
    reported(
      `const jwt = require("jsonwebtoken");\nexport const tenantOf = (token: string) => jwt.decode(token, { complete: true }).payload.tenantId;`,
      [{ at: "jwt.decode", messageId: "decodedTenantId" }],
    ),
    // A verify of another token does not vouch for this one.
    reported(
      `import jwt from "jsonwebtoken";\nexport function tenantOf(a: string, b: string) {\n  jwt.verify(a, "secret");\n  return (jwt.decode(b) as { tenantId: string }).tenantId;\n}`,
      [{ at: "(jwt.decode(b)", messageId: "decodedTenantId" }],
    ),
    // Configured tenant fields, and the header names derived from them.
    reported(
      withApp(`app.post("/x", (req, res) => { res.json([req.body.orgId, req.headers["x-org-id"]]); });`),
      [
        { at: "req.body", suggest: false },
        { at: "req.headers", suggest: false },
      ],
      { tenant: { tenantFields: ["orgId"] } },
    ),
  ],
});

// With types: a request is known by its type (node's IncomingMessage here), whatever its name or
// position, and a \`req\` whose type is another library's is not a request.
typedRuleTester.run("no-untrusted-tenant-id (typed)", rule, {
  valid: [
    // Typed: the helper of another file is summarised there (through a re-export, too): it refuses non-members.
    withApp(
      `import { assertMember, requireMembership } from "./access.js";\napp.post("/p", async (req: any, res) => {\n  const tenantId = req.body.tenantId;\n  await assertMember(tenantId, req.user);\n  res.json({ tenantId });\n});\napp.post("/q", async (req: any, res) => {\n  const tenantId = req.body.tenantId;\n  await requireMembership(tenantId, req.user);\n  res.json({ tenantId });\n});`,
    ),
    // Another library's type: a fetch \`RequestInit\` is an outgoing request, even in a (req, res) function.
    `export function forward(req: RequestInit & { headers: Record<string, string> }, res: Response) { return [req.headers["x-tenant-id"], res]; }`,
    // A stand-alone helper whose parameter is typed by this project: left to syntax, which cannot tell.
    `import type { AuthedRequest } from "./http.js";\nexport const tenantOf = (r: AuthedRequest) => r.user.tenantId;`,
    `import { createServer } from "node:http";\ncreateServer((incoming, outgoing) => { outgoing.end(String(incoming.headers["x-request-id"])); });`,
  ],
  invalid: [
    // Typed: a helper of another file is followed to its declaration; this one checks only presence.
    reported(
      withApp(
        `import { ensureTenant } from "./access.js";\napp.post("/p", async (req: any, res) => {\n  const tenantId = req.body.tenantId;\n  await ensureTenant(tenantId, req.user);\n  res.json({ tenantId });\n});`,
      ),
      [{ at: "req.body.tenantId" }],
    ),
    // Node's own server: the callback's parameters are typed by \`createServer\`, not named like a request.
    reported(
      `import { createServer } from "node:http";\ncreateServer((incoming, outgoing) => { outgoing.end(String(incoming.headers["x-tenant-id"])); });`,
      [{ at: "incoming.headers" }],
    ),
    reported(
      `import type { RequestListener } from "node:http";\nexport const handle: RequestListener = (r, s) => { s.end(String(r.headers["x-tenant-id"])); };`,
      [{ at: "r.headers" }],
    ),
    // A project type says nothing: the (req, res) shape decides, as untyped.
    reported(
      `import type { AuthedRequest } from "./http.js";\nexport function handler(req: AuthedRequest, res: unknown) { return [req.body.tenantId, res]; }`,
      [{ at: "req.body" }],
    ),
  ],
});
