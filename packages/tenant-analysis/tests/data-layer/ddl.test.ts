import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DataModel } from "../../src/data-layer/schema.js";
import { findDdlFiles, readDdl, readDdlFiles, readDdlFolder } from "../../src/data-layer/sql/index.js";

/** A model as `{ field: "relation→Model(ref) required" | "optional" | "required" }`, plus its keys. */
function describeModel(
  model: DataModel | undefined,
): { fields: Record<string, string>; uniqueKeys: readonly (readonly string[])[] } | undefined {
  if (model === undefined) return undefined;
  const fields: Record<string, string> = {};
  for (const [name, field] of model.fields) {
    const nullability = field.optional ? "optional" : "required";
    const relation = field.relation;
    fields[name] =
      relation === undefined
        ? nullability
        : `${relation.fields.join(",")}→${relation.model}(${relation.references.join(",")})${relation.required ? " required" : ""}`;
  }
  return { fields, uniqueKeys: model.uniqueKeys };
}

describe("readDdl: CREATE TABLE", () => {
  it("reads columns, NOT NULL, primary and unique keys, and foreign keys", () => {
    const { models, problems } = readDdl(`
      CREATE TABLE IF NOT EXISTS campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        owner_id uuid REFERENCES users,
        slug text UNIQUE,
        name text NOT NULL
      );`);
    expect(problems).toEqual([]);
    expect(describeModel(models.get("campaigns"))).toEqual({
      fields: {
        id: "required",
        tenant_id: "tenant_id→tenants(id) required",
        owner_id: "owner_id→users(id)",
        slug: "optional",
        name: "required",
      },
      uniqueKeys: [["id"], ["slug"]],
    });
    expect(models.get("campaigns")?.names).toEqual(["campaigns"]);
  });

  it("reads table constraints: composite keys, named and composite foreign keys", () => {
    const { models } = readDdl(`
      CREATE TABLE memberships (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        project_id uuid,
        project_tenant uuid,
        role text NOT NULL DEFAULT 'member',
        PRIMARY KEY (tenant_id, user_id),
        UNIQUE (user_id, role),
        CONSTRAINT memberships_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
        CONSTRAINT memberships_project_fk FOREIGN KEY (project_id, project_tenant) REFERENCES projects (id, tenant_id)
      );`);
    expect(describeModel(models.get("memberships"))).toEqual({
      fields: {
        tenant_id: "required",
        user_id: "user_id→users(id) required",
        project_id: "optional",
        project_tenant: "optional",
        role: "required",
        memberships_project_fk: "project_id,project_tenant→projects(id,tenant_id)",
      },
      uniqueKeys: [
        ["tenant_id", "user_id"],
        ["user_id", "role"],
      ],
    });
  });

  it("makes a table-level PRIMARY KEY's columns required", () => {
    const { models } = readDdl("CREATE TABLE t (a int, b int, PRIMARY KEY (a, b));");
    expect(describeModel(models.get("t"))?.fields).toEqual({ a: "required", b: "required" });
  });

  it("names a schema-qualified table both ways", () => {
    const { models } = readDdl("CREATE TABLE app.accounts (id int PRIMARY KEY, tenant_id int NOT NULL);");
    expect(models.get("accounts")?.names).toEqual(["accounts", "app.accounts"]);
  });

  it("records the line of each CREATE TABLE, past comments and earlier statements", () => {
    const { models } = readDdl(
      "-- the first table\n/* two\n lines */\nCREATE TABLE a (id int);\n\nCREATE TABLE b (id int);",
      "/repo/migrations/001.sql",
    );
    expect(models.get("a")?.location).toEqual({ file: "/repo/migrations/001.sql", line: 4 });
    expect(models.get("b")?.location).toEqual({ file: "/repo/migrations/001.sql", line: 6 });
  });
});

