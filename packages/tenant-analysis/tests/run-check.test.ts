import { describe, expect, it } from "vitest";
import { getFileFacts } from "../src/file-facts.js";
import { analyzeFile, collectProjectFacts, runCheck } from "../src/index.js";
import { parse, untyped } from "./helpers.js";

const service = `
import { model, Schema } from "mongoose";
const Campaign = model("Campaign", new Schema({ tenantId: String, name: String }));
export async function list(tenantId: string, filter: object, users: { id: string }[]) {
  users.find((user) => user.id === "a");
  await Campaign.find({ tenantId });
  await Campaign.find({ status: "active" });
  await Campaign.find(filter);
}
`;

describe("runCheck", () => {
  it("counts examined sites and the undecidable ones, and reports only what is known", () => {
    const result = runCheck("require-tenant-filter", parse(service), untyped());
    expect(result.checked).toBe(3);
    expect(result.unverified).toBe(1);
    expect(
      result.findings.map((finding) => [
        finding.messageId,
        finding.node.getSourceFile().getLineAndCharacterOfPosition(finding.node.getStart()).line + 1,
      ]),
    ).toEqual([["missingTenantFilter", 7]]);
    expect(result.findings[0]!.message).toBe(
      "find() on tenant-owned Campaign has no tenantId in its filter, so it reaches every tenant's documents",
    );
  });

  it("walks a file once for every check", () => {
    const sourceFile = parse(service);
    const facts = getFileFacts(sourceFile);
    analyzeFile(sourceFile, untyped());
    expect(getFileFacts(sourceFile)).toBe(facts);
  });

  it("counts undecided receivers that call a distinctive query method", () => {
    const result = runCheck(
      "require-tenant-filter",
      parse(`export const f = (repo) => repo.findOne({ a: 1 });`),
      untyped(),
    );
    expect(result).toMatchObject({ checked: 1, unverified: 1, findings: [] });
  });
});

describe("collectProjectFacts", () => {
  it("discovers scope helpers, key builders and global models across files", () => {
    const helpers = parse(`
      export function forTenant(tenantId: string, extra: object) { return { ...extra, tenantId }; }
      export const sessionKey = (tenantId: string, id: string) => \`session:\${tenantId}:\${id}\`;
      export function plain(extra: object) { return { ...extra }; }
    `);
    const models = parse(`
      import mongoose from "mongoose";
      export const Plan = mongoose.model("Plan", new mongoose.Schema({ name: String, price: Number }));
      export const Lead = mongoose.model("Lead", new mongoose.Schema({ tenantId: String, phone: String }));
    `);
    const facts = collectProjectFacts([helpers, models], untyped());
    expect([...facts.scopeHelpers]).toEqual(["forTenant"]);
    expect([...facts.keyBuilders]).toEqual(["sessionKey"]);
    expect([...facts.globalModels].sort()).toEqual(["Plan"]);
  });

  it("lets the checks use what other files define", () => {
    const route = parse(`
      import { Campaign } from "./models";
      import Redis from "ioredis";
      const redis = new Redis();
      export async function get(tenantId: string, id: string) {
        await redis.get(sessionKey(tenantId, id));
        await redis.get(otherKey(id));
      }
    `);
    const context = {
      ...untyped(),
      projectFacts: { ...collectProjectFacts([], untyped()), keyBuilders: new Set(["sessionKey"]) },
    };
    const result = runCheck("require-tenant-redis-key", route, context);
    expect(result).toMatchObject({ checked: 2, unverified: 1, findings: [] });
  });
});
