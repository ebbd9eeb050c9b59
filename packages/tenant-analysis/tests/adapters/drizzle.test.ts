/** The Drizzle data layer: table definitions as the schema, query builders and relational queries as sites. */
import { describe, expect, it } from "vitest";
import { readDrizzleSchema } from "../../src/adapters/drizzle/schema-files.js";
import { ownershipOf } from "../../src/data-layer/ownership.js";
import type { DataModel, DataSchema } from "../../src/data-layer/schema.js";
import { runCheck } from "../../src/index.js";
import { parseSettings } from "../../src/settings.js";
import type { AnalysisContext } from "../../src/types.js";
import { parse } from "../helpers.js";

const tablesText = `import { pgTable, uuid, text, integer, primaryKey, unique } from "drizzle-orm/pg-core";
export const workspaces = pgTable("workspaces", { id: uuid("id").primaryKey(), name: text("name") });
export const notes = pgTable("notes", {
  id: uuid("id").primaryKey(),
  workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id),
  title: text("title"),
}, (t) => [unique().on(t.id, t.workspaceId)]);
export const comments = pgTable("note_comments", {
  id: uuid("id").primaryKey(),
  noteId: uuid("note_id").notNull().references(() => notes.id),
  body: text("body"),
});
export const plans = pgTable("plans", { id: uuid("id").primaryKey(), priceCents: integer("price_cents") });
`;

function schemaOf(text: string, file = "/repo/src/db/schema.ts"): DataSchema {
  const { models, errors } = readDrizzleSchema([{ file, text }]);
  expect(errors).toEqual([]);
  const byName = new Map<string, DataModel>();
  for (const model of models) for (const name of model.names) if (!byName.has(name)) byName.set(name, model);
  return { models: byName, sources: [file] };
}

const dataSchema = schemaOf(tablesText);
const settings = parseSettings({ tenantFields: ["workspaceId"] });
const imports = `import { drizzle } from "drizzle-orm/node-postgres";
import { eq, and, or, not, ne, inArray, isNull, sql } from "drizzle-orm";
import { notes, comments, plans, workspaces } from "./db/schema";
import { schema } from "./db";
const db = drizzle(process.env.DATABASE_URL!);
`;

function lint(
  rule: "require-tenant-filter" | "require-tenant-on-write",
  body: string,
  options: { header?: string; context?: Partial<AnalysisContext> } = {},
) {
  const sourceFile = parse(
    `${options.header ?? imports}export async function f(workspaceId: string, id: string, req: any) {\n${body}\n}\n`,
  );
  const full: AnalysisContext = { settings, dataSchema, ...options.context };
  const result = runCheck(rule, sourceFile, full);
  return {
    messages: result.findings.map((finding) => finding.messageId),
    lines: result.findings.map(
      (finding) => sourceFile.getLineAndCharacterOfPosition(finding.node.getStart(sourceFile)).line + 1,
    ),
    checked: result.checked,
    unverified: result.unverified,
    reasons: (result.sites ?? []).map((site) => site.reason).filter(Boolean),
  };
}

