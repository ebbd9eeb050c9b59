/**
 * Raw SQL as query sites, per library: pg, postgres.js, mysql2, ClickHouse and Prisma's raw
 * queries. One file, because every library shares the reading under test (data-layer/sql-sites.ts)
 * and the same DDL schema; each library has its own block, look-alikes included.
 */
import { describe, expect, it } from "vitest";
import { readPrismaSchema } from "../../src/adapters/prisma/schema.js";
import type { DataModel, DataSchema } from "../../src/data-layer/schema.js";
import { readDdl } from "../../src/data-layer/sql/index.js";
import { readDdlSources } from "../../src/data-layer/sql/ddl-source.js";
import { runCheck } from "../../src/index.js";
import { parseSettings } from "../../src/settings.js";
import type { AnalysisContext } from "../../src/types.js";
import { parse } from "../helpers.js";

const ddl = readDdl(`
CREATE TABLE tenants (id uuid PRIMARY KEY, name text);
CREATE TABLE orders (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id), status text, total int);
CREATE TABLE order_items (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, order_id uuid NOT NULL REFERENCES orders(id), sku text);
CREATE TABLE notes (id uuid PRIMARY KEY, order_id uuid NOT NULL REFERENCES orders(id), body text);
CREATE TABLE plans (id uuid PRIMARY KEY, name text);
`);

function schemaOf(models: Iterable<DataModel>): DataSchema {
  const byName = new Map<string, DataModel>();
  for (const model of models) for (const name of model.names) if (!byName.has(name)) byName.set(name, model);
  return { models: byName, sources: ["/repo/migrations/001.sql"] };
}

const dataSchema = schemaOf(ddl.models.values());

type Rule = "require-tenant-filter" | "require-tenant-on-write";

function lint(rule: Rule, header: string, body: string, schema: DataSchema | null = dataSchema) {
  const sourceFile = parse(
    `${header}\nexport async function f(tenantId: string, id: string, req: any, text: string) {\n${body}\n}\n`,
  );
  const context: AnalysisContext = { settings: parseSettings({}), ...(schema ? { dataSchema: schema } : {}) };
  const result = runCheck(rule, sourceFile, context);
  return {
    messages: result.findings.map((finding) => finding.messageId),
    lines: result.findings.map(
      (finding) => sourceFile.getLineAndCharacterOfPosition(finding.node.getStart(sourceFile)).line + 1,
    ),
    checked: result.checked,
    unverified: result.unverified,
    reasons: (result.sites ?? []).map((site) => site.reason),
  };
}

const pgHeader = `import { Pool } from "pg";\nconst pool = new Pool();`;

