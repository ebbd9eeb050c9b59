import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { findSchemaFiles, loadDataSchema, schemaRootFor } from "../../src/data-layer/load-schema.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A fresh folder with the given files (path → content). */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "load-schema-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const workspace = `model Workspace {\n  id String @id\n}\n`;
const document = `model Document {\n  id          String    @id\n  workspaceId String\n  workspace   Workspace @relation(fields: [workspaceId], references: [id])\n}\n`;

describe("findSchemaFiles", () => {
  it("reads prisma.config.ts's literal schema path, where package.json names none", () => {
    const root = repo({
      "package.json": JSON.stringify({ name: "app" }),
      "prisma.config.ts": `import { defineConfig } from "prisma/config";\nexport default defineConfig({ schema: "packages/database/schema" });\n`,
      "packages/database/schema/main.prisma": workspace,
      "packages/database/schema/docs.prisma": document,
    });
    expect(findSchemaFiles(root)).toEqual([
      join(root, "packages/database/schema/docs.prisma"),
      join(root, "packages/database/schema/main.prisma"),
    ]);
  });

  it("says which line of prisma.config.ts names nothing", () => {
    const root = repo({ "prisma.config.mjs": `export default {\n  schema: "nowhere.prisma",\n};\n` });
    const { errors } = loadDataSchema(root);
    expect(errors.map((error) => [error.location.line, error.problem])).toEqual([
      [2, '"schema" names "nowhere.prisma", which is neither a file nor a folder with .prisma files'],
    ]);
  });

  it("takes package.json's prisma.schema first, a file", () => {
    const root = repo({
      "package.json": JSON.stringify({ name: "app", prisma: { schema: "db/main.prisma" } }),
      "db/main.prisma": workspace,
      "prisma/schema.prisma": document,
    });
    expect(findSchemaFiles(root)).toEqual([join(root, "db/main.prisma")]);
  });

  it("takes package.json's prisma.schema as a folder of .prisma files, subfolders included", () => {
    const root = repo({
      "package.json": JSON.stringify({ prisma: { schema: "./db" } }),
      "db/base.prisma": workspace,
      "db/docs/document.prisma": document,
      "db/README.md": "not a schema",
    });
    expect(findSchemaFiles(root)).toEqual([join(root, "db/base.prisma"), join(root, "db/docs/document.prisma")]);
  });

  it("takes prisma/schema.prisma before the prisma/schema folder", () => {
    const root = repo({ "prisma/schema.prisma": workspace, "prisma/schema/document.prisma": document });
    expect(findSchemaFiles(root)).toEqual([join(root, "prisma/schema.prisma")]);
  });

  it("takes every file of prisma/schema/", () => {
    const root = repo({ "prisma/schema/workspace.prisma": workspace, "prisma/schema/document.prisma": document });
    expect(findSchemaFiles(root)).toEqual([
      join(root, "prisma/schema/document.prisma"),
      join(root, "prisma/schema/workspace.prisma"),
    ]);
  });

  it("finds the shallowest schema.prisma below the root in a monorepo, skipping node_modules and dist", () => {
    const root = repo({
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
      "node_modules/.prisma/client/schema.prisma": workspace,
      "dist/schema.prisma": workspace,
      "packages/db/package.json": JSON.stringify({ name: "db" }),
      "packages/db/prisma/schema.prisma": workspace,
      "packages/db/tests/fixtures/broken/schema.prisma": "model {",
      "apps/web/src/index.ts": "export {};\n",
    });
    expect(findSchemaFiles(root)).toEqual([join(root, "packages/db/prisma/schema.prisma")]);
  });

  it("does not take test or example schemas below the root for the project's, but searches them as the root", () => {
    const root = repo({
      "fixtures/db/prisma/schema.prisma": workspace,
      "examples/blog/schema.prisma": workspace,
      "packages/api/tests/prisma/schema.prisma": workspace,
    });
    expect(findSchemaFiles(root)).toEqual([]);
    expect(findSchemaFiles(join(root, "fixtures"))).toEqual([join(root, "fixtures/db/prisma/schema.prisma")]);
  });

  it("finds nothing where there is no schema", () => {
    expect(findSchemaFiles(repo({ "package.json": "{}", "src/index.ts": "" }))).toEqual([]);
  });
});