describe("Drizzle table definitions", () => {
  it("reads variables, SQL names, columns, foreign keys and unique keys", () => {
    const notesModel = dataSchema.models.get("notes")!;
    expect(notesModel.names).toEqual(["notes"]);
    expect(notesModel.library).toBe("drizzle");
    expect(notesModel.fields.get("workspaceId")).toMatchObject({
      name: "workspaceId",
      column: "workspace_id",
      optional: false,
    });
    expect(notesModel.fields.get("workspace")?.relation).toMatchObject({
      model: "workspaces",
      fields: ["workspaceId"],
      references: ["id"],
      required: true,
    });
    expect(notesModel.uniqueKeys).toEqual([["id"], ["id", "workspaceId"]]);
    const commentsModel = dataSchema.models.get("note_comments");
    expect(commentsModel?.name).toBe("comments");
    expect(commentsModel?.table).toBe("note_comments");
  });

  it("decides ownership with the shared rules", () => {
    const own = (name: string) => ownershipOf(dataSchema.models.get(name)!, dataSchema, settings);
    expect(own("notes")).toEqual({ kind: "tenant-owned", field: "workspaceId" });
    expect(own("comments")).toEqual({ kind: "owned-through", path: ["note"], owner: "notes" });
    expect(own("workspaces")).toEqual({ kind: "registry", idFields: ["id"] });
    expect(own("plans")).toEqual({ kind: "global" });
  });

  it("matches a snake_case column to the tenant field, and a plural table as the registry", () => {
    const schema = schemaOf(`import { mysqlTable, varchar } from "drizzle-orm/mysql-core";
export const tenants = mysqlTable("tenants", { id: varchar("id", { length: 36 }).primaryKey() });
export const keys = mysqlTable("keys", { id: varchar("id", { length: 36 }).primaryKey(), tenant_id: varchar("tenant_id", { length: 36 }).notNull() });`);
    const tenantSettings = parseSettings({ tenantFields: ["tenantId"] });
    expect(ownershipOf(schema.models.get("keys")!, schema, tenantSettings)).toEqual({
      kind: "tenant-owned",
      field: "tenant_id",
    });
    expect(ownershipOf(schema.models.get("tenants")!, schema, tenantSettings)).toEqual({
      kind: "registry",
      idFields: ["id"],
    });
  });

  it("reads pgSchema(...).table, table creators, callback columns and sqlite tables", () => {
    const schema = schemaOf(`import { pgSchema, pgTableCreator, uuid } from "drizzle-orm/pg-core";
import * as s from "drizzle-orm/sqlite-core";
const auth = pgSchema("auth");
export const sessions = auth.table("sessions", { id: uuid().primaryKey(), workspaceId: uuid("workspace_id").notNull() });
const createTable = pgTableCreator((name) => \`app_\${name}\`);
export const files = createTable("files", (t) => ({ id: t.uuid().primaryKey(), workspaceId: t.uuid("workspace_id") }));
export const logs = s.sqliteTable("logs", { id: s.integer("id").primaryKey(), workspaceId: s.text("workspace_id") });
const notATable = someOtherTable("x", { workspaceId: 1 });`);
    expect([...new Set(schema.models.values())].map((model) => model.name).sort()).toEqual([
      "files",
      "logs",
      "sessions",
    ]);
    expect(schema.models.get("files")?.fields.get("workspaceId")?.optional).toBe(true);
  });
});