describe("pg", () => {
  const filter: [string, string, string[]][] = [
    [
      "tenant conjunct in WHERE",
      "await pool.query('SELECT * FROM orders WHERE tenant_id = $1 AND id = $2', [tenantId, id]);",
      [],
    ],
    ["no WHERE at all", "await pool.query('SELECT * FROM orders');", ["missingTenantFilter"]],
    [
      "WHERE without the tenant",
      "await pool.query('SELECT * FROM orders WHERE id = $1', [id]);",
      ["missingTenantFilter"],
    ],
    [
      "tenant only in one OR branch",
      "await pool.query('SELECT * FROM orders WHERE tenant_id = $1 OR status = $2', [tenantId, 'x']);",
      ["partialOr"],
    ],
    [
      "tenant under NOT",
      "await pool.query('SELECT * FROM orders WHERE NOT (tenant_id = $1)', [tenantId]);",
      ["missingTenantFilter"],
    ],
    [
      "tenant_id <> value does not pin",
      "await pool.query('SELECT * FROM orders WHERE tenant_id <> $1', [tenantId]);",
      ["missingTenantFilter"],
    ],
    [
      "{ text, values } form",
      "await pool.query({ text: 'DELETE FROM orders WHERE id = $1', values: [id] });",
      ["missingTenantFilter"],
    ],
    [
      "{ text, values } scoped",
      "await pool.query({ text: 'DELETE FROM orders WHERE id = $1 AND tenant_id = $2', values: [id, tenantId] });",
      [],
    ],
    [
      "a const holding the text",
      "const q = 'UPDATE orders SET status = $1 WHERE id = $2';\nawait pool.query(q, ['x', id]);",
      ["missingTenantFilter"],
    ],
    [
      "join scoped through the other table's tenant",
      "await pool.query('SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id AND i.tenant_id = o.tenant_id WHERE o.tenant_id = $1', [tenantId]);",
      [],
    ],
    [
      "joined table unscoped",
      "await pool.query('SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.tenant_id = $1', [tenantId]);",
      ["missingTenantFilter"],
    ],
    [
      "unscoped sub-select",
      "await pool.query('SELECT * FROM order_items WHERE tenant_id = $1 AND order_id IN (SELECT id FROM orders WHERE status = $2)', [tenantId, 'open']);",
      ["missingTenantFilter"],
    ],
    ["a global table", "await pool.query('SELECT * FROM plans');", []],
    ["the registry by the tenant id", "await pool.query('SELECT * FROM tenants WHERE id = $1', [tenantId]);", []],
    ["template holes are values", "await pool.query(`SELECT * FROM orders WHERE tenant_id = '${tenantId}'`);", []],
    ["BEGIN is no query", "await pool.query('BEGIN');", []],
    ["a literal tenant without values", "await pool.query(\"SELECT * FROM orders WHERE tenant_id = 'acme'\");", []],
    [
      "a pooled client",
      "const client = await pool.connect();\nawait client.query('SELECT * FROM orders WHERE status = $1', ['x']);",
      ["missingTenantFilter"],
    ],
  ];
  it.each(filter)("require-tenant-filter: %s", (_name, body, messages) => {
    expect(lint("require-tenant-filter", pgHeader, body).messages).toEqual(messages);
  });

  it("binds the values of an options object", () => {
    expect(
      lint(
        "require-tenant-filter",
        pgHeader,
        "await pool.query({ text: 'DELETE FROM orders WHERE id = $1 AND tenant_id = $2', values: [id, tenantId] });",
      ),
    ).toMatchObject({ messages: [], checked: 1, unverified: 0 });
    expect(
      lint(
        "require-tenant-filter",
        pgHeader,
        "await pool.query({ text: 'DELETE FROM orders WHERE id = $1 AND tenant_id = $2', values: [id, null] });",
      ).messages,
    ).toEqual(["missingTenantFilter"]);
  });

  it("points at the call", () => {
    expect(
      lint("require-tenant-filter", pgHeader, "const x = 1;\nawait pool.query('SELECT * FROM orders');").lines,
    ).toEqual([5]);
  });

  it("counts unknown tables, unparsable SQL and unseen text as unverified", () => {
    expect(
      lint("require-tenant-filter", pgHeader, "await pool.query('SELECT * FROM ghosts WHERE id = $1', [id]);"),
    ).toMatchObject({
      messages: [],
      unverified: 1,
      reasons: ["raw SQL names only tables the schema does not know (ghosts)"],
    });
    expect(lint("require-tenant-filter", pgHeader, "await pool.query('SELEKT * FROM orders');")).toMatchObject({
      messages: [],
      unverified: 1,
    });
    expect(lint("require-tenant-filter", pgHeader, "await pool.query(text);")).toMatchObject({
      messages: [],
      unverified: 1,
    });
    expect(
      lint("require-tenant-filter", pgHeader, "await pool.query('SELECT * FROM orders WHERE tenant_id = ' + tenantId);")
        .reasons,
    ).toEqual(["raw SQL built by concatenation"]);
    expect(
      lint("require-tenant-filter", pgHeader, "await pool.query('SELECT * FROM orders WHERE tenant_id = $1', params);"),
    ).toMatchObject({ messages: [], unverified: 1 });
  });

  it("is unverified without a schema", () => {
    expect(lint("require-tenant-filter", pgHeader, "await pool.query('SELECT * FROM orders');", null)).toMatchObject({
      messages: [],
      unverified: 1,
    });
  });

  it("leaves owned-through tables unverified", () => {
    expect(
      lint("require-tenant-filter", pgHeader, "await pool.query('SELECT * FROM notes WHERE order_id = $1', [id]);"),
    ).toMatchObject({ messages: [], unverified: 1 });
  });

  const writes: [string, string, string[]][] = [
    [
      "insert listing the tenant",
      "await pool.query('INSERT INTO orders (id, tenant_id) VALUES ($1, $2)', [id, tenantId]);",
      [],
    ],
    [
      "insert without the tenant",
      "await pool.query('INSERT INTO orders (id, status) VALUES ($1, $2)', [id, 'x']);",
      ["missingTenantOnInsert"],
    ],
    [
      "insert of a null tenant",
      "await pool.query('INSERT INTO orders (id, tenant_id) VALUES ($1, NULL)', [id]);",
      ["missingTenantOnInsert"],
    ],
    [
      "upsert moving the tenant",
      "await pool.query('INSERT INTO orders (id, tenant_id) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id', [id, tenantId]);",
      ["tenantReassigned"],
    ],
    [
      "upsert keeping the tenant",
      "await pool.query('INSERT INTO orders (id, tenant_id, status) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status', [id, tenantId, 'x']);",
      [],
    ],
    [
      "update setting the tenant",
      "await pool.query('UPDATE orders SET tenant_id = $1 WHERE id = $2', [req.body.tenant, id]);",
      ["tenantReassigned"],
    ],
    [
      "update setting it to the pinned value",
      "await pool.query('UPDATE orders SET tenant_id = $1, status = $2 WHERE tenant_id = $1', [tenantId, 'x']);",
      [],
    ],
    [
      "insert … select lists the tenant",
      "await pool.query('INSERT INTO order_items (id, tenant_id) SELECT id, tenant_id FROM orders WHERE tenant_id = $1', [tenantId]);",
      [],
    ],
  ];
  it.each(writes)("require-tenant-on-write: %s", (_name, body, messages) => {
    expect(lint("require-tenant-on-write", pgHeader, body).messages).toEqual(messages);
  });
});

