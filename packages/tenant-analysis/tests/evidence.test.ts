import { describe, expect, it } from "vitest";
import { keyCarriesTenant } from "../src/evidence/key-evidence.js";
import { mongoFilterDialect } from "../src/adapters/mongodb/filter-dialect.js";
import { objectCarriesTenant } from "../src/evidence/object-evidence.js";
import { parse, probe, untyped } from "./helpers.js";

function filterEvidence(code: string, settings: unknown = {}): string {
  const sourceFile = parse(code);
  const expression = probe(sourceFile);
  return objectCarriesTenant(expression, untyped(settings), mongoFilterDialect, expression.parent).evidence;
}

function keyEvidence(code: string, settings: unknown = {}): string {
  const sourceFile = parse(code);
  return keyCarriesTenant(probe(sourceFile), untyped(settings)).evidence;
}

describe("objectCarriesTenant", () => {
  const cases: [string, string, string][] = [
    ["a tenant key", `probe({ tenantId: t, status: "a" })`, "yes"],
    ["a shorthand tenant", `function f(tenantId) { probe({ tenantId }); }`, "yes"],
    ["a quoted tenant key", `probe({ "tenantId": t })`, "yes"],
    ["an undefined tenant", `probe({ tenantId: undefined })`, "no"],
    ["a null tenant", `probe({ tenantId: null })`, "no"],
    ["$ne on the tenant", `probe({ tenantId: { $ne: t } })`, "no"],
    ["$in on the tenant", `probe({ tenantId: { $in: [t] } })`, "yes"],
    ["an empty filter", `probe({})`, "no"],
    ["a spread of a scoped object", `const base = { tenantId: t }; probe({ ...base, status: "a" })`, "yes"],
    ["a spread of a parameter", `function f(extra) { probe({ ...extra }); }`, "unknown"],
    ["Object.assign of a scoped source", `probe(Object.assign({}, { tenantId: t }, extra))`, "yes"],
    ["$and with one scoped branch", `probe({ $and: [{ tenantId: t }, { status: "a" }] })`, "yes"],
    ["$or with every branch scoped", `probe({ $or: [{ tenantId: t, a: 1 }, { tenantId: t, b: 2 }] })`, "yes"],
    ["$or with one unscoped branch", `probe({ $or: [{ tenantId: t }, { public: true }] })`, "no"],
    ["$nor with the tenant", `probe({ $nor: [{ tenantId: t }] })`, "no"],
    ["a const filter", `const filter = { tenantId: t }; probe(filter)`, "yes"],
    [
      "a filter scoped after its declaration",
      `function f(t) { const filter: any = { a: 1 }; filter.tenantId = t; probe(filter); }`,
      "yes",
    ],
    [
      "a filter scoped only after the query",
      `function f(t) { const filter: any = { a: 1 }; probe(filter); filter.tenantId = t; }`,
      "no",
    ],
    [
      "a filter scoped by Object.assign",
      `function f(t) { const filter = {}; Object.assign(filter, { tenantId: t }); probe(filter); }`,
      "yes",
    ],
    [
      "a let reassigned with scoped values",
      `let filter = { tenantId: t }; if (x) filter = { tenantId: t, a: 1 }; probe(filter)`,
      "yes",
    ],
    ["a configured scope helper", `probe(tenantQuery(t, { a: 1 }))`, "yes"],
    [
      "a local helper returning the tenant",
      `const scoped = (t, f) => ({ ...f, tenantId: t }); probe(scoped(t, {}))`,
      "yes",
    ],
    ["a local helper without it", `function plain(f) { return { ...f, deleted: false }; } probe(plain({}))`, "unknown"],
    [
      "a local helper returning a fresh unscoped object",
      `function plain() { return { deleted: false }; } probe(plain())`,
      "no",
    ],
    ["the request query", `function f(req) { probe(req.query); }`, "no"],
    ["a parameter", `function f(filter) { probe(filter); }`, "unknown"],
    ["both branches scoped", `probe(admin ? { tenantId: t } : { tenantId: t, owner: u })`, "yes"],
    ["one branch scoped", `probe(admin ? {} : { tenantId: t })`, "unknown"],
    ["a computed key", `probe({ [field]: t })`, "unknown"],
  ];
  it.each(cases)("%s", (_label, code, expected) => {
    expect(filterEvidence(code)).toBe(expected);
  });

  it("takes the id of the tenant's own row for the tenant", () => {
    expect(
      filterEvidence(`function f(workspace: { id: string }) { probe({ workspaceId: workspace.id }); }`, {
        tenantFields: ["workspaceId"],
      }),
    ).toBe("yes");
    expect(
      keyEvidence("function f(ctx: any) { probe(`usage:${ctx.workspace.id}`); }", { tenantFields: ["workspaceId"] }),
    ).toBe("yes");
    expect(
      keyEvidence("function f(user: any) { probe(`usage:${user.id}`); }", { tenantFields: ["workspaceId"] }),
    ).not.toBe("yes");
  });

  it("reads configured tenant fields", () => {
    expect(filterEvidence(`probe({ orgId: o })`, { tenantFields: ["orgId"] })).toBe("yes");
    expect(filterEvidence(`probe({ tenantId: o })`, { tenantFields: ["orgId"] })).toBe("no");
  });
});

describe("keyCarriesTenant", () => {
  const cases: [string, string, string][] = [
    ["a literal", `probe("stats")`, "no"],
    ["a template with the tenant", "function f(tenantId) { probe(`stats:${tenantId}`); }", "yes"],
    ["a template with a request tenant", "function f(req) { probe(`stats:${req.user.tenantId}`); }", "yes"],
    ["a template with another id", "function f(sessionId) { probe(`session:${sessionId}`); }", "no"],
    ["a template with a member id", "function f(user) { probe(`user:${user.id}`); }", "no"],
    ["a template over a whole key parameter", "function f(key) { probe(`cache:${key}`); }", "unknown"],
    ["a concatenation with the tenant", `function f(tenantId) { probe("stats:" + tenantId); }`, "yes"],
    ["a concatenation without it", `function f(id) { probe("stats:" + id); }`, "no"],
    ["a const key with the tenant", "function f(tenantId) { const key = `a:${tenantId}`; probe(key); }", "yes"],
    ["a configured key builder", `probe(tenantKey(t, "stats"))`, "yes"],
    [
      "a local builder adding the tenant",
      "const keyFor = (tenantId, id) => `s:${tenantId}:${id}`; probe(keyFor(t, 1))",
      "yes",
    ],
    ["a local builder known not to", "const keyFor = (id) => `s:${id}`; probe(keyFor(1))", "no"],
    ["a call the file cannot see into", `probe(buildKey(x))`, "unknown"],
    ["a hash segment", "probe(`cache:${hash(params)}`)", "no"],
    ["a segment computed from the tenant", "probe(`cache:${scopeOf(tenantId)}`)", "unknown"],
    ["an array of keys, one unscoped", 'function f(tenantId) { probe([`a:${tenantId}`, "b"]); }', "no"],
  ];
  it.each(cases)("%s", (_label, code, expected) => {
    expect(keyEvidence(code)).toBe(expected);
  });
});
