import { describe, expect, it } from "vitest";
import { readPrismaSchema } from "../../src/adapters/prisma/schema.js";
import { ownershipOf, tenantFieldOf } from "../../src/data-layer/ownership.js";
import type { DataModel, DataSchema, Ownership } from "../../src/data-layer/schema.js";
import { parseSettings } from "../../src/settings.js";

function schemaOf(text: string): DataSchema {
  const { models, errors } = readPrismaSchema([{ file: "/repo/prisma/schema.prisma", text }]);
  if (errors.length > 0) throw errors[0];
  const byName = new Map<string, DataModel>();
  for (const model of models) for (const name of model.names) if (!byName.has(name)) byName.set(name, model);
  return { models: byName, sources: ["/repo/prisma/schema.prisma"] };
}

function ownerships(schema: DataSchema, settings: unknown = {}): Record<string, Ownership> {
  const parsed = parseSettings(settings);
  const result: Record<string, Ownership> = {};
  for (const model of new Set(schema.models.values())) result[model.name] = ownershipOf(model, schema, parsed);
  return result;
}

const saas = schemaOf(`
model Workspace {
  id        String    @id
  ownerId   String
  owner     User      @relation("Owner", fields: [ownerId], references: [id])
  planId    String
  plan      Plan      @relation(fields: [planId], references: [id])
  members   User[]    @relation("Members")
  documents Document[]
}

model User {
  id          String     @id
  workspaceId String
  workspace   Workspace  @relation("Members", fields: [workspaceId], references: [id])
  owns        Workspace[] @relation("Owner")
}

model Document {
  id          String    @id
  workspaceId String
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
  pages       Page[]
}

model Page {
  id         String    @id
  documentId String
  document   Document  @relation(fields: [documentId], references: [id])
  blocks     Block[]
}

model Block {
  id     String @id
  pageId String
  page   Page   @relation(fields: [pageId], references: [id])
  marks  Mark[]
}

model Mark {
  id      String @id
  blockId String
  block   Block  @relation(fields: [blockId], references: [id])
}

model Attachment {
  id         String    @id
  documentId String?
  document   Document? @relation(fields: [documentId], references: [id])
}

model Plan {
  id         String      @id
  workspaces Workspace[]
}
`);

describe("ownershipOf", () => {
  const result = ownerships(saas, { tenantFields: ["workspaceId"] });

  it("calls a model with a tenant field tenant-owned, naming the field", () => {
    expect(result.Document).toEqual({ kind: "tenant-owned", field: "workspaceId" });
    expect(result.User).toEqual({ kind: "tenant-owned", field: "workspaceId" });
  });

  it("follows required relations to the nearest tenant-owned model, up to three hops", () => {
    expect(result.Page).toEqual({ kind: "owned-through", path: ["document"], owner: "Document" });
    expect(result.Block).toEqual({ kind: "owned-through", path: ["page", "document"], owner: "Document" });
    expect(result.Mark).toEqual({ kind: "owned-through", path: ["block", "page", "document"], owner: "Document" });
  });

  it("does not follow an optional relation: a row without it belongs to no tenant", () => {
    expect(result.Attachment).toEqual({ kind: "global" });
  });

  it("calls the model a tenant field's relation refers to the registry, even when it requires a tenant-owned owner", () => {
    expect(result.Workspace).toEqual({ kind: "registry", idFields: ["id"] });
  });

  it("leaves models that reach no tenant global", () => {
    expect(result.Plan).toEqual({ kind: "global" });
  });

  it("makes globalCollections global, by model, accessor or table name, and does not pass through them", () => {
    const declared = ownerships(saas, { tenantFields: ["workspaceId"], globalCollections: ["document"] });
    expect(declared.Document).toEqual({ kind: "global" });
    expect(declared.Page).toEqual({ kind: "global" });
    expect(declared.User).toEqual({ kind: "tenant-owned", field: "workspaceId" });
  });

  it("stops after three hops", () => {
    const deep = schemaOf(`
model Org {
  id String @id
}
model A {
  id    String @id
  orgId String
  org   Org    @relation(fields: [orgId], references: [id])
}
model B {
  id  String @id
  aId String
  a   A      @relation(fields: [aId], references: [id])
}
model C {
  id  String @id
  bId String
  b   B      @relation(fields: [bId], references: [id])
}
model D {
  id  String @id
  cId String
  c   C      @relation(fields: [cId], references: [id])
}
model E {
  id  String @id
  dId String
  d   D      @relation(fields: [dId], references: [id])
}
`);
    const result = ownerships(deep, { tenantFields: ["orgId"] });
    expect(result.D).toEqual({ kind: "owned-through", path: ["c", "b", "a"], owner: "A" });
    expect(result.E).toEqual({ kind: "global" });
  });

  it("takes the shortest path and survives cycles", () => {
    const cyclic = schemaOf(`
model Tenant {
  id String @id
}
model Project {
  id       String @id
  tenantId String
  tenant   Tenant @relation(fields: [tenantId], references: [id])
}
model Task {
  id        String  @id
  parentId  String
  parent    Task    @relation("Subtasks", fields: [parentId], references: [id])
  children  Task[]  @relation("Subtasks")
  sprintId  String
  sprint    Sprint  @relation(fields: [sprintId], references: [id])
  projectId String
  project   Project @relation(fields: [projectId], references: [id])
}
model Sprint {
  id      String @id
  leadId  String
  lead    Task   @relation(fields: [leadId], references: [id])
  tasks   Task[]
}
model Loop {
  id     String @id
  nextId String
  next   Loop   @relation("Chain", fields: [nextId], references: [id])
  prev   Loop[] @relation("Chain")
}
`);
    const result = ownerships(cyclic);
    expect(result.Task).toEqual({ kind: "owned-through", path: ["project"], owner: "Project" });
    expect(result.Sprint).toEqual({ kind: "owned-through", path: ["lead", "project"], owner: "Project" });
    expect(result.Loop).toEqual({ kind: "global" });
    expect(result.Tenant).toEqual({ kind: "registry", idFields: ["id"] });
  });

  it("returns the same answer object on a second call (cached per schema and settings)", () => {
    const settings = parseSettings({ tenantFields: ["workspaceId"] });
    const page = saas.models.get("Page")!;
    expect(ownershipOf(page, saas, settings)).toBe(ownershipOf(page, saas, settings));
  });
});

