/** The Prisma data layer: which calls become query sites, and what the checks conclude from them. */
import { describe, expect, it } from "vitest";
import { readPrismaSchema } from "../../src/adapters/prisma/schema.js";
import type { DataModel, DataSchema } from "../../src/data-layer/schema.js";
import { runCheck } from "../../src/index.js";
import { parseSettings } from "../../src/settings.js";
import type { AnalysisContext } from "../../src/types.js";
import { parse } from "../helpers.js";

const schemaText = `
model Workspace {
  id        String     @id
  documents Document[]
}
model Document {
  id          String    @id
  workspaceId String
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
  title       String
  comments    Comment[]
  @@unique([id, workspaceId])
}
model Comment {
  id         String   @id
  documentId String
  document   Document @relation(fields: [documentId], references: [id])
  body       String
}
model Plan {
  id   String @id
  name String
}
`;

function schemaOf(text: string): DataSchema {
  const { models, errors } = readPrismaSchema([{ file: "/repo/prisma/schema.prisma", text }]);
  expect(errors).toEqual([]);
  const byName = new Map<string, DataModel>();
  for (const model of models) for (const name of model.names) if (!byName.has(name)) byName.set(name, model);
  return { models: byName, sources: ["/repo/prisma/schema.prisma"] };
}

const dataSchema = schemaOf(schemaText);
const header = `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\n`;

function lint(
  rule: "require-tenant-filter" | "require-tenant-on-write",
  body: string,
  context: Partial<AnalysisContext> = {},
) {
  const sourceFile = parse(
    `${header}export async function f(workspaceId: string, id: string, req: any) {\n${body}\n}\n`,
  );
  const full: AnalysisContext = { settings: parseSettings({ tenantFields: ["workspaceId"] }), dataSchema, ...context };
  const result = runCheck(rule, sourceFile, full);
  return {
    messages: result.findings.map((finding) => finding.messageId),
    checked: result.checked,
    unverified: result.unverified,
    reasons: (result.sites ?? []).map((site) => site.reason),
  };
}