describe("Drizzle reads", () => {
  const cases: [string, string, string[]][] = [
    ["a where pinning the tenant", "await db.select().from(notes).where(eq(notes.workspaceId, workspaceId));", []],
    ["the value on the left", "await db.select().from(notes).where(eq(workspaceId, notes.workspaceId));", []],
    ["no where", "await db.select().from(notes);", ["missingTenantFilter"]],
    ["a where on another column", "await db.select().from(notes).where(eq(notes.id, id));", ["missingTenantFilter"]],
    [
      "and with the tenant",
      "await db.select().from(notes).where(and(eq(notes.id, id), eq(notes.workspaceId, workspaceId)));",
      [],
    ],
    [
      "and with undefined parts",
      "await db.select().from(notes).where(and(eq(notes.workspaceId, workspaceId), id ? eq(notes.id, id) : undefined));",
      [],
    ],
    [
      "or in every branch",
      "await db.select().from(notes).where(or(eq(notes.workspaceId, workspaceId), and(eq(notes.workspaceId, workspaceId), eq(notes.id, id))));",
      [],
    ],
    [
      "or in one branch",
      "await db.select().from(notes).where(or(eq(notes.workspaceId, workspaceId), eq(notes.id, id)));",
      ["partialOr"],
    ],
    ["not()", "await db.select().from(notes).where(not(eq(notes.workspaceId, workspaceId)));", ["missingTenantFilter"]],
    ["ne()", "await db.select().from(notes).where(ne(notes.workspaceId, workspaceId));", ["missingTenantFilter"]],
    ["inArray pins", "await db.select().from(notes).where(inArray(notes.workspaceId, [workspaceId]));", []],
    ["isNull does not", "await db.select().from(notes).where(isNull(notes.workspaceId));", ["missingTenantFilter"]],
    ["null does not", "await db.select().from(notes).where(eq(notes.workspaceId, null));", ["missingTenantFilter"]],
    [
      "a condition in a const",
      "const scoped = eq(notes.workspaceId, workspaceId);\nawait db.select().from(notes).where(scoped);",
      [],
    ],
    [
      "conditions spread from a const array",
      "const conditions = [eq(notes.workspaceId, workspaceId)];\nawait db.select().from(notes).where(and(...conditions));",
      [],
    ],
    [
      "a table of a re-exported schema namespace",
      "await db.select().from(schema.notes).where(eq(schema.notes.id, id));",
      ["missingTenantFilter"],
    ],
    ["a count", "await db.$count(notes, eq(notes.workspaceId, workspaceId));", []],
    ["a count of everything", "await db.$count(notes);", ["missingTenantFilter"]],
    ["selectDistinct", "await db.selectDistinct({ id: notes.id }).from(notes);", ["missingTenantFilter"]],
    ["a global table", "await db.select().from(plans);", []],
    ["the registry by its id", "await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));", []],
    [
      "a child through a join to its owner",
      "await db.select().from(comments).innerJoin(notes, eq(comments.noteId, notes.id)).where(eq(notes.workspaceId, workspaceId));",
      [],
    ],
    [
      "a child by its parent id only",
      "await db.select().from(comments).where(eq(comments.noteId, id));",
      ["missingTenantFilter"],
    ],
    [
      "a join whose joined table is unscoped",
      "await db.select().from(notes).leftJoin(comments, eq(comments.body, notes.title)).where(eq(notes.workspaceId, workspaceId));",
      ["missingTenantFilter"],
    ],
    [
      "a tenant-owned parent joined by the scoped row's reference",
      "await db.select().from(comments).innerJoin(notes, eq(comments.noteId, notes.id)).where(and(eq(notes.workspaceId, workspaceId), eq(comments.id, id)));",
      [],
    ],
    [
      "a tenant-owned table joined by key to an unscoped one",
      "await db.select().from(notes).innerJoin(notes, eq(notes.id, notes.id)).where(eq(notes.title, id));",
      // One statement, reported once however many of its tables are unscoped.
      ["missingTenantFilter"],
    ],
    [
      "a tenant-owned table joined to a scoped one by tenant",
      "await db.select().from(notes).innerJoin(notes, eq(notes.workspaceId, notes.workspaceId)).where(eq(notes.workspaceId, workspaceId));",
      [],
    ],
    [
      "in a transaction",
      "await db.transaction(async (tx) => { await tx.select().from(notes); });",
      ["missingTenantFilter"],
    ],
    [
      "relational with a callback",
      "await db.query.notes.findMany({ where: (n, { eq }) => eq(n.workspaceId, workspaceId) });",
      [],
    ],
    [
      "relational with operators renamed",
      "await db.query.notes.findFirst({ where: (n, { eq: equals }) => equals(n.workspaceId, workspaceId) });",
      [],
    ],
    [
      "relational with a condition",
      "await db.query.notes.findFirst({ where: eq(notes.workspaceId, workspaceId) });",
      [],
    ],
    ["relational without where", "await db.query.notes.findMany();", ["missingTenantFilter"]],
    [
      "relational with another column",
      "await db.query.notes.findMany({ where: (n, { eq }) => eq(n.title, id) });",
      ["missingTenantFilter"],
    ],
    [
      "relational findFirst by its key alone",
      "await db.query.notes.findFirst({ where: (n, { eq }) => eq(n.id, id) });",
      ["lookupById"],
    ],
    [
      "relational findFirst by key, then checked",
      "const n = await db.query.notes.findFirst({ where: (t, { eq }) => eq(t.id, id) });\nif (n?.workspaceId !== workspaceId) throw new Error();",
      [],
    ],
    ["relational object form", "await db.query.notes.findMany({ where: { workspaceId } });", []],
    [
      "relational object form with eq",
      "await db.query.notes.findMany({ where: { workspaceId: { eq: workspaceId } } });",
      [],
    ],
    [
      "relational object form with ne",
      "await db.query.notes.findMany({ where: { workspaceId: { ne: workspaceId } } });",
      ["missingTenantFilter"],
    ],
    [
      "relational object form with OR",
      "await db.query.notes.findMany({ where: { OR: [{ workspaceId }, { id }] } });",
      ["partialOr"],
    ],
  ];
  for (const [name, body, expected] of cases) {
    it(name, () => expect(lint("require-tenant-filter", body).messages).toEqual(expected));
  }

  it("reports a chain without where at its start", () => {
    const result = lint("require-tenant-filter", "  const rows = await db\n    .select()\n    .from(notes);");
    expect(result.lines).toEqual([7]);
  });

  it("reads conditions pushed into an and as extra conjuncts, but not into an or", () => {
    const pushed =
      "const conditions = [eq(notes.workspaceId, workspaceId)];\nif (id) conditions.push(eq(notes.id, id));\n";
    const and = lint("require-tenant-filter", `${pushed}await db.select().from(notes).where(and(...conditions));`);
    expect([and.messages, and.checked, and.unverified]).toEqual([[], 1, 0]);
    const or = lint("require-tenant-filter", `${pushed}await db.select().from(notes).where(or(...conditions));`);
    expect([or.messages, or.unverified]).toEqual([[], 1]);
  });

  it("leaves sql templates undecided with a reason", () => {
    const result = lint(
      "require-tenant-filter",
      "await db.select().from(notes).where(sql`${notes.workspaceId} = ${workspaceId}`);",
    );
    expect(result.messages).toEqual([]);
    expect(result.unverified).toBe(1);
    expect(result.reasons.join()).toMatch(/sql`…` condition/u);
  });

  it("leaves a condition from a parameter unverified", () => {
    const result = lint(
      "require-tenant-filter",
      "const g = (c: any) => db.select().from(notes).where(c);\nawait g(1);",
    );
    expect(result.messages).toEqual([]);
    expect(result.unverified).toBe(1);
  });

  it("counts execute as raw SQL on a known database", () => {
    const result = lint("require-tenant-filter", "await db.execute(sql`select 1`);");
    expect(result.unverified).toBe(1);
    expect(result.reasons.join()).toMatch(/raw SQL/u);
  });

  it("a $dynamic query is unverified", () => {
    const result = lint("require-tenant-filter", "const q = db.select().from(notes).$dynamic();\nawait q;");
    expect(result.messages).toEqual([]);
    expect(result.unverified).toBe(1);
  });

  it("takes an imported db for Drizzle when it queries a known table, untyped", () => {
    const header = `import { eq } from "drizzle-orm";\nimport { db } from "@/server/db";\nimport { notes } from "@/server/db/schema";\n`;
    expect(lint("require-tenant-filter", "await db.select().from(notes);", { header }).messages).toEqual([
      "missingTenantFilter",
    ]);
    expect(
      lint("require-tenant-filter", "await db.delete(notes).where(eq(notes.id, id));", { header }).messages,
    ).toEqual(["lookupById"]);
  });

  it("leaves a database made by an unseen call undecided", () => {
    const header = `import { getDb } from "./db";\nimport { notes } from "./db/schema";\n`;
    const result = lint("require-tenant-filter", "await getDb().select().from(notes);", { header });
    expect(result.messages).toEqual([]);
    expect(result.unverified).toBe(1);
  });

  it("reads tables defined in the linted file without a schema", () => {
    const header = `import { drizzle } from "drizzle-orm/postgres-js";
import { pgTable, uuid } from "drizzle-orm/pg-core";
import { eq } from "drizzle-orm";
const db = drizzle("postgres://x");
const docs = pgTable("docs", { id: uuid("id").primaryKey(), workspaceId: uuid("workspace_id").notNull() });
`;
    const context = { dataSchema: undefined };
    expect(lint("require-tenant-filter", "await db.select().from(docs);", { header, context }).messages).toEqual([
      "missingTenantFilter",
    ]);
    expect(
      lint("require-tenant-filter", "await db.select().from(docs).where(eq(docs.workspaceId, workspaceId));", {
        header,
        context,
      }).messages,
    ).toEqual([]);
  });

  it("without any table definition, a known database's query is unverified", () => {
    const result = lint("require-tenant-filter", "await db.select().from(notes);", {
      context: { dataSchema: undefined },
    });
    expect(result.messages).toEqual([]);
    expect(result.unverified).toBe(1);
    expect(result.reasons.join()).toMatch(/no Drizzle table definitions/u);
  });
});

