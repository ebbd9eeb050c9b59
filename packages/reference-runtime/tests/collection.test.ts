import { beforeEach, describe, expect, it } from "vitest";
import type { TenantCollection } from "../src/db/collection.js";
import type { Campaign } from "../src/db/models.js";
import { NedbCollection } from "../src/db/nedb-collection.js";
import { tenantQuery } from "../src/db/tenant-query.js";

const campaign = (tenantId: string, id: string, name = id): Campaign => ({
  _id: id,
  tenantId,
  name,
  systemPrompt: `prompt ${id}`,
  status: "draft",
  createdAt: new Date(0).toISOString(),
});

describe("tenantQuery", () => {
  it("adds the tenant to a filter", () => {
    expect(tenantQuery("t1", { status: "active" })).toEqual({ status: "active", tenantId: "t1" });
    expect(tenantQuery("t1")).toEqual({ tenantId: "t1" });
  });

  it("cannot be overridden by the caller's filter (unlike the seed's spread order)", () => {
    const sneaky = { tenantId: "t2", status: "active" } as { status: string };
    expect(tenantQuery("t1", sneaky).tenantId).toBe("t1");
  });
});

describe("the nedb collection layer (MongoDB driver method names)", () => {
  let campaigns: TenantCollection<Campaign>;
  beforeEach(async () => {
    campaigns = await NedbCollection.open<Campaign>("campaigns", null);
    await campaigns.insertOne(campaign("t1", "a1"));
    await campaigns.insertOne(campaign("t1", "a2"));
    await campaigns.insertOne(campaign("t2", "b1"));
  });

  it("find, findOne and countDocuments see only the named tenant", async () => {
    expect((await campaigns.find(tenantQuery("t1", {}))).map((c) => c._id).sort()).toEqual(["a1", "a2"]);
    expect(await campaigns.countDocuments(tenantQuery("t2", {}))).toBe(1);
    expect(await campaigns.findOne({ _id: "b1", tenantId: "t1" })).toBeNull();
    expect(await campaigns.findOne({ _id: "b1", tenantId: "t2" })).toMatchObject({ name: "b1" });
  });

  it("updateOne and deleteOne cannot reach another tenant's document", async () => {
    expect(await campaigns.updateOne({ _id: "b1", tenantId: "t1" }, { $set: { name: "x" } })).toEqual({
      matchedCount: 0,
    });
    expect(await campaigns.deleteOne({ _id: "b1", tenantId: "t1" })).toEqual({ deletedCount: 0 });
    expect(await campaigns.findOne({ _id: "b1", tenantId: "t2" })).toMatchObject({ name: "b1" });
  });

  it("refuses a call whose tenant is missing at run time (an `as any` that slipped past the types)", async () => {
    const unscoped = { _id: "b1", tenantId: undefined } as unknown as { _id: string; tenantId: string };
    // eslint-disable-next-line tenant/require-tenant-filter -- the unscoped call is the point: the run-time guard must refuse it
    await expect(campaigns.findOne(unscoped)).rejects.toThrow(/without a tenant/);
    // eslint-disable-next-line tenant/require-tenant-filter -- the unscoped call is the point: the run-time guard must refuse it
    await expect(campaigns.find({} as { tenantId: string })).rejects.toThrow(/without a tenant/);
    await expect(campaigns.insertOne({ ...campaign("", "c1") })).rejects.toThrow(/without a tenant/);
  });

  it("refuses an update that would move a document to another tenant", async () => {
    const moving = { $set: { tenantId: "t2" } } as unknown as { $set: { name: string } };
    // eslint-disable-next-line tenant/require-tenant-on-write -- the tenant-moving update is the point: the run-time guard must refuse it
    await expect(campaigns.updateOne({ _id: "a1", tenantId: "t1" }, moving)).rejects.toThrow(/may not change tenantId/);
    expect(await campaigns.countDocuments(tenantQuery("t2", {}))).toBe(1);
  });

  it("sorts and limits like the driver", async () => {
    await campaigns.insertOne({ ...campaign("t1", "a3"), createdAt: new Date(5).toISOString() });
    const latest = await campaigns.find(tenantQuery("t1", {}), { sort: { createdAt: -1 }, limit: 1 });
    expect(latest.map((c) => c._id)).toEqual(["a3"]);
  });
});