describe("readDdl: ALTER TABLE and later statements", () => {
  it("adds columns and constraints", () => {
    const { models } = readDdl(`
      CREATE TABLE tasks (id int PRIMARY KEY, project_id int NOT NULL);
      ALTER TABLE tasks ADD COLUMN tenant_id int NOT NULL REFERENCES tenants(id), ADD COLUMN note text;
      ALTER TABLE tasks ADD CONSTRAINT tasks_project_fk FOREIGN KEY (project_id) REFERENCES projects(id);
      ALTER TABLE tasks ADD CONSTRAINT tasks_note_key UNIQUE (tenant_id, note);`);
    expect(describeModel(models.get("tasks"))).toEqual({
      fields: {
        id: "required",
        project_id: "project_id→projects(id) required",
        tenant_id: "tenant_id→tenants(id) required",
        note: "optional",
      },
      uniqueKeys: [["id"], ["tenant_id", "note"]],
    });
  });

  it("follows SET / DROP NOT NULL into whether a relation is required", () => {
    const { models } = readDdl(`
      CREATE TABLE docs (id int, folder_id int REFERENCES folders(id), owner_id int NOT NULL REFERENCES users(id));
      ALTER TABLE docs ALTER COLUMN folder_id SET NOT NULL;
      ALTER TABLE docs ALTER COLUMN owner_id DROP NOT NULL;`);
    expect(describeModel(models.get("docs"))?.fields).toEqual({
      id: "optional",
      folder_id: "folder_id→folders(id) required",
      owner_id: "owner_id→users(id)",
    });
  });

  it("drops and renames columns and tables", () => {
    const { models } = readDdl(`
      CREATE TABLE old_name (id int PRIMARY KEY, tenant int NOT NULL REFERENCES tenants(id), legacy text UNIQUE);
      ALTER TABLE old_name DROP COLUMN legacy;
      ALTER TABLE old_name RENAME COLUMN tenant TO tenant_id;
      ALTER TABLE old_name RENAME TO campaigns;
      CREATE TABLE scratch (id int);
      DROP TABLE IF EXISTS scratch;`);
    expect([...models.keys()]).toEqual(["campaigns"]);
    expect(describeModel(models.get("campaigns"))).toEqual({
      fields: { id: "required", tenant_id: "tenant_id→tenants(id) required" },
      uniqueKeys: [["id"]],
    });
  });

  it("takes unique indexes as keys, but not partial or expression ones", () => {
    const { models } = readDdl(`
      CREATE TABLE settings (tenant_id int NOT NULL, key text NOT NULL, deleted_at timestamptz);
      CREATE UNIQUE INDEX settings_key ON settings (tenant_id, key);
      CREATE UNIQUE INDEX settings_live ON settings (key) WHERE deleted_at IS NULL;
      CREATE UNIQUE INDEX settings_lower ON settings (lower(key));
      CREATE INDEX settings_tenant ON settings (tenant_id);`);
    expect(models.get("settings")?.uniqueKeys).toEqual([["tenant_id", "key"]]);
  });

  it("reads Prisma's migration.sql shape: quoted names, constraints added afterwards", () => {
    const { models } = readDdl(`-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_tenantId_name_key" ON "Campaign"("tenantId", "name");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
`);
    expect(describeModel(models.get("Campaign"))).toEqual({
      fields: { id: "required", tenantId: "tenantId→Tenant(id) required", name: "required" },
      uniqueKeys: [["id"], ["tenantId", "name"]],
    });
  });

  it("reads the constraints drizzle-kit adds inside DO blocks", () => {
    const { models, problems } = readDdl(`CREATE TABLE IF NOT EXISTS "posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"author_id" integer NOT NULL
);
--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
DO $$ BEGIN RAISE NOTICE 'nothing to see'; END $$ LANGUAGE plpgsql;
`);
    expect(problems).toEqual([]);
    expect(describeModel(models.get("posts"))?.fields).toEqual({
      id: "required",
      author_id: "author_id→users(id) required",
    });
  });

  it("skips statements it does not model (functions, policies, grants)", () => {
    const { models, problems } = readDdl(`
      CREATE TABLE t (id int);
      CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;
      ALTER TABLE t ENABLE ROW LEVEL SECURITY;
      CREATE POLICY p ON t USING (true);
      GRANT SELECT ON t TO app;
      ALTER TABLE missing ADD COLUMN x int;`);
    expect(problems).toEqual([]);
    expect([...models.keys()]).toEqual(["t"]);
  });
});

