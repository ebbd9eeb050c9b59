import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Campaign, HistoryEntry } from "../src/db/models.js";
import { openPgStore } from "../src/db/postgres/open-pg-store.js";
import type { Store } from "../src/db/store.js";
import { tenantQuery } from "../src/db/tenant-query.js";
import { type TestDatabase, createTestDatabase } from "./helpers/test-database.js";

const campaign = (tenantId: string, id: string, createdAt = new Date(0).toISOString()): Campaign => ({
  _id: id,
  tenantId,
  name: id,
  systemPrompt: `prompt ${id}`,
  status: "draft",
  createdAt,
});

const entry = (tenantId: string, id: string, leadId: string | null, createdAt: string): HistoryEntry => ({
  _id: id,
  tenantId,
  campaignId: "c1",
  kind: leadId === null ? "chat" : "lead",
  input: `in ${id}`,
  output: `out ${id}`,
  leadId,
  createdAt,
});

describe("the PostgreSQL store (Drizzle over pg, real PostgreSQL)", () => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await openPgStore({ databaseUrl: database.url, timeoutMs: 5_000 });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // eslint-disable-next-line tenant/require-tenant-filter -- test setup empties every tenant's rows between tests
    await client.query("truncate campaigns, leads, call_history, tenants");
    await client.end();
    await store.campaigns.insertMany([
      campaign("t1", "a1"),
      campaign("t1", "a2", new Date(1).toISOString()),
      campaign("t2", "b1"),
    ]);
  });

  it("applies the committed migrations, once, however many processes open it", async () => {
    const again = await openPgStore({ databaseUrl: database.url, timeoutMs: 5_000 });
    await again.close();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(["call_history", "campaigns", "leads", "tenants"]);
      const applied = await client.query("select hash from drizzle.__drizzle_migrations");
      expect(applied.rowCount).toBe(1);
    } finally {
      await client.end();
    }
  });

  it("find, findOne and countDocuments see only the named tenant", async () => {
    expect((await store.campaigns.find(tenantQuery("t1", {}), { sort: { createdAt: -1 } })).map((c) => c._id)).toEqual([
      "a2",
      "a1",
    ]);
    expect(
      (await store.campaigns.find(tenantQuery("t1", {}), { sort: { createdAt: 1 }, limit: 1 })).map((c) => c._id),
    ).toEqual(["a1"]);
    expect(await store.campaigns.countDocuments(tenantQuery("t2", {}))).toBe(1);
    expect(await store.campaigns.findOne({ _id: "b1", tenantId: "t1" })).toBeNull();
    expect(await store.campaigns.findOne({ _id: "b1", tenantId: "t2" })).toEqual(campaign("t2", "b1"));
  });

  it("updateOne and deleteOne change one row of the named tenant and never another tenant's", async () => {
    expect(await store.campaigns.updateOne({ _id: "b1", tenantId: "t1" }, { $set: { name: "x" } })).toEqual({
      matchedCount: 0,
    });
    expect(await store.campaigns.deleteOne({ _id: "b1", tenantId: "t1" })).toEqual({ deletedCount: 0 });
    expect(await store.campaigns.findOne({ _id: "b1", tenantId: "t2" })).toMatchObject({ name: "b1" });
    // "One" even when the filter matches several.
    expect(
      await store.campaigns.updateOne(tenantQuery("t1", { status: "draft" as const }), { $set: { status: "active" } }),
    ).toEqual({ matchedCount: 1 });
    expect(await store.campaigns.countDocuments(tenantQuery("t1", { status: "active" as const }))).toBe(1);
    expect(await store.campaigns.deleteOne({ _id: "a1", tenantId: "t1" })).toEqual({ deletedCount: 1 });
    expect(await store.campaigns.countDocuments(tenantQuery("t1", {}))).toBe(1);
  });

  it("matches null as IS NULL, and stores one drafted line per lead", async () => {
    await store.history.insertOne(entry("t1", "h1", null, "2026-01-01T00:00:00.000Z"));
    await store.history.insertOne(entry("t1", "h2", "lead-1", "2026-01-01T00:00:01.000Z"));
    expect((await store.history.find(tenantQuery("t1", { leadId: null }))).map((h) => h._id)).toEqual(["h1"]);
    expect(await store.history.findOne({ tenantId: "t1", leadId: "lead-1" })).toMatchObject({ _id: "h2" });
    expect(await store.history.findOne({ tenantId: "t2", leadId: "lead-1" })).toBeNull();
    await expect(store.history.insertOne(entry("t1", "h3", "lead-1", "2026-01-01T00:00:02.000Z"))).rejects.toThrow();
    // Another tenant's lead of the same id is its own.
    await store.history.insertOne(entry("t2", "h3", "lead-1", "2026-01-01T00:00:02.000Z"));
  });

  it("refuses a call whose tenant is missing at run time, and an update of the identity fields", async () => {
    const unscoped = { _id: "b1", tenantId: undefined } as unknown as { _id: string; tenantId: string };
    await expect(store.campaigns.findOne(unscoped)).rejects.toThrow(/without a tenant/);
    await expect(store.campaigns.find({} as { tenantId: string })).rejects.toThrow(/without a tenant/);
    await expect(store.campaigns.insertOne(campaign("", "c1"))).rejects.toThrow(/without a tenant/);
    const moving = { $set: { tenantId: "t2" } } as unknown as { $set: { name: string } };
    await expect(store.campaigns.updateOne({ _id: "a1", tenantId: "t1" }, moving)).rejects.toThrow(
      /may not change tenantId/,
    );
    await expect(store.campaigns.find(tenantQuery("t1", { nope: 1 } as object))).rejects.toThrow(/not a column/);
  });

  it("keeps a registry of tenants, each once", async () => {
    await store.tenants.register("t2");
    await store.tenants.register("t1");
    await store.tenants.register("t2");
    expect(await store.tenants.list()).toEqual(["t1", "t2"]);
  });
});