describe("look-alikes are not SQL clients", () => {
  const header = `import { createHash } from "node:crypto";\nconst tables = new Set<string>();\nconst cache = new Map<string, string>();`;
  const bodies = [
    "createHash('sha256').update('SELECT * FROM orders').digest('hex');",
    "tables.delete('orders');",
    "cache.delete('SELECT * FROM orders');",
    "new URLSearchParams('a=1').delete('orders');",
    "const label = `SELECT * FROM orders`;",
    "req.query('SELECT * FROM orders');",
    "const res: any = {}; res.query('SELECT * FROM orders');",
  ];
  it.each(bodies)("%s", (body) => {
    expect(lint("require-tenant-filter", header, body)).toMatchObject({ messages: [], checked: 0 });
  });
});

describe("postgres.js", () => {
  const header = `import postgres from "postgres";\nconst sql = postgres(process.env.DATABASE_URL!);`;
  const cases: [Rule, string, string[]][] = [
    ["require-tenant-filter", "await sql`SELECT * FROM orders WHERE tenant_id = ${tenantId}`;", []],
    ["require-tenant-filter", "await sql`SELECT * FROM orders WHERE id = ${id}`;", ["missingTenantFilter"]],
    [
      "require-tenant-filter",
      "const cursor = sql`AND id > ${id}`;\nawait sql`SELECT * FROM orders WHERE tenant_id = ${tenantId} ${sql`AND status = ${'open'}`}`;",
      [],
    ],
    [
      "require-tenant-filter",
      "await sql`SELECT * FROM orders WHERE status = 'open' ${sql`AND tenant_id = ${tenantId}`}`;",
      [],
    ],
    [
      "require-tenant-filter",
      "await sql.begin(async (tx) => { await tx`DELETE FROM orders WHERE id = ${id}`; });",
      ["missingTenantFilter"],
    ],
    ["require-tenant-filter", "await sql.unsafe('SELECT * FROM orders WHERE tenant_id = $1', [tenantId]);", []],
    ["require-tenant-filter", "await sql.unsafe('SELECT * FROM orders');", ["missingTenantFilter"]],
    ["require-tenant-on-write", "await sql`INSERT INTO orders ${sql({ id, tenant_id: tenantId })}`;", []],
    [
      "require-tenant-on-write",
      "await sql`INSERT INTO orders ${sql({ id, status: 'x' })}`;",
      ["missingTenantOnInsert"],
    ],
    [
      "require-tenant-on-write",
      "const row = { id, tenant_id: tenantId, status: 'x' };\nawait sql`INSERT INTO orders ${sql(row, 'id', 'tenant_id')}`;",
      [],
    ],
    [
      "require-tenant-on-write",
      "await sql`INSERT INTO orders ${sql(req.body, 'id', 'status')}`;",
      ["missingTenantOnInsert"],
    ],
    ["require-tenant-on-write", "await sql`INSERT INTO orders (id, tenant_id) VALUES (${id}, ${tenantId})`;", []],
  ];
  it.each(cases)("%s: %s", (rule, body, messages) => {
    expect(lint(rule, header, body).messages).toEqual(messages);
  });
  it("a fragment alone is no query", () => {
    expect(
      lint(
        "require-tenant-filter",
        header,
        "const part = sql`AND id = ${id}`;\nawait sql`SELECT * FROM orders WHERE tenant_id = ${tenantId} ${part}`;",
      ),
    ).toMatchObject({ messages: [] });
  });
  it("a hole naming the table is unverified", () => {
    expect(
      lint("require-tenant-filter", header, "await sql`SELECT * FROM ${sql(text)} WHERE id = ${id}`;"),
    ).toMatchObject({ messages: [], unverified: 1 });
  });
});