describe("readDdl: MySQL migrations", () => {
  it("reads a MySQL CREATE TABLE with the MySQL grammar when PostgreSQL's rejects it", () => {
    const { models, problems } = readDdl(
      "CREATE TABLE IF NOT EXISTS `campaigns` (\n" +
        "  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,\n" +
        "  `tenant_id` BIGINT UNSIGNED NOT NULL,\n" +
        "  `owner_id` BIGINT UNSIGNED NULL REFERENCES users (id),\n" +
        "  `slug` VARCHAR(64) UNIQUE,\n" +
        "  PRIMARY KEY (`id`),\n" +
        "  UNIQUE KEY `campaigns_slug` (`tenant_id`, `slug`),\n" +
        "  KEY `campaigns_tenant` (`tenant_id`),\n" +
        "  CONSTRAINT `campaigns_tenant_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`)\n" +
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;",
      "/repo/migrations/001.sql",
    );
    expect(problems).toEqual([]);
    expect(describeModel(models.get("campaigns"))).toEqual({
      fields: {
        id: "required",
        tenant_id: "tenant_id→tenants(id) required",
        owner_id: "owner_id→users(id)",
        slug: "optional",
      },
      uniqueKeys: [["slug"], ["id"], ["tenant_id", "slug"]],
    });
    expect(models.get("campaigns")?.location).toEqual({ file: "/repo/migrations/001.sql", line: 2 });
  });

  it("applies MySQL ALTER TABLE, RENAME TABLE, unique indexes and DROP TABLE", () => {
    const { models } = readDdlFiles([
      {
        file: "/m/001.sql",
        text: "CREATE TABLE `tasks` (`id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, `project` INT, `legacy` TEXT) ENGINE=InnoDB;",
      },
      {
        file: "/m/002.sql",
        text:
          "ALTER TABLE `tasks` ADD COLUMN `tenant_id` INT NOT NULL, ADD CONSTRAINT `tasks_tenant_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`), DROP COLUMN `legacy`;\n" +
          "ALTER TABLE `tasks` RENAME COLUMN `project` TO `project_id`, MODIFY COLUMN `project_id` INT NOT NULL;\n" +
          "CREATE UNIQUE INDEX `tasks_key` ON `tasks` (`tenant_id`, `id`);\n" +
          "RENAME TABLE `tasks` TO `todo_items`;\n" +
          "CREATE TABLE `scratch` (`id` INT) ENGINE=MEMORY;\n" +
          "DROP TABLE IF EXISTS `scratch`;",
      },
    ]);
    expect([...models.keys()]).toEqual(["todo_items"]);
    expect(describeModel(models.get("todo_items"))).toEqual({
      fields: { id: "required", project_id: "required", tenant_id: "tenant_id→tenants(id) required" },
      uniqueKeys: [["id"], ["tenant_id", "id"]],
    });
  });
});

describe("readDdlFiles", () => {
  it("applies files in the order given", () => {
    const create = { file: "/m/001.sql", text: "CREATE TABLE t (id int);" };
    const alter = { file: "/m/002.sql", text: "ALTER TABLE t ADD COLUMN tenant_id int NOT NULL;" };
    expect([...(readDdlFiles([create, alter]).models.get("t")?.fields.keys() ?? [])]).toEqual(["id", "tenant_id"]);
    // An ALTER before its CREATE changes nothing that exists yet.
    expect([...(readDdlFiles([alter, create]).models.get("t")?.fields.keys() ?? [])]).toEqual(["id"]);
  });

  it("leaves an existing table as it is on CREATE TABLE IF NOT EXISTS, in either grammar", () => {
    const pg = readDdlFiles([
      { file: "/m/001.sql", text: "CREATE TABLE t (id int, tenant_id int NOT NULL);" },
      { file: "/m/002.sql", text: "CREATE TABLE IF NOT EXISTS t (id int);" },
    ]);
    expect([...(pg.models.get("t")?.fields.keys() ?? [])]).toEqual(["id", "tenant_id"]);
    const mysql = readDdlFiles([
      { file: "/m/001.sql", text: "CREATE TABLE `t` (`id` INT, `tenant_id` INT NOT NULL) ENGINE=InnoDB;" },
      { file: "/m/002.sql", text: "CREATE TABLE IF NOT EXISTS `t` (`id` INT) ENGINE=InnoDB;" },
    ]);
    expect([...(mysql.models.get("t")?.fields.keys() ?? [])]).toEqual(["id", "tenant_id"]);
  });

  it("reports a file that does not parse with its line, and reads the others", () => {
    const { models, problems } = readDdlFiles([
      { file: "/m/001.sql", text: "CREATE TABLE a (id int);" },
      { file: "/m/002.sql", text: "CREATE TABLE b (id int);\n\nCREATE TABEL c (id int);" },
      { file: "/m/003.sql", text: "CREATE TABLE d (id int);" },
    ]);
    expect([...models.keys()]).toEqual(["a", "d"]);
    expect(problems.map((p) => p.message)).toEqual([
      '/m/002.sql:3: the SQL does not parse: syntax error at or near "TABEL"',
    ]);
    expect(problems[0]?.location).toEqual({ file: "/m/002.sql", line: 3 });
  });
});

