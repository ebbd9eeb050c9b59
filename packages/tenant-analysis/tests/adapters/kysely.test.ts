/** The Kysely data layer: the `Database` interface as the schema, query-builder chains as query sites. */
import { describe, expect, it } from "vitest";
import { readKyselyDatabase } from "../../src/adapters/kysely/schema.js";
import { ownershipOf } from "../../src/data-layer/ownership.js";
import type { DataModel, DataSchema } from "../../src/data-layer/schema.js";
import { runCheck } from "../../src/index.js";
import { parseSettings } from "../../src/settings.js";
import type { AnalysisContext } from "../../src/types.js";
import { parse } from "../helpers.js";

const types = `
import type { Generated, ColumnType } from "kysely";
export interface CampaignTable { id: Generated<string>; tenant_id: string; name: string; status: string | null; }
export interface TenantTable { id: Generated<string>; name: string; }
export interface PlanTable { id: string; price: number; }
export type LeadTable = { id: string; tenant_id: string; email: string };
export interface Database { campaigns: CampaignTable; tenants: TenantTable; plans: PlanTable; leads: LeadTable; "public.events": { id: string; tenant_id: string } }
export type DB = Kysely<Database>;
`;

function schemaOf(text: string): DataSchema {
  const { models, errors } = readKyselyDatabase([{ file: "/repo/src/db/types.ts", text }]);
  expect(errors).toEqual([]);
  const byName = new Map<string, DataModel>();
  for (const model of models) for (const name of model.names) if (!byName.has(name)) byName.set(name, model);
  return { models: byName, sources: ["/repo/src/db/types.ts"] };
}

const dataSchema = schemaOf(types);
const settings = parseSettings({});
const header = `import { Kysely, PostgresDialect, sql } from "kysely";
import type { Database } from "./types";
const db = new Kysely<Database>({ dialect: new PostgresDialect({} as any) });
`;

function lint(
  rule: "require-tenant-filter" | "require-tenant-on-write",
  body: string,
  context: Partial<AnalysisContext> = {},
) {
  const sourceFile = parse(
    `${header}export async function f(tenantId: string, id: string, req: any, other: string, ids: string[]) {\n${body}\n}\n`,
  );
  const result = runCheck(rule, sourceFile, { settings, dataSchema, ...context });
  return {
    messages: result.findings.map((finding) => finding.messageId),
    checked: result.checked,
    unverified: result.unverified,
    reasons: (result.sites ?? []).map((site) => site.reason),
  };
}

describe("the Kysely Database interface as the schema", () => {
  it("reads tables and columns from the interface Kysely is given", () => {
    expect([...new Set(dataSchema.models.values())].map((model) => model.name)).toEqual([
      "campaigns",
      "tenants",
      "plans",
      "leads",
      "public.events",
    ]);
    expect(ownershipOf(dataSchema.models.get("campaigns")!, dataSchema, settings)).toEqual({
      kind: "tenant-owned",
      field: "tenant_id",
    });
    expect(ownershipOf(dataSchema.models.get("events")!, dataSchema, settings)).toEqual({
      kind: "tenant-owned",
      field: "tenant_id",
    });
    expect(ownershipOf(dataSchema.models.get("plans")!, dataSchema, settings)).toEqual({ kind: "global" });
    expect(dataSchema.models.get("campaigns")!.fields.get("status")?.optional).toBe(true);
  });

  it("reads nothing from interfaces no Kysely instance is given", () => {
    const { models } = readKyselyDatabase([
      { file: "/repo/a.ts", text: "interface Database { campaigns: { tenant_id: string } }" },
    ]);
    expect(models).toEqual([]);
  });
});