describe("mysql2", () => {
  const header = `import mysql from "mysql2/promise";\nconst pool = mysql.createPool({ uri: "mysql://x" });`;
  const cases: [Rule, string, string[]][] = [
    [
      "require-tenant-filter",
      "await pool.query('SELECT * FROM orders WHERE tenant_id = ? AND id = ?', [tenantId, id]);",
      [],
    ],
    [
      "require-tenant-filter",
      "await pool.execute('SELECT * FROM orders WHERE id = ?', [id]);",
      ["missingTenantFilter"],
    ],
    [
      "require-tenant-filter",
      "await pool.query({ sql: 'DELETE FROM orders WHERE id = ?', values: [id] });",
      ["missingTenantFilter"],
    ],
    [
      "require-tenant-filter",
      "await pool.query({ sql: 'DELETE FROM orders WHERE id = ? AND tenant_id = ?', values: [id, null] });",
      ["missingTenantFilter"],
    ],
    [
      "require-tenant-filter",
      "const conn = await pool.getConnection();\nawait conn.query('UPDATE orders o JOIN order_items i ON i.order_id = o.id SET o.status = ? WHERE o.tenant_id = ? AND i.tenant_id = ?', ['x', tenantId, tenantId]);",
      [],
    ],
    [
      "require-tenant-on-write",
      "await pool.query('INSERT INTO orders (id, tenant_id) VALUES (?, ?) ON DUPLICATE KEY UPDATE status = VALUES(status)', [id, tenantId]);",
      [],
    ],
    [
      "require-tenant-on-write",
      "await pool.query('INSERT INTO orders (id, status) VALUES (?, ?) ON DUPLICATE KEY UPDATE status = VALUES(status)', [id, 'x']);",
      ["upsertWithoutTenant"],
    ],
    ["require-tenant-on-write", "await pool.query('INSERT INTO orders SET ?', [{ id, tenant_id: tenantId }]);", []],
    [
      "require-tenant-on-write",
      "await pool.query('INSERT INTO orders SET ?', [{ id, status: 'x' }]);",
      ["missingTenantOnInsert"],
    ],
  ];
  it.each(cases)("%s: %s", (rule, body, messages) => {
    expect(lint(rule, header, body).messages).toEqual(messages);
  });
});