describe("Prisma reads", () => {
  const cases: [string, string, string[]][] = [
    ["a where with the tenant field", "await prisma.document.findMany({ where: { workspaceId } });", []],
    ["a where without it", `await prisma.document.findMany({ where: { title: "x" } });`, ["missingTenantFilter"]],
    ["no arguments", "await prisma.document.findMany();", ["missingTenantFilter"]],
    ["equals", "await prisma.document.findFirst({ where: { workspaceId: { equals: workspaceId } } });", []],
    ["in", "await prisma.document.count({ where: { workspaceId: { in: [workspaceId] } } });", []],
    ["not", "await prisma.document.count({ where: { workspaceId: { not: workspaceId } } });", ["missingTenantFilter"]],
    [
      "undefined drops the condition",
      "await prisma.document.findMany({ where: { workspaceId: undefined } });",
      ["missingTenantFilter"],
    ],
    [
      "AND with one scoped conjunct",
      `await prisma.document.findMany({ where: { AND: [{ workspaceId }, { title: "x" }] } });`,
      [],
    ],
    [
      "OR scoped in every branch",
      `await prisma.document.findMany({ where: { OR: [{ workspaceId }, { workspaceId, title: "x" }] } });`,
      [],
    ],
    [
      "OR scoped in one branch",
      `await prisma.document.findMany({ where: { OR: [{ workspaceId }, { title: "x" }] } });`,
      ["partialOr"],
    ],
    [
      "NOT never scopes",
      "await prisma.document.findMany({ where: { NOT: { workspaceId } } });",
      ["missingTenantFilter"],
    ],
    [
      "a relation filter through the tenant relation",
      "await prisma.document.findMany({ where: { workspace: { id: workspaceId } } });",
      [],
    ],
    [
      "a child through its owning relation",
      "await prisma.comment.findMany({ where: { document: { workspaceId } } });",
      [],
    ],
    ["a child through is", "await prisma.comment.findMany({ where: { document: { is: { workspaceId } } } });", []],
    [
      "a child by its parent's id only",
      "await prisma.comment.findMany({ where: { documentId: id } });",
      ["missingTenantFilter"],
    ],
    [
      "a child through isNot",
      "await prisma.comment.findMany({ where: { document: { isNot: { workspaceId } } } });",
      ["missingTenantFilter"],
    ],
    [
      "a compound unique key with the tenant",
      "await prisma.document.findUnique({ where: { id_workspaceId: { id, workspaceId } } });",
      [],
    ],
    ["a unique lookup by id alone", "await prisma.document.findUnique({ where: { id } });", ["lookupById"]],
    [
      "a unique lookup checked after the load",
      "const d = await prisma.document.findUnique({ where: { id } });\nif (d?.workspaceId !== workspaceId) throw new Error();",
      [],
    ],
    ["a global model", "await prisma.plan.findMany();", []],
    ["the registry by its own id", "await prisma.workspace.findUnique({ where: { id: workspaceId } });", []],
    [
      "the client's own input as the filter",
      "await prisma.document.findMany({ where: req.query });",
      ["missingTenantFilter"],
    ],
    ["a delete by id alone", "await prisma.document.delete({ where: { id } });", ["lookupById"]],
    [
      "updateMany without the tenant",
      `await prisma.document.updateMany({ where: { id }, data: { title: "x" } });`,
      ["missingTenantFilter"],
    ],
    [
      "a write by key after a scoped read of the same id that leaves on a miss",
      `const d = await prisma.document.findFirst({ where: { id, workspaceId } });\nif (!d) throw new Error("not found");\nawait prisma.document.update({ where: { id }, data: { title: "x" } });`,
      [],
    ],
    [
      "a write by key after a scoped findFirstOrThrow",
      `await prisma.document.findFirstOrThrow({ where: { id, workspaceId } });\nawait prisma.document.delete({ where: { id } });`,
      [],
    ],
    [
      "a write by key after a scoped read that does not leave on a miss",
      `const d = await prisma.document.findFirst({ where: { id, workspaceId } });\nawait prisma.document.update({ where: { id }, data: { title: String(d) } });`,
      ["lookupById"],
    ],
    [
      "a write by the loaded row's own id",
      `const doc = await prisma.document.findFirst({ where: { id: req.id, workspaceId } });\nif (!doc) throw new Error();\nawait prisma.document.update({ where: { id: doc.id }, data: { title: "x" } });`,
      [],
    ],
    [
      "writes by the ids of a scoped list's rows",
      `const docs = await prisma.document.findMany({ where: { workspaceId } });\nfor (const doc of docs) await prisma.document.delete({ where: { id: doc.id } });\nawait Promise.all(docs.map((d) => prisma.document.update({ where: { id: d.id }, data: { title: "x" } })));`,
      [],
    ],
    [
      "writes by the ids of an unscoped list's rows",
      `const docs = await prisma.document.findMany({ where: { title: "x" } });\nfor (const doc of docs) await prisma.document.delete({ where: { id: doc.id } });`,
      ["missingTenantFilter", "lookupById"],
    ],
    [
      "a write by key after a scoped read of another id",
      `const d = await prisma.document.findFirst({ where: { id: req.other, workspaceId } });\nif (!d) throw new Error();\nawait prisma.document.delete({ where: { id } });`,
      ["lookupById"],
    ],
  ];
  it.each(cases)("%s", (_label, body, expected) => {
    expect(lint("require-tenant-filter", body).messages).toEqual(expected);
  });

  it("counts a where it cannot see into as unverified, with why", () => {
    const result = lint(
      "require-tenant-filter",
      "const where = req.filter;\nawait prisma.document.findMany({ where: build(where) });",
    );
    expect(result).toMatchObject({ messages: [], checked: 1, unverified: 1 });
    expect(result.reasons).toEqual(["its filter could not be decided"]);
  });

  it("reads raw SQL through the schema's table names: a table it does not know is unverified", () => {
    const unknown = lint("require-tenant-filter", "await prisma.$queryRaw`SELECT * FROM documents`;");
    expect(unknown).toMatchObject({
      messages: [],
      checked: 1,
      unverified: 1,
      reasons: ["raw SQL names only tables the schema does not know (documents)"],
    });
    // Without @@map the table is the model's name.
    expect(lint("require-tenant-filter", 'await prisma.$queryRaw`SELECT * FROM "Document"`;').messages).toEqual([
      "missingTenantFilter",
    ]);
    expect(
      lint(
        "require-tenant-filter",
        'await prisma.$queryRaw`SELECT * FROM "Document" WHERE "workspaceId" = ${workspaceId}`;',
      ).messages,
    ).toEqual([]);
  });

  it("leaves every model call undecided without a schema", () => {
    const result = lint("require-tenant-filter", "await prisma.document.findMany();", { dataSchema: undefined });
    expect(result).toMatchObject({ messages: [], checked: 1, unverified: 1 });
  });

  it("ignores members that are no schema model and look-alikes", () => {
    const body =
      "const documents = [{ id }];\ndocuments.find((d) => d.id === id);\nconst store = new Map();\nstore.delete(id);\nawait prisma.$disconnect();";
    expect(lint("require-tenant-filter", body)).toMatchObject({ messages: [], checked: 0 });
  });
});