describe("Drizzle writes", () => {
  const filter: [string, string, string[]][] = [
    [
      "update scoped",
      "await db.update(notes).set({ title: 'x' }).where(and(eq(notes.id, id), eq(notes.workspaceId, workspaceId)));",
      [],
    ],
    ["update without where", "await db.update(notes).set({ title: 'x' });", ["missingTenantFilter"]],
    // By a unique key alone: a write by key (an earlier authorised read of the key would vouch for it).
    ["update by id", "await db.update(notes).set({ title: 'x' }).where(eq(notes.id, id));", ["lookupById"]],
    ["delete scoped", "await db.delete(notes).where(and(eq(notes.id, id), eq(notes.workspaceId, workspaceId)));", []],
    ["delete without where", "await db.delete(notes);", ["missingTenantFilter"]],
    [
      "delete in a transaction by id",
      "await db.transaction(async (tx) => tx.delete(notes).where(eq(notes.id, id)));",
      ["lookupById"],
    ],
  ];
  for (const [name, body, expected] of filter) {
    it(name, () => expect(lint("require-tenant-filter", body).messages).toEqual(expected));
  }
  const write: [string, string, string[]][] = [
    ["insert with the tenant", "await db.insert(notes).values({ id, workspaceId, title: 'x' });", []],
    ["insert without it", "await db.insert(notes).values({ id, title: 'x' });", ["missingTenantOnInsert"]],
    [
      "insert of an array, one row without",
      "await db.insert(notes).values([{ id, workspaceId }, { id }]);",
      ["missingTenantOnInsert"],
    ],
    [
      "insert of mapped rows",
      "const rows = ['a'].map((title) => ({ id, workspaceId, title }));\nawait db.insert(notes).values(rows);",
      [],
    ],
    ["insert of the request body", "await db.insert(notes).values(req.body);", ["missingTenantOnInsert"]],
    ["insert of a child", "await db.insert(comments).values({ id, noteId: id });", []],
    ["insert of a global row", "await db.insert(plans).values({ id });", []],
    [
      "upsert whose set keeps the tenant",
      "await db.insert(notes).values({ id, workspaceId }).onConflictDoUpdate({ target: notes.id, set: { title: 'y' } });",
      [],
    ],
    [
      "upsert whose set moves the tenant",
      "await db.insert(notes).values({ id, workspaceId }).onConflictDoUpdate({ target: notes.id, set: { workspaceId: req.body.w } });",
      ["tenantReassigned"],
    ],
    [
      "upsert without the tenant",
      "await db.insert(notes).values({ id }).onConflictDoUpdate({ target: notes.id, set: { title: 'y' } });",
      ["upsertWithoutTenant"],
    ],
    [
      "update setting the tenant to another value",
      "await db.update(notes).set({ workspaceId: req.body.to }).where(eq(notes.workspaceId, workspaceId));",
      ["tenantReassigned"],
    ],
    [
      "update setting the pinned value",
      "await db.update(notes).set({ workspaceId, title: 'x' }).where(eq(notes.workspaceId, workspaceId));",
      [],
    ],
    [
      "update from the request",
      "await db.update(notes).set(req.body).where(eq(notes.workspaceId, workspaceId));",
      ["updateFromRequest"],
    ],
    [
      "a child moved to another parent",
      "await db.update(comments).set({ noteId: req.body.noteId }).where(eq(comments.id, id));",
      ["tenantReassigned"],
    ],
  ];
  for (const [name, body, expected] of write) {
    it(name, () => expect(lint("require-tenant-on-write", body).messages).toEqual(expected));
  }
});