describe("Kysely reads and deletes", () => {
  const cases: [string, string, string[]][] = [
    [
      "where on the tenant column",
      `await db.selectFrom("campaigns").selectAll().where("tenant_id", "=", tenantId).execute();`,
      [],
    ],
    ["no where", `await db.selectFrom("campaigns").selectAll().execute();`, ["missingTenantFilter"]],
    [
      "a where on another column",
      `await db.selectFrom("campaigns").selectAll().where("status", "=", "live").execute();`,
      ["missingTenantFilter"],
    ],
    [
      "one of several wheres",
      `await db.selectFrom("campaigns").selectAll().where("status", "=", "live").where("tenant_id", "=", tenantId).execute();`,
      [],
    ],
    ["in pins", `await db.selectFrom("campaigns").selectAll().where("tenant_id", "in", [tenantId]).execute();`, []],
    [
      "!= does not",
      `await db.selectFrom("campaigns").selectAll().where("tenant_id", "!=", tenantId).execute();`,
      ["missingTenantFilter"],
    ],
    [
      "<> does not",
      `await db.selectFrom("campaigns").selectAll().where("tenant_id", "<>", tenantId).execute();`,
      ["missingTenantFilter"],
    ],
    [
      "is null does not",
      `await db.selectFrom("campaigns").selectAll().where("tenant_id", "is", null).execute();`,
      ["missingTenantFilter"],
    ],
    [
      "an aliased table and a qualified column",
      `await db.selectFrom("campaigns as c").selectAll().where("c.tenant_id", "=", tenantId).execute();`,
      [],
    ],
    [
      "only the joined table scoped",
      `await db.selectFrom("campaigns as c").innerJoin("leads as l", "l.id", "c.id").selectAll().where("l.tenant_id", "=", tenantId).execute();`,
      ["missingTenantFilter"],
    ],
    [
      "whereRef is a join, not a filter",
      `await db.selectFrom("campaigns as c").innerJoin("leads as l", "l.id", "c.id").whereRef("c.tenant_id", "=", "l.tenant_id").selectAll().execute();`,
      ["missingTenantFilter"],
    ],
    [
      "eb.and with the tenant",
      `await db.selectFrom("campaigns").selectAll().where((eb) => eb.and([eb("tenant_id", "=", tenantId), eb("status", "=", "x")])).execute();`,
      [],
    ],
    [
      "eb.and of an object",
      `await db.selectFrom("campaigns").selectAll().where((eb) => eb.and({ tenant_id: tenantId, status: "x" })).execute();`,
      [],
    ],
    [
      "eb.or scoped in every branch",
      `await db.selectFrom("campaigns").selectAll().where((eb) => eb.or([eb("tenant_id", "=", tenantId), eb.and([eb("tenant_id", "=", tenantId), eb("status", "=", "x")])])).execute();`,
      [],
    ],
    [
      "eb.or with an unscoped branch",
      `await db.selectFrom("campaigns").selectAll().where((eb) => eb.or([eb("tenant_id", "=", tenantId), eb("status", "=", "x")])).execute();`,
      ["partialOr"],
    ],
    [
      "eb.not",
      `await db.selectFrom("campaigns").selectAll().where((eb) => eb.not(eb("tenant_id", "=", tenantId))).execute();`,
      ["missingTenantFilter"],
    ],
    [
      "destructured helpers",
      `await db.selectFrom("campaigns").selectAll().where(({ eb, and }) => and([eb("tenant_id", "=", tenantId)])).execute();`,
      [],
    ],
    [
      "a schema-qualified table",
      `await db.selectFrom("public.events").selectAll().execute();`,
      ["missingTenantFilter"],
    ],
    [
      "a lookup by id alone",
      `await db.selectFrom("campaigns").selectAll().where("id", "=", id).executeTakeFirst();`,
      ["lookupById"],
    ],
    [
      "a lookup by id, then checked",
      `const row = await db.selectFrom("campaigns").selectAll().where("id", "=", id).executeTakeFirst();\nif (!row || row.tenant_id !== tenantId) throw new Error();`,
      [],
    ],
    [
      "deleteFrom without the tenant",
      `await db.deleteFrom("campaigns").where("status", "=", "x").execute();`,
      ["missingTenantFilter"],
    ],
    ["deleteFrom by id", `await db.deleteFrom("campaigns").where("id", "=", id).execute();`, ["lookupById"]],
    [
      "deleteFrom scoped",
      `await db.deleteFrom("campaigns").where("id", "=", id).where("tenant_id", "=", tenantId).execute();`,
      [],
    ],
    ["a global table", `await db.selectFrom("plans").selectAll().execute();`, []],
    [
      "the transaction's trx",
      `await db.transaction().execute(async (trx) => { await trx.selectFrom("leads").selectAll().execute(); });`,
      ["missingTenantFilter"],
    ],
  ];
  it.each(cases)("%s", (_label, body, expected) => {
    expect(lint("require-tenant-filter", body).messages).toEqual(expected);
  });

  it("counts a tenant filter under $if, a raw fragment and a runtime column as unverified", () => {
    const body = `await db.selectFrom("campaigns").selectAll().$if(!!tenantId, (qb) => qb.where("tenant_id", "=", tenantId)).execute();
await db.selectFrom("campaigns").selectAll().where(sql\`tenant_id = \${tenantId}\`).execute();
await db.selectFrom("campaigns").selectAll().where(req.column, "=", tenantId).execute();`;
    expect(lint("require-tenant-filter", body)).toMatchObject({ messages: [], checked: 3, unverified: 3 });
  });

  it("counts a table no schema declares as unverified on a known Kysely instance", () => {
    expect(lint("require-tenant-filter", `await db.selectFrom("usage_events").selectAll().execute();`)).toMatchObject({
      messages: [],
      checked: 1,
      unverified: 1,
    });
  });
});