describe("Prisma clients", () => {
  it("knows the tx of $transaction", () => {
    expect(
      lint("require-tenant-filter", "await prisma.$transaction(async (tx) => { await tx.document.deleteMany({}); });")
        .messages,
    ).toEqual(["missingTenantFilter"]);
  });

  it("takes an imported client's schema-model call with a Prisma operation for a Prisma query, untyped", () => {
    const sourceFile = parse(`import { db } from "./db";\nexport const all = () => db.document.findMany();\n`);
    const result = runCheck("require-tenant-filter", sourceFile, {
      settings: parseSettings({ tenantFields: ["workspaceId"] }),
      dataSchema,
    });
    expect(result.findings.map((finding) => finding.messageId)).toEqual(["missingTenantFilter"]);
  });

  it("leaves a client some imported function made undecided: it may enforce the tenant", () => {
    const sourceFile = parse(
      `import { forTenant } from "./db";\nexport const all = (t: string) => forTenant(t).document.findMany();\n`,
    );
    const result = runCheck("require-tenant-filter", sourceFile, {
      settings: parseSettings({ tenantFields: ["workspaceId"] }),
      dataSchema,
    });
    expect(result).toMatchObject({ findings: [], checked: 1, unverified: 1 });
  });

  it("counts queries of a tenant-enforcing $extends client as scoped by construction", () => {
    const body = `const scoped = prisma.$extends({ query: { $allModels: { async $allOperations({ args, query }: any) { args.where = { ...args.where, workspaceId }; return query(args); } } } });
await scoped.document.findMany();`;
    const result = lint("require-tenant-filter", body);
    expect(result).toMatchObject({ messages: [], checked: 1, unverified: 0 });
    expect(result.reasons[0]).toMatch(/tenant-enforcing client/u);
  });

  it("does not take an extension that adds nothing for an enforcing one", () => {
    const body = `const logged = prisma.$extends({ query: { $allModels: { async $allOperations({ args, query }: any) { console.log(args); return query(args); } } } });
await logged.document.findMany();`;
    expect(lint("require-tenant-filter", body).messages).toEqual(["missingTenantFilter"]);
  });

  it("counts a row-level-security extension as enforcing", () => {
    const body =
      "const rls = prisma.$extends({ query: { $allModels: { async $allOperations({ args, query }: any) { await prisma.$executeRaw`SELECT set_config('app.workspace_id', ${workspaceId}, TRUE)`; return query(args); } } } });\nawait rls.document.findMany();";
    expect(lint("require-tenant-filter", body).messages).toEqual([]);
  });
});

describe("Prisma writes", () => {
  const cases: [string, string, string[]][] = [
    ["create with the tenant field", `await prisma.document.create({ data: { workspaceId, title: "t" } });`, []],
    ["create without it", `await prisma.document.create({ data: { title: "t" } });`, ["missingTenantOnInsert"]],
    [
      "create connecting the tenant relation",
      `await prisma.document.create({ data: { title: "t", workspace: { connect: { id: workspaceId } } } });`,
      [],
    ],
    ["create from the request body", "await prisma.document.create({ data: req.body });", ["missingTenantOnInsert"]],
    [
      "createMany with one row missing it",
      `await prisma.document.createMany({ data: [{ workspaceId, title: "a" }, { title: "b" }] });`,
      ["missingTenantOnInsert"],
    ],
    [
      "createMany from a map that adds it",
      `await prisma.document.createMany({ data: ["a"].map((title) => ({ title, workspaceId })) });`,
      [],
    ],
    [
      "upsert whose create lacks it",
      `await prisma.document.upsert({ where: { id_workspaceId: { id, workspaceId } }, create: { id, title: "t" }, update: {} });`,
      ["upsertWithoutTenant"],
    ],
    [
      "upsert whose create has it",
      `await prisma.document.upsert({ where: { id_workspaceId: { id, workspaceId } }, create: { id, workspaceId, title: "t" }, update: {} });`,
      [],
    ],
    [
      "update moving the row",
      `await prisma.document.updateMany({ where: { workspaceId }, data: { workspaceId: req.body.to } });`,
      ["tenantReassigned"],
    ],
    [
      "update setting the pinned value again",
      "await prisma.document.updateMany({ where: { workspaceId }, data: { workspaceId } });",
      [],
    ],
    [
      "update reconnecting the tenant relation",
      "await prisma.document.updateMany({ where: { workspaceId }, data: { workspace: { connect: { id: req.body.to } } } });",
      ["tenantReassigned"],
    ],
    [
      "update from the request body",
      "await prisma.document.updateMany({ where: { workspaceId }, data: req.body });",
      ["updateFromRequest"],
    ],
    [
      "a child moved to another parent",
      "await prisma.comment.updateMany({ where: { document: { workspaceId } }, data: { document: { connect: { id } } } });",
      ["tenantReassigned"],
    ],
    ["a child created under its parent", `await prisma.comment.create({ data: { documentId: id, body: "b" } });`, []],
    [
      "a nested create under a scoped parent",
      `await prisma.document.update({ where: { id_workspaceId: { id, workspaceId } }, data: { comments: { create: { body: "b" } } } });`,
      [],
    ],
    ["a global model", `await prisma.plan.create({ data: { name: "pro" } });`, []],
  ];
  it.each(cases)("%s", (_label, body, expected) => {
    expect(lint("require-tenant-on-write", body).messages).toEqual(expected);
  });
});