describe("ClickHouse", () => {
  const header = `import { createClient } from "@clickhouse/client";\nconst ch = createClient({ url: "http://x" });`;
  const cases: [Rule, string, string[]][] = [
    [
      "require-tenant-filter",
      "await ch.query({ query: 'SELECT count() FROM orders WHERE tenant_id = {t:UUID}', query_params: { t: tenantId }, format: 'JSON' });",
      [],
    ],
    [
      "require-tenant-filter",
      "await ch.query({ query: 'SELECT count() FROM orders', format: 'JSON' });",
      ["missingTenantFilter"],
    ],
    [
      "require-tenant-filter",
      "await ch.command({ query: 'ALTER TABLE orders DELETE WHERE id = {id:UUID}', query_params: { id } });",
      ["missingTenantFilter"],
    ],
    [
      "require-tenant-filter",
      "await ch.command({ query: 'ALTER TABLE orders DELETE WHERE tenant_id = {t:UUID} AND id = {id:UUID}', query_params: { t: tenantId, id } });",
      [],
    ],
    [
      "require-tenant-on-write",
      "await ch.insert({ table: 'orders', values: [{ id, tenant_id: tenantId }], format: 'JSONEachRow' });",
      [],
    ],
    [
      "require-tenant-on-write",
      "await ch.insert({ table: 'orders', values: [{ id, status: 'x' }], format: 'JSONEachRow' });",
      ["missingTenantOnInsert"],
    ],
    [
      "require-tenant-on-write",
      "const rows = [{ id }];\nawait ch.insert({ table: 'orders', values: rows.map((r) => ({ id: r.id, status: 'x' })), format: 'JSONEachRow' });",
      ["missingTenantOnInsert"],
    ],
    [
      "require-tenant-on-write",
      "const rows = [{ id }];\nawait ch.insert({ table: 'orders', values: rows.map((r) => ({ ...r, tenant_id: tenantId })), format: 'JSONEachRow' });",
      [],
    ],
  ];
  it.each(cases)("%s: %s", (rule, body, messages) => {
    expect(lint(rule, header, body).messages).toEqual(messages);
  });
});

describe("@planetscale/database (MySQL, not Postgres)", () => {
  const header = `import { connect } from "@planetscale/database";\nconst conn = connect({ url: process.env.DATABASE_URL });`;
  const cases: [Rule, string, string[]][] = [
    [
      "require-tenant-filter",
      "await conn.execute('SELECT * FROM orders WHERE tenant_id = ? AND id = ?', [tenantId, id]);",
      [],
    ],
    [
      "require-tenant-filter",
      "await conn.execute('SELECT * FROM orders WHERE id = ?', [id]);",
      ["missingTenantFilter"],
    ],
    // `:name` parameters bound to an object's properties.
    ["require-tenant-filter", "await conn.execute('SELECT * FROM orders WHERE tenant_id = :t', { t: tenantId });", []],
    // MySQL's grammar: ON DUPLICATE KEY UPDATE parses.
    [
      "require-tenant-on-write",
      "await conn.execute('INSERT INTO orders (id, status) VALUES (?, ?) ON DUPLICATE KEY UPDATE status = VALUES(status)', [id, 'x']);",
      ["upsertWithoutTenant"],
    ],
    [
      "require-tenant-filter",
      "await conn.transaction(async (tx) => tx.execute('DELETE FROM orders WHERE id = ?', [id]));",
      ["missingTenantFilter"],
    ],
  ];
  it.each(cases)("%s: %s", (rule, body, messages) => {
    expect(lint(rule, header, body).messages).toEqual(messages);
  });
  it("is not a Postgres driver any more: its calls are read, not counted as a library not understood", () => {
    const result = lint(
      "require-tenant-filter",
      header,
      "await conn.execute('SELECT * FROM orders WHERE tenant_id = ?', [tenantId]);",
    );
    expect(result).toMatchObject({ checked: 1, unverified: 0 });
  });
});

