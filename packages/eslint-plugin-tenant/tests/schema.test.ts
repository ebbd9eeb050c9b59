/**
 * The plugin reads the schema of the linted file's package (or workspace) through the core's
 * loader: the checks get it on their context, and an invalid one is reported once per run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type CheckDefinition, checks, type DataSchema } from "@tenant-audit/analysis";
import parser from "@typescript-eslint/parser";
import { ESLint } from "eslint";
import { defineConfig } from "eslint/config";
import { afterAll, describe, expect, it } from "vitest";
import tenant from "../src/index.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "plugin-schema-"));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function lintAll(cwd: string, patterns: string[]): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: defineConfig({
      files: ["**/*.ts"],
      languageOptions: { parser },
      plugins: { tenant },
      extends: ["tenant/recommended"],
    }),
  });
  return (await eslint.lintFiles(patterns)).sort((a, b) => a.filePath.localeCompare(b.filePath));
}

const sources = {
  "package.json": '{ "name": "app" }',
  "src/a.ts": "export const a = 1;\n",
  "src/b.ts": "export const b = 2;\n",
};

describe("an invalid schema", () => {
  // ESLint reads the files of one run concurrently, so which of them is linted first (and so
  // carries the one problem) depends on I/O timing: the problem is on exactly one of them.
  it("is exactly one problem in a run over two files: on the first file linted, line 1, under require-tenant-filter", async () => {
    const dir = project({
      ...sources,
      "prisma/schema.prisma": "model Workspace {\n  id String @id\n  name String;\n}\n",
    });
    const results = await lintAll(dir, ["src/a.ts", "src/b.ts"]);
    const problems = results.flatMap((result) =>
      result.messages.map((message) => ({ file: result.filePath, ...message })),
    );
    expect(
      problems.map(({ file, ruleId, messageId, line, column, message }) => ({
        file,
        ruleId,
        messageId,
        line,
        column,
        message,
      })),
    ).toEqual([
      {
        file: problems[0]?.file === join(dir, "src/b.ts") ? join(dir, "src/b.ts") : join(dir, "src/a.ts"),
        ruleId: "tenant/require-tenant-filter",
        messageId: "invalidSchema",
        line: 1,
        column: 1,
        message:
          'The data schema cannot be read (prisma/schema.prisma:3: unexpected character ";"); database queries are checked without it until it is fixed',
      },
    ]);
  });

  it("stays on that file when it is linted again, and on no other", async () => {
    const dir = project({ ...sources, "prisma/schema.prisma": "model Workspace {\n" });
    const count = (results: ESLint.LintResult[]) => results.map((result) => result.messages.length);
    expect(count(await lintAll(dir, ["src/b.ts"]))).toEqual([1]);
    expect(count(await lintAll(dir, ["src/a.ts", "src/b.ts"]))).toEqual([0, 1]);
  });
});

describe("a valid schema", () => {
  const seen: (DataSchema | undefined)[] = [];
  const original = checks["require-tenant-redis-key"];
  const recorder: CheckDefinition = {
    ruleId: "require-tenant-redis-key",
    messages: {},
    run: (scope) => void seen.push(scope.context.dataSchema),
  };

  it("reaches the checks' context from the workspace root when the linted package has none", async () => {
    const dir = project({
      "pnpm-workspace.yaml": "packages:\n  - apps/*\n  - packages/*\n",
      "package.json": "{}",
      "apps/web/package.json": '{ "name": "web" }',
      "apps/web/src/page.ts": "export const page = 1;\n",
      "packages/db/package.json": '{ "name": "db" }',
      "packages/db/prisma/schema.prisma": "model Workspace {\n  id String @id\n}\n",
    });
    checks["require-tenant-redis-key"] = recorder;
    try {
      const results = await lintAll(dir, ["apps/web/src/page.ts"]);
      expect(results[0]?.messages).toEqual([]);
    } finally {
      checks["require-tenant-redis-key"] = original;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]?.sources).toEqual([join(dir, "packages/db/prisma/schema.prisma")]);
    expect(seen[0]?.models.get("workspace")?.name).toBe("Workspace");
  });
});