describe("Prisma precision on shapes real projects write", () => {
  it("takes a model that is what a tenant field names, and itself belongs to a tenant, as scoped by its own id", () => {
    const nested = schemaOf(`
model Workspace {
  id       String    @id
  projects Project[]
}
model Project {
  id          String    @id
  workspaceId String
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
  runs        Run[]
}
model Run {
  id        String  @id
  projectId String
  project   Project @relation(fields: [projectId], references: [id])
}
`);
    const settings = parseSettings({ tenantFields: ["workspaceId", "projectId"] });
    const sourceFile = parse(`${header}export async function f(projectId: string, id: string) {
  await prisma.project.findUnique({ where: { id: projectId } });
  await prisma.project.findUnique({ where: { id } });
}\n`);
    const result = runCheck("require-tenant-filter", sourceFile, { settings, dataSchema: nested });
    expect(result.findings.map((finding) => [finding.messageId, finding.node.getStart()])).toHaveLength(1);
    expect(result.findings[0]?.data.field).toBe("workspaceId");
  });

  it("takes a filter through the caller's membership of the tenant as scoped", () => {
    const members = schemaOf(`
model Workspace {
  id        String       @id
  members   Membership[]
  documents Document[]
}
model Membership {
  id          String    @id
  userId      String
  workspaceId String
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
}
model Document {
  id          String    @id
  workspaceId String
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
}
`);
    const member = lint(
      "require-tenant-filter",
      "await prisma.document.findMany({ where: { workspace: { members: { some: { userId: req.user.id } } } } });",
      { dataSchema: members },
    );
    const anyone = lint(
      "require-tenant-filter",
      `await prisma.document.findMany({ where: { workspace: { name: "x" } } });`,
      { dataSchema: members },
    );
    expect([member.messages, anyone.messages]).toEqual([[], ["missingTenantFilter"]]);
  });

  it("names the model's own tenant field in the message", () => {
    const sourceFile = parse(`${header}export const all = () => prisma.document.findMany();\n`);
    const settings = parseSettings({ tenantFields: ["teamId", "workspaceId"] });
    expect(runCheck("require-tenant-filter", sourceFile, { settings, dataSchema }).findings[0]?.message).toMatch(
      /has no workspaceId in its filter/u,
    );
  });

  it("lets an earlier scoped read vouch for a write inside a $transaction callback", () => {
    const body = `const d = await prisma.document.findFirst({ where: { id, workspaceId } });
if (!d) throw new Error("not found");
await prisma.$transaction(async (tx) => { await tx.document.delete({ where: { id } }); });`;
    expect(lint("require-tenant-filter", body).messages).toEqual([]);
  });

  it("takes query: { $allOperations } as covering every model", () => {
    const body = `const scoped = prisma.$extends({ query: { async $allOperations({ args, query }: any) { args.where = { ...args.where, workspaceId }; return query(args); } } });
await scoped.document.findMany();`;
    expect(lint("require-tenant-filter", body).messages).toEqual([]);
  });

  it("leaves a lookup by a secret credential undecided, with why", () => {
    const credentials = schemaOf(`${schemaText}
model Invite {
  id          String    @id
  workspaceId String
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
  tokenHash   String    @unique
}
`);
    const result = lint(
      "require-tenant-filter",
      "await prisma.invite.findUnique({ where: { tokenHash: req.hash } });",
      { dataSchema: credentials },
    );
    expect(result).toMatchObject({
      messages: [],
      unverified: 1,
      reasons: ["looked up by a secret credential (tokenHash)"],
    });
  });

  it("leaves a row handed straight to a helper undecided: the helper may refuse it", () => {
    const result = lint(
      "require-tenant-filter",
      "const d = assertOwned(await prisma.document.findUnique({ where: { id } }), workspaceId);",
    );
    expect(result).toMatchObject({ messages: [], unverified: 1 });
  });

  it("leaves a row whose tenant is handed to a check undecided", () => {
    const result = lint(
      "require-tenant-filter",
      "const d = await prisma.document.findUnique({ where: { id } });\nawait assertMember(req.user, d?.workspaceId);",
    );
    expect(result).toMatchObject({ messages: [], unverified: 1 });
  });

  it("reads rows built by Array.from", () => {
    const missing = lint(
      "require-tenant-on-write",
      `await prisma.document.createMany({ data: Array.from({ length: 3 }, (_, i) => ({ title: String(i) })) });`,
    );
    const present = lint(
      "require-tenant-on-write",
      `await prisma.document.createMany({ data: Array.from({ length: 3 }, (_, i) => ({ title: String(i), workspaceId })) });`,
    );
    expect([missing.messages, present.messages]).toEqual([["missingTenantOnInsert"], []]);
  });

  it("counts a Prisma-named client's operations as unverified when no schema was found", () => {
    const sourceFile = parse(
      `import { prisma } from "@acme/database";\nexport const all = () => prisma.document.findMany();\n`,
    );
    const result = runCheck("require-tenant-filter", sourceFile, {
      settings: parseSettings({ tenantFields: ["workspaceId"] }),
    });
    expect(result).toMatchObject({ findings: [], checked: 1, unverified: 1 });
    expect(result.sites?.[0]?.reason).toBe("no Prisma schema was found for document");
  });
});