describe("Kysely writes", () => {
  const cases: [string, string, string[]][] = [
    [
      "insert with the tenant column",
      `await db.insertInto("campaigns").values({ tenant_id: tenantId, name: "x" }).execute();`,
      [],
    ],
    [
      "insert without it",
      `await db.insertInto("campaigns").values({ name: "x" }).execute();`,
      ["missingTenantOnInsert"],
    ],
    [
      "insert rows, one without it",
      `await db.insertInto("campaigns").values([{ tenant_id: tenantId, name: "x" }, { name: "y" }]).execute();`,
      ["missingTenantOnInsert"],
    ],
    [
      "an upsert moving the tenant on conflict",
      `await db.insertInto("campaigns").values({ tenant_id: tenantId, name: "x" }).onConflict((oc) => oc.column("id").doUpdateSet({ tenant_id: tenantId })).execute();`,
      ["tenantReassigned"],
    ],
    [
      "an upsert leaving the tenant",
      `await db.insertInto("campaigns").values({ tenant_id: tenantId, name: "x" }).onConflict((oc) => oc.column("id").doUpdateSet({ name: "x" })).execute();`,
      [],
    ],
    [
      "an upsert without the tenant",
      `await db.insertInto("campaigns").values({ name: "x" }).onConflict((oc) => oc.doNothing()).execute();`,
      ["upsertWithoutTenant"],
    ],
    [
      "set moving the tenant",
      `await db.updateTable("campaigns").set({ tenant_id: other }).where("tenant_id", "=", tenantId).execute();`,
      ["tenantReassigned"],
    ],
    [
      "set keeping it",
      `await db.updateTable("campaigns").set({ tenant_id: tenantId, name: "x" }).where("tenant_id", "=", tenantId).execute();`,
      [],
    ],
    [
      "set from the client's input",
      `await db.updateTable("campaigns").set(req.body).where("tenant_id", "=", tenantId).execute();`,
      ["updateFromRequest"],
    ],
  ];
  it.each(cases)("%s", (_label, body, expected) => {
    expect(lint("require-tenant-on-write", body).messages).toEqual(expected);
  });

  it("checks updateTable's where", () => {
    expect(
      lint(
        "require-tenant-filter",
        `await db.updateTable("campaigns").set({ name: "x" }).where("status", "=", "x").execute();`,
      ).messages,
    ).toEqual(["missingTenantFilter"]);
    expect(
      lint(
        "require-tenant-filter",
        `await db.updateTable("campaigns").set({ name: "x" }).where("tenant_id", "=", tenantId).execute();`,
      ).messages,
    ).toEqual([]);
  });
});

describe("Kysely look-alikes", () => {
  it("ignores arrays, sets, maps, URLSearchParams and unknown objects naming unknown tables", () => {
    const body = `const campaigns = [{ id }];
campaigns.find((c) => c.id === id);
const seen = new Set<string>(); seen.delete(id);
const map = new Map<string, string>(); map.delete(id);
new URLSearchParams().delete("tenant_id");
const store = makeStore(); await store.selectFrom("things").execute(); await store.deleteFrom("things");`;
    expect(lint("require-tenant-filter", body)).toMatchObject({ messages: [], checked: 0 });
  });
});

describe("Kysely raw SQL", () => {
  it("counts sql`…`.execute(db) as unverified until the SQL reader lands", () => {
    const result = lint("require-tenant-filter", "await sql`select * from campaigns`.execute(db);");
    expect(result).toMatchObject({
      messages: [],
      checked: 1,
      unverified: 1,
      reasons: ["raw SQL (Kysely's sql`…`) is not read yet"],
    });
  });
});

describe("the Kysely Database interface through the schema loader", () => {
  it("reads the interface from the file that makes the instance and the tables from another", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { loadDataSchema } = await import("../../src/data-layer/load-schema.js");
    const root = mkdtempSync(join(tmpdir(), "kysely-schema-"));
    mkdirSync(join(root, "src", "db"), { recursive: true });
    writeFileSync(join(root, "package.json"), "{}");
    writeFileSync(
      join(root, "src", "db", "tables.ts"),
      `import type { Generated } from "kysely";\nexport interface NoteTable { id: Generated<string>; tenant_id: string }\n`,
    );
    writeFileSync(
      join(root, "src", "db", "index.ts"),
      `import { Kysely } from "kysely";\nimport type { NoteTable } from "./tables";\ninterface Database { notes: NoteTable }\nexport const db = new Kysely<Database>({} as any);\n`,
    );
    const { schema, errors } = loadDataSchema(root);
    expect(errors).toEqual([]);
    expect(schema.models.get("notes")?.fields.has("tenant_id")).toBe(true);
  });
});

describe("Kysely subqueries", () => {
  it("takes eb.selectFrom inside another query's callback for part of that query, not a site of its own", () => {
    const body = `await db.selectFrom("campaigns").selectAll().where("tenant_id", "=", tenantId).where((eb) => eb.exists(eb.selectFrom("leads").whereRef("leads.id", "=", "campaigns.id"))).execute();`;
    expect(lint("require-tenant-filter", body)).toMatchObject({ messages: [], checked: 1 });
  });

  it("takes a helper's expression builder parameter for a subquery builder", () => {
    const body = `const expired = (eb: ExpressionBuilder<Database, "campaigns">) => eb.exists(eb.selectFrom("leads").whereRef("leads.id", "=", "campaigns.id"));`;
    expect(lint("require-tenant-filter", body)).toMatchObject({ messages: [], checked: 0 });
  });

  it("still checks the transaction's trx, whose chains run", () => {
    expect(
      lint(
        "require-tenant-filter",
        `await db.transaction().execute(async (trx) => trx.selectFrom("leads").selectAll().execute());`,
      ).messages,
    ).toEqual(["missingTenantFilter"]);
  });
});
