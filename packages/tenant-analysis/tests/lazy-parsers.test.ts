/**
 * Importing the core loads none of the parsers a project may not need: ESLint imports the plugin
 * on every run, MongoDB-only projects included. Each one loads on its first use instead. Run in
 * a fresh process, since this test process has long loaded all of them.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("../", import.meta.url));

/** Which of `packages` each step has loaded, step by step, in one fresh Node process. */
function loadedAfterEachStep(steps: readonly string[]): Record<string, string[]>[] {
  const script = `
import { createRequire } from "node:module";
const cache = createRequire(import.meta.url).cache;
const loaded = () => Object.keys(cache).filter((file) => file.includes("/node_modules/"))
  .map((file) => file.slice(file.lastIndexOf("/node_modules/") + "/node_modules/".length));
const report = [];
${steps.map((step) => `${step}\nreport.push(loaded());`).join("\n")}
console.log(JSON.stringify(report));
`;
  const output = execFileSync(process.execPath, ["--import", "tsx/esm", "--input-type=module", "-e", script], {
    cwd: packageDir,
    encoding: "utf8",
  });
  return (JSON.parse(output) as string[][]).map((files) => {
    const byPackage: Record<string, string[]> = {};
    for (const file of files) {
      const parts = file.split("/");
      const name = file.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
      (byPackage[name] ??= []).push(parts.slice(file.startsWith("@") ? 2 : 1).join("/"));
    }
    return byPackage;
  });
}

describe("the parsers load on first use, not with the core", () => {
  const [core, mysql, postgres, prisma, globalKeys] = loadedAfterEachStep([
    `const core = await import("./src/index.ts");`,
    `const { readSql } = await import("./src/data-layer/sql/index.ts");
readSql("INSERT INTO invoices SET tenant_id = ?, total = 1", { dialect: "mysql" });`,
    `readSql("SELECT * FROM invoices WHERE tenant_id = $1", { dialect: "postgresql" });`,
    `const { readPrismaSchema } = await import("./src/adapters/prisma/schema.ts");
readPrismaSchema([{ file: "/schema.prisma", text: "model Invoice {\\n  id Int @id\\n  tenantId String\\n}\\n" }]);`,
    `core.parseSettings({ globalKeys: ["^feature-flags:"] });`,
  ]);

  it("importing the core loads TypeScript and no parser of a data layer or of settings", () => {
    expect(core!.typescript).toBeDefined();
    // The one exception, on purpose: libpg-query's WebAssembly loads only asynchronously, and
    // rules are synchronous, so pg-parser.ts awaits it at import (see there why not later).
    expect(core!["libpg-query"]).toBeDefined();
    expect(Object.keys(core!)).not.toContain("node-sql-parser");
    expect(Object.keys(core!)).not.toContain("@mrleebo/prisma-ast");
    expect(Object.keys(core!)).not.toContain("chevrotain");
    expect(Object.keys(core!)).not.toContain("re2js");
  });

  it("a MySQL statement loads node-sql-parser's MySQL grammar only, not its every-dialect entry", () => {
    expect(mysql!["node-sql-parser"]).toEqual(["build/mysql.js"]);
    expect(mysql!["@mrleebo/prisma-ast"]).toBeUndefined();
  });

  it("a PostgreSQL statement loads no other parser", () => {
    expect(postgres!["node-sql-parser"]).toEqual(["build/mysql.js"]);
    expect(postgres!["@mrleebo/prisma-ast"]).toBeUndefined();
  });

  it("a schema.prisma loads the Prisma parser; a globalKeys pattern loads the linear-time engine", () => {
    expect(prisma!["@mrleebo/prisma-ast"]).toBeDefined();
    expect(prisma!["re2js"]).toBeUndefined();
    expect(globalKeys!["re2js"]).toBeDefined();
  });
});