describe("tenant fields in snake_case and mapped columns", () => {
  const mapped = schemaOf(`
model Account {
  id String @id
}
model Invoice {
  id        String @id
  tenant_id String
}
model Payment {
  id      String @id
  account String @map("tenant_id")
}
model Refund {
  id       String  @id
  tenant   Account @relation(fields: [tenantRef], references: [id])
  tenantRef String
}
`);

  it("matches tenant_id for tenantId, and a field @map'ped to that column", () => {
    const settings = parseSettings({});
    expect(tenantFieldOf(mapped.models.get("Invoice")!, settings)).toBe("tenant_id");
    expect(tenantFieldOf(mapped.models.get("Payment")!, settings)).toBe("account");
  });

  it("never takes a relation field for the tenant field", () => {
    expect(tenantFieldOf(mapped.models.get("Refund")!, parseSettings({ tenantFields: ["tenant"] }))).toBeUndefined();
  });
});

describe("the registry without a declared relation", () => {
  const bare = schemaOf(`
model Workspace {
  id   String @id
  name String
}
model Note {
  id          String @id
  workspaceId String
}
model Organization {
  id String @id
}
`);

  it("is the model named like the tenant field without Id, with its @id as the id", () => {
    const result = ownerships(bare, { tenantFields: ["workspaceId"] });
    expect(result.Workspace).toEqual({ kind: "registry", idFields: ["id"] });
    expect(result.Note).toEqual({ kind: "tenant-owned", field: "workspaceId" });
    expect(result.Organization).toEqual({ kind: "global" });
  });

  it("also for a snake_case tenant field (organization_id → Organization)", () => {
    expect(ownerships(bare, { tenantFields: ["organization_id"] }).Organization).toEqual({
      kind: "registry",
      idFields: ["id"],
    });
  });

  it("is not guessed when the tenant field has a declared relation elsewhere", () => {
    const declared = schemaOf(`
model Workspace {
  id String @id
}
model Team {
  id    String @id
  notes Note[]
}
model Note {
  id          String @id
  workspaceId String
  workspace   Team   @relation(fields: [workspaceId], references: [id])
}
`);
    const result = ownerships(declared, { tenantFields: ["workspaceId"] });
    expect(result.Team).toEqual({ kind: "registry", idFields: ["id"] });
    expect(result.Workspace).toEqual({ kind: "global" });
  });
});
