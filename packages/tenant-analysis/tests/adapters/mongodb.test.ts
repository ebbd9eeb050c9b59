/** The MongoDB data layer: driver collections and Mongoose models become neutral query sites. */
import { describe, expect, it } from "vitest";
import { mongoQueries } from "../../src/adapters/mongodb/query-sites.js";
import { filterScope } from "../../src/data-layer/filter-scope.js";
import { getFileFacts } from "../../src/file-facts.js";
import { parse, untyped } from "../helpers.js";

const header = `import mongoose, { Schema } from "mongoose";
import { MongoClient } from "mongodb";
const Campaign = mongoose.model("Campaign", new Schema({ tenantId: String, name: String }));
const Plan = mongoose.model("Plan", new Schema({ name: String }));
const db = new MongoClient("mongodb://x").db("app");
`;

function sitesOf(body: string) {
  const sourceFile = parse(`${header}export async function f(tenantId: string, id: string) {\n${body}\n}\n`);
  const context = untyped();
  return mongoQueries.querySites(sourceFile, getFileFacts(sourceFile), context).sites.map((site) => ({
    method: site.method,
    target: site.target,
    operation: site.operation,
    byKey: site.byKey !== undefined,
    scope: site.filter ? filterScope(site.filter, site.view, context).evidence : undefined,
    documents: site.documents?.map((document) => document.evidence),
    reassignment: site.reassignment,
  }));
}

describe("MongoDB and Mongoose query sites", () => {
  it("reads a find on a model into a read with its filter", () => {
    expect(sitesOf("await Campaign.find({ tenantId });")).toEqual([
      {
        method: "find",
        target: "Campaign",
        operation: "read",
        byKey: false,
        scope: "yes",
        documents: undefined,
        reassignment: undefined,
      },
    ]);
  });

  it("reads $or branches, $nor and a chained where into the predicate", () => {
    expect(sitesOf(`await Campaign.find({ $or: [{ tenantId }, { name: "x" }] });`)[0]?.scope).toBe("no");
    expect(sitesOf("await Campaign.find({ $nor: [{ tenantId }] });")[0]?.scope).toBe("no");
    expect(sitesOf(`await Campaign.find({ name: "x" }).where("tenantId").equals(tenantId);`)[0]?.scope).toBe("yes");
  });

  it("turns findById into a lookup by key on _id", () => {
    expect(sitesOf("await Campaign.findById(id);")[0]).toMatchObject({ operation: "read", byKey: true, scope: "no" });
  });

  it("reads a pipeline by its first stage", () => {
    expect(
      sitesOf("await Campaign.aggregate([{ $match: { tenantId } }, { $group: { _id: null } }]);")[0],
    ).toMatchObject({ scope: "yes" });
    expect(sitesOf("await Campaign.aggregate([{ $group: { _id: null } }]);")[0]).toMatchObject({ scope: "no" });
  });

  it("reads inserts, upserts and reassignments as written rows", () => {
    expect(sitesOf(`await Campaign.create({ name: "x" });`)[0]).toMatchObject({
      operation: "insert",
      documents: ["no"],
    });
    expect(
      sitesOf(`await Campaign.updateOne({ name: "x" }, { $setOnInsert: { tenantId } }, { upsert: true });`)[0],
    ).toMatchObject({
      operation: "upsert",
      documents: ["yes"],
    });
    expect(sitesOf(`await Campaign.updateOne({ tenantId }, { $set: { tenantId: "other" } });`)[0]).toMatchObject({
      reassignment: "$set",
    });
  });

  it("reads driver collections by their name, and knows a global model is none of its business", () => {
    expect(sitesOf(`await db.collection("leads").deleteMany({});`)[0]).toMatchObject({
      operation: "delete",
      target: `db.collection("leads")`,
      scope: "no",
    });
    expect(sitesOf("await Plan.find({});")).toEqual([]);
  });

  it("reads new Model(doc) as an insert", () => {
    expect(sitesOf(`const c = new Campaign({ name: "x" });\nawait c.save();`)[0]).toMatchObject({
      method: "new Campaign",
      operation: "insert",
      documents: ["no"],
    });
  });

  it("leaves arrays and Maps alone", () => {
    expect(
      sitesOf("const rows = [{ tenantId }];\nrows.find((r) => r.tenantId === tenantId);\nnew Map().delete(id);"),
    ).toEqual([]);
  });
});