describe("Drizzle look-alikes", () => {
  const header = `import { createHash } from "node:crypto";\nimport { qb } from "./query-builder";\nimport { notes } from "./db/schema";\n`;
  const cases: [string, string][] = [
    ["a hash's update", "createHash('sha256').update(id).digest('hex');"],
    ["Set.delete", "const seen = new Set<string>();\nseen.delete(id);"],
    ["URLSearchParams.delete", "const params = new URLSearchParams(req.url);\nparams.delete('workspaceId');"],
    ["an array named like a table", "const campaigns = [{ id }];\ncampaigns.find((c) => c.id === id);"],
    [
      "a knex-like builder of the project",
      "await qb.select('*').from('notes');\nawait qb.table('notes').update({ title: 'x' });\nawait qb.insert({ id }).into('notes');\nawait qb.delete().from('notes');",
    ],
    ["a map's delete of a table value", "const cache = new Map<unknown, number>();\ncache.delete(notes);"],
    [
      "an object with select and from",
      "const qb = { select: () => ({ from: (t: unknown) => [t] }) };\nqb.select().from('notes');",
    ],
  ];
  for (const [name, body] of cases) {
    it(name, () => {
      for (const rule of ["require-tenant-filter", "require-tenant-on-write"] as const) {
        const result = lint(rule, body, { header });
        expect(result.messages).toEqual([]);
        expect(result.unverified).toBe(0);
      }
    });
  }
});