describe("loadDataSchema", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads a multi-file schema into one set of models, by every name, with its sources", () => {
    const root = repo({
      "prisma/schema/workspace.prisma": workspace,
      "prisma/schema/document.prisma": `${document}\nmodel AuditLog {\n  id Int @id\n  @@map("audit_logs")\n}\n`,
    });
    const { schema, errors } = loadDataSchema(root);
    expect(errors).toEqual([]);
    expect(schema.sources).toEqual([
      join(root, "prisma/schema/document.prisma"),
      join(root, "prisma/schema/workspace.prisma"),
    ]);
    expect([...new Set(schema.models.values())].map((model) => model.name).sort()).toEqual([
      "AuditLog",
      "Document",
      "Workspace",
    ]);
    expect(schema.models.get("audit_logs")?.name).toBe("AuditLog");
    expect(schema.models.get("auditLog")?.name).toBe("AuditLog");
    expect(schema.models.get("Document")?.fields.get("workspace")?.relation).toMatchObject({
      model: "Workspace",
      required: true,
    });
  });

  it("returns errors with file and line instead of throwing, keeping the valid files' models", () => {
    const root = repo({
      "prisma/schema/workspace.prisma": workspace,
      "prisma/schema/broken.prisma": `model Broken {\n  id String @id\n  name String;\n}\n`,
    });
    const { schema, errors } = loadDataSchema(root);
    expect(errors.map((error) => error.location)).toEqual([
      { file: join(root, "prisma/schema/broken.prisma"), line: 3 },
    ]);
    expect(errors[0]?.message).toBe(`${join(root, "prisma/schema/broken.prisma")}:3: unexpected character ";"`);
    expect(schema.sources).toHaveLength(2);
    expect(schema.models.has("Workspace")).toBe(true);
  });

  it("reports a package.json key naming nothing, at the key's line", () => {
    const root = repo({
      "package.json": `{\n  "name": "app",\n  "prisma": {\n    "schema": "db/missing.prisma"\n  }\n}\n`,
      "prisma/schema.prisma": workspace,
    });
    const { schema, errors } = loadDataSchema(root);
    expect(errors.map((error) => error.message)).toEqual([
      `${join(root, "package.json")}:4: "prisma.schema" names "db/missing.prisma", which is neither a file nor a folder with .prisma files`,
    ]);
    expect(schema.sources).toEqual([]);
  });

  it("returns the cached result within a second, and re-reads a schema file whose mtime changed", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const root = repo({ "prisma/schema.prisma": workspace });
    const first = loadDataSchema(root);
    expect(first.schema.models.has("Workspace")).toBe(true);

    const file = join(root, "prisma/schema.prisma");
    writeFileSync(file, `${workspace}\nmodel Extra {\n  id Int @id\n}\n`);
    utimesSync(file, new Date("2030-01-01T00:00:00Z"), new Date("2030-01-01T00:00:00Z"));
    vi.setSystemTime(new Date("2026-01-01T00:00:00.500Z"));
    expect(loadDataSchema(root)).toBe(first);

    vi.setSystemTime(new Date("2026-01-01T00:00:02Z"));
    const second = loadDataSchema(root);
    expect(second).not.toBe(first);
    expect(second.schema.models.has("Extra")).toBe(true);

    // Unchanged files: the very same result, so caches keyed by the schema stay warm.
    vi.setSystemTime(new Date("2026-01-01T00:00:04Z"));
    expect(loadDataSchema(root)).toBe(second);
  });

  it("sees a file added to a schema folder, and a schema that became invalid", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-02-01T00:00:00Z"));
    const root = repo({ "prisma/schema/workspace.prisma": workspace });
    expect(loadDataSchema(root).errors).toEqual([]);

    const folder = join(root, "prisma/schema");
    writeFileSync(join(folder, "broken.prisma"), "model Broken {\n");
    utimesSync(folder, new Date("2030-01-01T00:00:00Z"), new Date("2030-01-01T00:00:00Z"));
    vi.setSystemTime(new Date("2026-02-01T00:00:02Z"));
    const { schema, errors } = loadDataSchema(root);
    expect(schema.sources).toEqual([join(folder, "broken.prisma"), join(folder, "workspace.prisma")]);
    expect(errors.map((error) => error.location)).toEqual([{ file: join(folder, "broken.prisma"), line: 1 }]);
  });

  it("gives an empty schema for a root without schema files", () => {
    const { schema, errors } = loadDataSchema(repo({ "package.json": "{}" }));
    expect(errors).toEqual([]);
    expect(schema.sources).toEqual([]);
    expect(schema.models.size).toBe(0);
  });
});

describe("schemaRootFor", () => {
  it("is the linted file's package root when the schema is there", () => {
    const root = repo({
      "package.json": "{}",
      ".git/HEAD": "",
      "apps/api/package.json": "{}",
      "apps/api/prisma/schema.prisma": workspace,
      "apps/api/src/routes/a.ts": "",
    });
    expect(schemaRootFor(join(root, "apps/api/src/routes/a.ts"))).toBe(join(root, "apps/api"));
  });

  it("is the workspace root when the package has no schema (the client lives in packages/db)", () => {
    const root = repo({
      "pnpm-workspace.yaml": "packages:\n  - apps/*\n  - packages/*\n",
      "package.json": "{}",
      "apps/web/package.json": "{}",
      "apps/web/src/page.ts": "",
      "packages/db/package.json": "{}",
      "packages/db/prisma/schema.prisma": workspace,
    });
    const schemaRoot = schemaRootFor(join(root, "apps/web/src/page.ts"));
    expect(schemaRoot).toBe(root);
    expect(loadDataSchema(schemaRoot).schema.sources).toEqual([join(root, "packages/db/prisma/schema.prisma")]);
  });

  it("knows a workspace root by package.json workspaces or a .git folder", () => {
    const npm = repo({
      "package.json": JSON.stringify({ workspaces: ["packages/*"] }),
      "packages/app/package.json": "{}",
      "packages/app/a.ts": "",
    });
    expect(schemaRootFor(join(npm, "packages/app/a.ts"))).toBe(npm);
    const git = repo({ ".git/HEAD": "", "services/app/package.json": "{}", "services/app/a.ts": "" });
    expect(schemaRootFor(join(git, "services/app/a.ts"))).toBe(git);
  });

  it("stays at the package when it has an invalid schema, so the error is seen", () => {
    const root = repo({
      "pnpm-workspace.yaml": "",
      "apps/api/package.json": "{}",
      "apps/api/prisma/schema.prisma": "model A {\n",
      "apps/api/a.ts": "",
    });
    expect(schemaRootFor(join(root, "apps/api/a.ts"))).toBe(join(root, "apps/api"));
  });
});