describe("in-house SQL clients named in receivers.sql", () => {
  const run = (header: string, body: string, receivers: unknown, rule: Rule = "require-tenant-filter") => {
    const sourceFile = parse(`${header}\nexport async function f(tenantId: string, id: string) {\n${body}\n}\n`);
    const result = runCheck(rule, sourceFile, { settings: parseSettings({ receivers }), dataSchema });
    return {
      messages: result.findings.map((finding) => finding.messageId),
      checked: result.checked,
      unverified: result.unverified,
    };
  };
  const querier = `import { Querier } from "@acme/db";\ndeclare const db: Querier;`;
  const sql = { sql: [{ name: "Querier", from: "package", package: "@acme/db" }] };

  it("reads query(text, params) with $1 parameters", () => {
    expect(run(querier, "await db.query('SELECT * FROM orders WHERE tenant_id = $1', [tenantId]);", sql)).toMatchObject(
      {
        messages: [],
        checked: 1,
        unverified: 0,
      },
    );
    expect(run(querier, "await db.query('SELECT * FROM orders WHERE id = $1', [id]);", sql).messages).toEqual([
      "missingTenantFilter",
    ]);
    expect(
      run(querier, "await db.query({ text: 'DELETE FROM orders WHERE id = $1', values: [id] });", sql).messages,
    ).toEqual(["missingTenantFilter"]);
    expect(
      run(
        querier,
        "await db.query('INSERT INTO orders (id, status) VALUES ($1, $2)', [id, 'x']);",
        sql,
        "require-tenant-on-write",
      ).messages,
    ).toEqual(["missingTenantOnInsert"]);
  });

  it("reads a class of the setting used as a tag", () => {
    const header = `import { Sql } from "@acme/db";\nconst sql = new Sql();`;
    const tag = { sql: [{ name: "Sql", from: "package", package: "@acme/db" }] };
    expect(run(header, "await sql`SELECT * FROM orders WHERE tenant_id = ${tenantId}`;", tag)).toMatchObject({
      messages: [],
      checked: 1,
    });
    expect(run(header, "await sql`SELECT * FROM orders WHERE id = ${id}`;", tag).messages).toEqual([
      "missingTenantFilter",
    ]);
  });

  it("takes the dialect the setting names: ClickHouse {name:Type} parameters", () => {
    const clickhouse = { sql: [{ name: "Querier", from: "package", package: "@acme/db", dialect: "clickhouse" }] };
    expect(
      run(
        querier,
        "await db.query({ query: 'SELECT count() FROM orders WHERE tenant_id = {t:String}', params: { t: tenantId } });",
        clickhouse,
      ),
    ).toMatchObject({ messages: [], checked: 1, unverified: 0 });
    expect(run(querier, "await db.query({ query: 'SELECT count() FROM orders' });", clickhouse).messages).toEqual([
      "missingTenantFilter",
    ]);
  });

  it("leaves a query() of a type the setting does not name alone", () => {
    // Same call, no setting: an unknown receiver, not examined.
    expect(run(querier, "await db.query('SELECT * FROM orders');", {})).toMatchObject({ messages: [], checked: 0 });
    // Another package's Querier is not the configured one.
    const other = `import { Querier } from "@other/search";\ndeclare const db: Querier;`;
    expect(run(other, "await db.query('SELECT * FROM orders');", sql)).toMatchObject({ messages: [], checked: 0 });
    // A collection receiver's query() is no SQL.
    expect(
      run(querier, "await db.query('SELECT * FROM orders');", {
        collection: [{ name: "Querier", from: "package", package: "@acme/db" }],
      }),
    ).toMatchObject({ messages: [] });
  });
});