describe("Drizzle queries of a table the analysis cannot identify", () => {
  const repository = `import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { and, eq } from "drizzle-orm";
export class Repository {
  constructor(private readonly db: NodePgDatabase, private readonly table: any) {}
`;
  const method = (body: string) =>
    parse(`${repository}  async run(workspaceId: string, rows: { id: string }[]) {\n${body}\n  }\n}\n`);
  const run = (rule: "require-tenant-filter" | "require-tenant-on-write", body: string) => {
    const result = runCheck(rule, method(body), { settings, dataSchema });
    return {
      messages: result.findings.map((finding) => finding.messageId),
      checked: result.checked,
      unverified: result.unverified,
    };
  };

  it("takes a generic repository's query pinned to the tenant column as scoped", () => {
    expect(
      run(
        "require-tenant-filter",
        "const t = this.table;\nreturn this.db.select().from(t).where(and(eq(t.workspaceId, workspaceId), eq(t.id, 1)));",
      ),
    ).toEqual({ messages: [], checked: 1, unverified: 0 });
  });

  it("leaves one without it undecided, never reported: which table it is cannot be told", () => {
    expect(
      run("require-tenant-filter", "return this.db.select().from(this.table).where(eq(this.table.id, 1));"),
    ).toEqual({ messages: [], checked: 1, unverified: 1 });
  });

  it("reads rows made by a map into a const, and a where written before $dynamic with no other after it", () => {
    expect(
      run(
        "require-tenant-on-write",
        "const values = rows.map((row) => ({ ...row, workspaceId }));\nawait this.db.insert(this.table).values(values);",
      ),
    ).toEqual({ messages: [], checked: 1, unverified: 0 });
    const dynamic =
      "const q = this.db.select().from(this.table).where(eq(this.table.workspaceId, workspaceId)).$dynamic();\nreturn q.limit(1);";
    expect(run("require-tenant-filter", dynamic)).toEqual({ messages: [], checked: 1, unverified: 0 });
  });
});

describe("Drizzle writes by a unique key", () => {
  it("are vouched for by an earlier scoped read of the same id that leaves on a miss", () => {
    const body = `const [note] = await db.select().from(notes).where(and(eq(notes.id, id), eq(notes.workspaceId, workspaceId)));
if (!note) throw new Error("not found");
await db.update(notes).set({ title: "x" }).where(eq(notes.id, id));`;
    expect(lint("require-tenant-filter", body).messages).toEqual([]);
  });

  it("are lookups by key alone without one", () => {
    expect(lint("require-tenant-filter", `await db.delete(notes).where(eq(notes.id, id));`).messages).toEqual([
      "lookupById",
    ]);
  });
});