describe("Prisma row provenance", () => {
  const scoped = `{ id, workspaceId }`;
  it("scopes a child filtered by the id of a parent loaded scoped, and not of one loaded by id alone", () => {
    const body = (where: string) => `const doc = await prisma.document.findFirst({ where: ${where} });
if (!doc) throw new Error("not found");
return prisma.comment.findMany({ where: { documentId: doc.id } });`;
    expect(lint("require-tenant-filter", body(scoped)).messages).toEqual([]);
    expect(lint("require-tenant-filter", body(`{ id }`)).messages).toEqual([
      "missingTenantFilter",
      "missingTenantFilter",
    ]);
  });

  it("follows a relation the scoped read included, a foreign key off a loaded row, and a list of ids", () => {
    const included = `const doc = await prisma.document.findFirstOrThrow({ where: ${scoped}, include: { comments: true } });
await prisma.comment.delete({ where: { id: doc.comments[0].id } });`;
    expect(lint("require-tenant-filter", included).messages).toEqual([]);
    const parent = `const comment = await prisma.comment.findFirstOrThrow({ where: { id, document: { workspaceId } } });
return prisma.document.findUnique({ where: { id: comment.documentId } });`;
    expect(lint("require-tenant-filter", parent).messages).toEqual([]);
    const list = (where: string) => `const docs = await prisma.document.findMany({ where: ${where} });
const ids = Array.from(new Set(docs.map((d) => d.id)));
await prisma.comment.deleteMany({ where: { documentId: { in: ids } } });`;
    expect(lint("require-tenant-filter", list(`{ workspaceId }`)).messages).toEqual([]);
    expect(lint("require-tenant-filter", list(`{ title: "x" }`)).messages).toEqual([
      "missingTenantFilter",
      "missingTenantFilter",
    ]);
  });

  it("scopes a write by the id of a row just created with the tenant in the same transaction", () => {
    const body = (data: string) => `await prisma.$transaction(async (tx) => {
  const created = await tx.document.create({ data: ${data} });
  await tx.document.update({ where: { id: created.id }, data: { title: "y" } });
});`;
    expect(lint("require-tenant-filter", body(`{ workspaceId, title: "x" }`)).messages).toEqual([]);
    expect(lint("require-tenant-filter", body(`{ title: "x" }`)).messages).toEqual(["lookupById"]);
  });
});
