/** The CLI reads the audited root's schema files once: into every analysis context, into the report, or exit 2. */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CheckDefinition, checks, type DataSchema } from "@tenant-audit/analysis";
import { audit } from "../src/audit.js";
import { runCli } from "../src/cli.js";
import { formatJson } from "../src/reporters/json.js";
import { captureIo, tempRepo } from "./helpers/temp-repo.js";

// A stand-in for require-tenant-filter that records the schema each file was analysed with.
const seen: (DataSchema | undefined)[] = [];
const recorder: CheckDefinition = {
  ruleId: "require-tenant-filter",
  messages: {},
  run(scope) {
    seen.push(scope.context.dataSchema);
  },
};
const saved = new Map(Object.entries(checks));
beforeAll(() => {
  for (const ruleId of Object.keys(checks) as (keyof typeof checks)[]) delete checks[ruleId];
  checks["require-tenant-filter"] = recorder;
});
afterAll(() => {
  for (const ruleId of Object.keys(checks) as (keyof typeof checks)[]) delete checks[ruleId];
  for (const [ruleId, definition] of saved) checks[ruleId as keyof typeof checks] = definition;
});

const schema = `model Workspace {\n  id   String @id\n  runs Run[]\n}\n`;
const run = `model Run {\n  id          String    @id\n  workspaceId String\n  workspace   Workspace @relation(fields: [workspaceId], references: [id])\n}\n`;
const sources = { "src/a.ts": "export const a = 1;\n", "src/b.ts": "export const b = 2;\n" };

describe("the audited root's data schema", () => {
  it("is on every analysis context, and the report lists its files relative to the root", async () => {
    seen.length = 0;
    const dir = tempRepo({ ...sources, "prisma/schema/workspace.prisma": schema, "prisma/schema/run.prisma": run });
    const report = await audit({ cwd: dir });
    expect(report.schemaSources).toEqual(["prisma/schema/run.prisma", "prisma/schema/workspace.prisma"]);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]?.models.get("run")?.fields.get("workspace")?.relation?.model).toBe("Workspace");

    const reportSchema = JSON.parse(readFileSync(new URL("../../../docs/report.schema.json", import.meta.url), "utf8"));
    const validate = new Ajv({ allErrors: true, strict: true }).compile(reportSchema);
    expect(validate(JSON.parse(formatJson(report)))).toBe(true);
  });

  it("is absent, and so is schemaSources, where there is no schema", async () => {
    seen.length = 0;
    const report = await audit({ cwd: tempRepo(sources) });
    expect(report.schemaSources).toBeUndefined();
    expect(seen).toEqual([undefined, undefined]);
  });

  it("stops the run with exit 2 and one line naming file:line when it is invalid", async () => {
    const dir = tempRepo({
      ...sources,
      "prisma/schema.prisma": `model Workspace {\n  id String @id\n  name String;\n}\n`,
    });
    const io = captureIo(dir);
    const code = await runCli(["--format", "json"], io.io);
    expect(code).toBe(2);
    expect(io.stderr()).toBe('tenant-audit: invalid schema prisma/schema.prisma:3: unexpected character ";"\n');
    expect(io.stdout()).toBe("");
  });

  it("counts the further errors in that line", async () => {
    const dir = tempRepo({
      ...sources,
      "prisma/schema/a.prisma": "model A {\n",
      "prisma/schema/b.prisma": "model B {\n  id Int @id;\n}\n",
    });
    await expect(audit({ cwd: dir })).rejects.toThrow(
      "invalid schema prisma/schema/a.prisma:1: unexpected end of file (expected '}') (and 1 more)",
    );
  });
});