describe("Drizzle relations() and joins", () => {
  const rbacText = `import { mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { relations } from "drizzle-orm";
export const roles = mysqlTable("roles", { id: varchar("id").primaryKey(), workspaceId: varchar("workspace_id").notNull() });
export const perms = mysqlTable("perms", { id: varchar("id").primaryKey(), workspaceId: varchar("workspace_id").notNull() });
export const keysRoles = mysqlTable("keys_roles", { keyId: varchar("key_id").notNull(), roleId: varchar("role_id").notNull(), workspaceId: varchar("workspace_id").notNull() });
export const rolesPerms = mysqlTable("roles_perms", { roleId: varchar("role_id").notNull(), permId: varchar("perm_id"), workspaceId: varchar("workspace_id").notNull() });
export const keysRolesRelations = relations(keysRoles, ({ one }) => ({ role: one(roles, { fields: [keysRoles.roleId], references: [roles.id] }) }));
export const rolesPermsRelations = relations(rolesPerms, ({ one }) => ({
  role: one(roles, { fields: [rolesPerms.roleId], references: [roles.id] }),
  perm: one(perms, { fields: [rolesPerms.permId], references: [perms.id] }),
}));
`;
  const rbac = schemaOf(rbacText);
  const header = `import { drizzle } from "drizzle-orm/mysql2";
import { and, eq } from "drizzle-orm";
import { keysRoles, rolesPerms, perms } from "./db/schema";
const db = drizzle(process.env.DATABASE_URL!);
`;
  const granted = (where: string) =>
    lint(
      "require-tenant-filter",
      `return db.select().from(keysRoles).innerJoin(rolesPerms, eq(keysRoles.roleId, rolesPerms.roleId)).innerJoin(perms, eq(rolesPerms.permId, perms.id)).where(${where});`,
      { header, context: { dataSchema: rbac } },
    );

  it("reads one() relations declared for relational queries as the table's foreign keys", () => {
    expect(rbac.models.get("rolesPerms")?.fields.get("role")?.relation).toMatchObject({
      model: "roles",
      fields: ["roleId"],
      references: ["id"],
      required: true,
    });
    expect(rbac.models.get("rolesPerms")?.fields.get("perm")?.relation).toMatchObject({ required: false });
  });

  it("scopes a chain of joins from a scoped table's references, and reports an unscoped statement once", () => {
    expect(granted(`and(eq(keysRoles.keyId, id), eq(keysRoles.workspaceId, workspaceId))`).messages).toEqual([]);
    const unscoped = granted(`eq(keysRoles.keyId, id)`);
    expect(unscoped.messages).toEqual(["missingTenantFilter"]);
    expect(unscoped.checked).toBe(3);
  });
});

describe("Drizzle row provenance", () => {
  it("scopes a filter by ids read off rows an earlier scoped select returned", () => {
    const body = (where: string) => `const rows = await db.select().from(notes)${where};
const ids = new Set(rows.map((note) => note.id));
return db.select().from(comments).where(inArray(comments.noteId, [...ids]));`;
    expect(lint("require-tenant-filter", body(`.where(eq(notes.workspaceId, workspaceId))`)).messages).toEqual([]);
    expect(lint("require-tenant-filter", body(``))).toMatchObject({
      messages: ["missingTenantFilter", "missingTenantFilter"],
      lines: [7, 9],
    });
  });

  it("scopes a write by the key of a row inserted with the tenant, not of one inserted without", () => {
    const body = (values: string) => `const [note] = await db.insert(notes).values(${values}).returning();
await db.update(notes).set({ title: "y" }).where(eq(notes.id, note.id));`;
    expect(lint("require-tenant-filter", body(`{ workspaceId, title: "x" }`)).messages).toEqual([]);
    expect(lint("require-tenant-filter", body(`{ title: "x" }`)).messages).toEqual(["lookupById"]);
  });
});