describe("findDdlFiles", () => {
  const root = mkdtempSync(path.join(tmpdir(), "ddl-files-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const files = [
    "migrations/001_init.sql",
    "migrations/002_tasks.sql",
    "migrations/002_tasks.down.sql",
    "migrations/003_notes.txt",
    "db/migrations/20240101_a.up.sql",
    "prisma/migrations/20240101000000_init/migration.sql",
    "prisma/migrations/20240101000000_init/notes.sql",
    "prisma/migrations/migration_lock.toml",
    "drizzle/0000_first.sql",
    "drizzle/meta/_journal.json",
    "supabase/migrations/20240101_init.sql",
    "packages/db/migrations/0001.sql",
    "src/queries/report.sql",
    "node_modules/some-lib/migrations/001.sql",
    ".git/migrations/001.sql",
  ];
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), "SELECT 1;");
  }

  it("finds up-migrations in the conventional folders, sorted by folder then name", () => {
    expect(findDdlFiles(root).map((file) => path.relative(root, file).split(path.sep).join("/"))).toEqual([
      "db/migrations/20240101_a.up.sql",
      "drizzle/0000_first.sql",
      "migrations/001_init.sql",
      "migrations/002_tasks.sql",
      "packages/db/migrations/0001.sql",
      "prisma/migrations/20240101000000_init/migration.sql",
      "supabase/migrations/20240101_init.sql",
    ]);
  });

  it("is bounded in depth and in files", () => {
    expect(findDdlFiles(root, { maxFiles: 2 })).toHaveLength(2);
    const shallow = findDdlFiles(root, { maxDepth: 1 }).map((file) =>
      path.relative(root, file).split(path.sep).join("/"),
    );
    expect(shallow).toContain("migrations/001_init.sql");
    expect(shallow).not.toContain("packages/db/migrations/0001.sql");
  });

  it("reads the schema the migrations leave behind, in file order", () => {
    const project = mkdtempSync(path.join(tmpdir(), "ddl-folder-"));
    try {
      mkdirSync(path.join(project, "db", "migrations"), { recursive: true });
      writeFileSync(
        path.join(project, "db", "migrations", "002_tenant.sql"),
        "ALTER TABLE campaigns ADD COLUMN tenant_id uuid NOT NULL REFERENCES tenants(id);",
      );
      writeFileSync(
        path.join(project, "db", "migrations", "001_init.sql"),
        "CREATE TABLE tenants (id uuid PRIMARY KEY);\nCREATE TABLE campaigns (id uuid PRIMARY KEY);",
      );
      const schema = readDdlFolder(project);
      expect(schema.files.map((file) => path.basename(file))).toEqual(["001_init.sql", "002_tenant.sql"]);
      expect(schema.problems).toEqual([]);
      expect(describeModel(schema.models.get("campaigns"))?.fields).toEqual({
        id: "required",
        tenant_id: "tenant_id→tenants(id) required",
      });
      expect(schema.models.get("campaigns")?.location).toEqual({
        file: path.join(project, "db", "migrations", "001_init.sql"),
        line: 2,
      });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("finds nothing in a folder without migrations, or one that does not exist", () => {
    expect(findDdlFiles(path.join(root, "src"))).toEqual([]);
    expect(findDdlFiles(path.join(root, "missing"))).toEqual([]);
  });
});