describe("Prisma raw SQL", () => {
  const { models } = readPrismaSchema([
    {
      file: "/repo/prisma/schema.prisma",
      text: `model Tenant {\n  id String @id\n  reports Report[]\n  @@map("tenants")\n}\nmodel Report {\n  id String @id\n  tenantId String @map("tenant_id")\n  tenant Tenant @relation(fields: [tenantId], references: [id])\n  title String\n  @@map("reports")\n}\n`,
    },
  ]);
  const prismaSchema = schemaOf(models);
  const header = `import { PrismaClient, Prisma } from "@prisma/client";\nconst prisma = new PrismaClient();`;
  const cases: [Rule, string, string[]][] = [
    ["require-tenant-filter", "await prisma.$queryRaw`SELECT * FROM reports WHERE tenant_id = ${tenantId}`;", []],
    [
      "require-tenant-filter",
      "await prisma.$queryRaw`SELECT * FROM reports WHERE id = ${id}`;",
      ["missingTenantFilter"],
    ],
    [
      "require-tenant-filter",
      "await prisma.$queryRaw`SELECT * FROM reports WHERE id = ${id} ${Prisma.sql`AND tenant_id = ${tenantId}`}`;",
      [],
    ],
    [
      "require-tenant-filter",
      "await prisma.$queryRaw`SELECT * FROM reports WHERE tenant_id = ${tenantId} ${Prisma.empty}`;",
      [],
    ],
    [
      "require-tenant-filter",
      "await prisma.$queryRaw(Prisma.sql`DELETE FROM reports WHERE id IN (${Prisma.join([id])})`);",
      ["missingTenantFilter"],
    ],
    [
      "require-tenant-filter",
      "await prisma.$executeRawUnsafe('UPDATE reports SET title = $1 WHERE id = $2 AND tenant_id = $3', 'x', id, tenantId);",
      [],
    ],
    [
      "require-tenant-filter",
      "await prisma.$executeRawUnsafe('UPDATE reports SET title = $1 WHERE id = $2', 'x', id);",
      ["missingTenantFilter"],
    ],
    [
      "require-tenant-on-write",
      "await prisma.$executeRaw`INSERT INTO reports (id, title) VALUES (${id}, 'x')`;",
      ["missingTenantOnInsert"],
    ],
    [
      "require-tenant-on-write",
      "await prisma.$executeRaw`INSERT INTO reports (id, tenant_id, title) VALUES (${id}, ${tenantId}, 'x')`;",
      [],
    ],
  ];
  it.each(cases)("%s: %s", (rule, body, messages) => {
    expect(lint(rule, header, body, prismaSchema).messages).toEqual(messages);
  });
  it("$queryRaw names Prisma even on an imported client the file cannot classify", () => {
    const imported = `import { prisma } from "./db.js";`;
    expect(
      lint("require-tenant-filter", imported, "await prisma.$queryRaw`SELECT * FROM reports`;", prismaSchema).messages,
    ).toEqual(["missingTenantFilter"]);
  });
  it("a session setting for row-level security earlier in the function leaves later raw SQL unverified", () => {
    const body =
      "await prisma.$transaction([prisma.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, TRUE)`, prisma.$queryRaw`SELECT * FROM reports`]);";
    expect(lint("require-tenant-filter", header, body, prismaSchema)).toMatchObject({ messages: [], unverified: 1 });
    // In another function it scopes nothing.
    expect(
      lint(
        "require-tenant-filter",
        header,
        "await prisma.$queryRaw`SELECT * FROM reports`;\nconst g = () => prisma.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, TRUE)`;",
        prismaSchema,
      ).messages,
    ).toEqual(["missingTenantFilter"]);
  });
  it("an unsafe query from a variable is unverified", () => {
    expect(lint("require-tenant-filter", header, "await prisma.$queryRawUnsafe(text);", prismaSchema)).toMatchObject({
      messages: [],
      unverified: 1,
    });
  });
});

describe("migrations as a schema source", () => {
  it("does not make a SQL table a Prisma model: db.query.orders.findMany() is not a Prisma call", () => {
    expect(
      lint("require-tenant-filter", `import { db } from "./db.js";`, "await db.query.orders.findMany();"),
    ).toMatchObject({ messages: [], checked: 0 });
  });
  it("keeps the statements of a half-parsable file, ClickHouse tables included", () => {
    const text = [
      "CREATE TABLE analytics.page_views (tenant_id UUID, path String, ts DateTime64(3)) ENGINE = MergeTree ORDER BY (tenant_id, ts);",
      "CREATE MATERIALIZED VIEW nonsense ~~ TO nowhere;",
      "CREATE TABLE visits (id UUID, tenant_id UUID) ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(ts) ORDER BY id;",
    ].join("\n");
    const { models, errors } = readDdlSources([{ file: "/repo/migrations/001.sql", text }]);
    expect(errors).toEqual([]);
    expect(models.map((model) => model.name).sort()).toEqual(["page_views", "visits"]);
    expect(models.find((model) => model.name === "visits")?.location?.line).toBe(3);
  });
  it("is no schema error when nothing parses: the tables stay unknown", () => {
    expect(readDdlSources([{ file: "/repo/migrations/001.sql", text: "CREATE TABLE ~~ broken;" }])).toEqual({
      models: [],
      errors: [],
    });
  });
});

describe("raw SQL row provenance", () => {
  it("scopes a bound value read off the rows of an earlier scoped statement of the function", () => {
    const body = (
      where: string,
    ) => `const { rows } = await pool.query('SELECT id FROM orders WHERE ${where}', [tenantId, id]);
const order = rows[0];
if (!order) throw new Error("not found");
return pool.query('SELECT * FROM order_items WHERE order_id = $1', [order.id]);`;
    expect(lint("require-tenant-filter", pgHeader, body("tenant_id = $1 AND id = $2")).messages).toEqual([]);
    expect(lint("require-tenant-filter", pgHeader, body("status = $1 AND id = $2")).messages).toEqual([
      "missingTenantFilter",
      "missingTenantFilter",
    ]);
  });
});
