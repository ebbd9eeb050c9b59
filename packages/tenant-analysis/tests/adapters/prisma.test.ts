import { describe, expect, it } from "vitest";
import { clientAccessor, readPrismaSchema } from "../../src/adapters/prisma/schema.js";
import type { DataModel } from "../../src/data-layer/schema.js";

function read(...texts: string[]): ReturnType<typeof readPrismaSchema> {
  return readPrismaSchema(texts.map((text, index) => ({ file: `/repo/prisma/schema/part-${index + 1}.prisma`, text })));
}

function model(models: readonly DataModel[], name: string): DataModel {
  const found = models.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no model ${name} in ${models.map((m) => m.name).join(", ")}`);
  return found;
}

const campaigns = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

/// Runs of a campaign, one per schedule tick.
model CampaignRun {
  id          Int       @id @default(autoincrement())
  workspaceId String    @map("workspace_id") @db.Uuid
  workspace   Workspace @relation(fields: [workspaceId], references: [id], onDelete: Cascade)
  reviewerId  String?
  reviewer    User?     @relation("Reviews", fields: [reviewerId], references: [id])
  authorId    String
  author      User      @relation("Authored", fields: [authorId], references: [id])
  status      Status    @default(DRAFT)
  address     Address?
  logs        RunLog[]

  @@unique([id, workspaceId])
  @@unique(fields: [workspaceId, status], name: "byStatus")
  @@index([workspaceId])
  @@map("campaign_runs")
}

model Workspace {
  id   String        @id @db.Uuid
  slug String        @unique
  runs CampaignRun[]
}

model User {
  id       String        @id
  reviews  CampaignRun[] @relation("Reviews")
  authored CampaignRun[] @relation("Authored")
  profile  Profile?
}

model Profile {
  userId String @id
  user   User   @relation(fields: [userId], references: [id])
}

model RunLog {
  runId Int
  seq   Int
  run   CampaignRun @relation(fields: [runId], references: [id])

  @@id([runId, seq])
}

enum Status {
  DRAFT
  LIVE
}

type Address {
  street String
}

view RunSummary {
  runId Int    @unique
  total Int
}
`;

describe("readPrismaSchema: models", () => {
  const { models, errors } = read(campaigns);

  it("reads models and views, not enums or composite types", () => {
    expect(errors).toEqual([]);
    expect(models.map((m) => m.name)).toEqual(["CampaignRun", "Workspace", "User", "Profile", "RunLog", "RunSummary"]);
  });

  it("names a model by its name, its client accessor and its mapped table", () => {
    const run = model(models, "CampaignRun");
    expect(run.names).toEqual(["CampaignRun", "campaignRun", "campaign_runs"]);
    expect(run.table).toBe("campaign_runs");
    expect(model(models, "Workspace").names).toEqual(["Workspace", "workspace"]);
    expect(model(models, "Workspace").table).toBeUndefined();
  });

  it("gives every model the line of its declaration in its file", () => {
    expect(model(models, "CampaignRun").location).toEqual({ file: "/repo/prisma/schema/part-1.prisma", line: 7 });
    expect(model(models, "Workspace").location?.line).toBe(25);
    expect(model(models, "RunSummary").location?.line).toBe(60);
  });

  it("keeps @map'ped column names, ignoring @db attributes", () => {
    const run = model(models, "CampaignRun");
    expect(run.fields.get("workspaceId")).toEqual({ name: "workspaceId", column: "workspace_id", optional: false });
    expect(run.fields.get("reviewerId")).toEqual({ name: "reviewerId", optional: true });
  });

  it("treats enum and composite-type fields as values, not relations", () => {
    const run = model(models, "CampaignRun");
    expect(run.fields.get("status")?.relation).toBeUndefined();
    expect(run.fields.get("address")).toEqual({ name: "address", optional: true });
  });
});

describe("readPrismaSchema: relations", () => {
  const { models } = read(campaigns);

  it("reads the side holding the foreign key, required when it is neither optional nor a list", () => {
    const run = model(models, "CampaignRun");
    expect(run.fields.get("workspace")?.relation).toEqual({
      model: "Workspace",
      fields: ["workspaceId"],
      references: ["id"],
      required: true,
      list: false,
      inverse: "runs",
    });
    expect(run.fields.get("reviewer")?.relation).toMatchObject({
      model: "User",
      fields: ["reviewerId"],
      required: false,
      name: "Reviews",
    });
  });

  it("reads the side declared without @relation, with no foreign key and never required", () => {
    expect(model(models, "Workspace").fields.get("runs")?.relation).toEqual({
      model: "CampaignRun",
      fields: [],
      references: [],
      required: false,
      list: true,
      inverse: "workspace",
    });
    expect(model(models, "User").fields.get("profile")?.relation).toMatchObject({
      model: "Profile",
      list: false,
      required: false,
      inverse: "user",
    });
  });

  it("pairs the two sides of each named relation between the same models", () => {
    const user = model(models, "User");
    expect(user.fields.get("reviews")?.relation).toMatchObject({ name: "Reviews", inverse: "reviewer" });
    expect(user.fields.get("authored")?.relation).toMatchObject({ name: "Authored", inverse: "author" });
    expect(model(models, "CampaignRun").fields.get("author")?.relation).toMatchObject({
      required: true,
      inverse: "authored",
    });
  });
});

describe("readPrismaSchema: unique keys", () => {
  const { models } = read(campaigns);

  it("reads @id, @unique, @@id and @@unique, in declaration order", () => {
    expect(model(models, "CampaignRun").uniqueKeys).toEqual([["id"], ["id", "workspaceId"], ["workspaceId", "status"]]);
    expect(model(models, "Workspace").uniqueKeys).toEqual([["id"], ["slug"]]);
    expect(model(models, "RunLog").uniqueKeys).toEqual([["runId", "seq"]]);
    expect(model(models, "RunSummary").uniqueKeys).toEqual([["runId"]]);
  });

  it("names compound keys as a where does: the fields joined by _, or the schema's name", () => {
    expect([...(model(models, "CampaignRun").compoundKeys ?? [])]).toEqual([
      ["id_workspaceId", ["id", "workspaceId"]],
      ["byStatus", ["workspaceId", "status"]],
    ]);
    expect([...(model(models, "RunLog").compoundKeys ?? [])]).toEqual([["runId_seq", ["runId", "seq"]]]);
    expect(model(models, "Workspace").compoundKeys?.size).toBe(0);
  });

  it("takes the field of a sorted key argument (`tags(sort: Desc)`)", () => {
    const { models: sorted } = read(
      `model Post {\n  id   Int @id\n  slug String\n  at   DateTime\n\n  @@unique([slug, at(sort: Desc)])\n}\n`,
    );
    expect(model(sorted, "Post").compoundKeys?.get("slug_at")).toEqual(["slug", "at"]);
  });
});

describe("readPrismaSchema: several files", () => {
  it("resolves relations to models declared in another file", () => {
    const { models, errors } = read(
      `model Document {\n  id          String    @id\n  workspaceId String\n  workspace   Workspace @relation(fields: [workspaceId], references: [id])\n}\n`,
      `model Workspace {\n  id        String     @id\n  documents Document[]\n}\n`,
    );
    expect(errors).toEqual([]);
    expect(model(models, "Document").fields.get("workspace")?.relation).toMatchObject({
      model: "Workspace",
      required: true,
      inverse: "documents",
    });
    expect(model(models, "Workspace").location).toEqual({ file: "/repo/prisma/schema/part-2.prisma", line: 1 });
  });

  it("keeps the models of the valid files when one file is broken", () => {
    const { models, errors } = read(`model Workspace {\n  id String @id\n}\n`, `model Broken {\n  id String @id\n`);
    expect(models.map((m) => m.name)).toEqual(["Workspace"]);
    expect(errors.map((error) => error.message)).toEqual([
      "/repo/prisma/schema/part-2.prisma:2: unexpected end of file (expected '}')",
    ]);
  });
});

describe("readPrismaSchema: errors name the file and line", () => {
  const errorOf = (text: string): string | undefined => read(text).errors[0]?.message;

  it("reports the token the parser stopped at", () => {
    expect(errorOf(`model A {\n  id Int @id\n\nmodel B {\n  id Int @id\n}\n`)).toBe(
      `/repo/prisma/schema/part-1.prisma:4: unexpected "{" (expected '}')`,
    );
    expect(errorOf(`model A {\n  id Int @id\n  name\n}\n`)).toBe(
      '/repo/prisma/schema/part-1.prisma:3: unexpected "name"',
    );
  });

  it("reports characters the lexer skips, which the parser never sees", () => {
    expect(errorOf(`model A {\n  id Int @id;\n}\n`)).toBe(
      '/repo/prisma/schema/part-1.prisma:2: unexpected character ";"',
    );
    expect(errorOf(`model A {\n  id Int @id\n  x ¤ String\n}\n`)).toBe(
      '/repo/prisma/schema/part-1.prisma:3: unexpected character "¤"',
    );
  });

  it("reports an unclosed block at the end of the file", () => {
    expect(read(`model A {\n  id Int @id\n`).errors[0]?.location).toEqual({
      file: "/repo/prisma/schema/part-1.prisma",
      line: 2,
    });
  });

  it("returns a SchemaError carrying its location", () => {
    const [error] = read(`model A {\n  id Int @id;\n}\n`).errors;
    expect(error?.name).toBe("SchemaError");
    expect(error?.location).toEqual({ file: "/repo/prisma/schema/part-1.prisma", line: 2 });
  });
});

describe("clientAccessor", () => {
  it("lower-cases the first letter only, as the generated client does", () => {
    expect(clientAccessor("CampaignRun")).toBe("campaignRun");
    expect(clientAccessor("URLRecord")).toBe("uRLRecord");
    expect(clientAccessor("audit_log")).toBe("audit_log");
  });
});

describe("block comments", () => {
  it("are read as Prisma reads them, keeping every line number", () => {
    const good = read(
      '/* the tenant registry */\nmodel Workspace {\n  id   String @id /* key */\n  /* spans\n     lines */ name String\n  note String @default("/* kept */")\n}\n',
    );
    expect(good.errors).toEqual([]);
    expect(good.models.map((entry) => [entry.name, entry.location?.line, [...entry.fields.keys()]])).toEqual([
      ["Workspace", 2, ["id", "name", "note"]],
    ]);
    const broken = read("/* one\n two */\nmodel Broken {\n  id String @id;\n}\n");
    expect(broken.errors.map((error) => error.location.line)).toEqual([4]);
  });
});
