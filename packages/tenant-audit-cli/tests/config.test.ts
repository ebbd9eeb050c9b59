import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { runCli } from "../src/cli.js";
import { captureIo, tempRepo } from "./helpers/temp-repo.js";

const settingsFrom = async (files: Record<string, string>, explicit?: string) => {
  const loaded = await loadConfig(tempRepo(files), explicit);
  return { source: loaded.source, tenantFields: loaded.settings.tenantFields };
};

describe("config discovery, in the contract's order", () => {
  it("uses the defaults when there is no config", async () => {
    expect(await settingsFrom({})).toEqual({ source: null, tenantFields: ["tenantId"] });
  });

  it("reads package.json#tenantAudit", async () => {
    expect(
      await settingsFrom({ "package.json": JSON.stringify({ name: "x", tenantAudit: { tenantFields: ["orgId"] } }) }),
    ).toEqual({
      source: "package.json#tenantAudit",
      tenantFields: ["orgId"],
    });
  });

  it("prefers tenant-audit.config.* at the root over package.json, json first", async () => {
    const files = {
      "package.json": JSON.stringify({ tenantAudit: { tenantFields: ["fromPackage"] } }),
      "tenant-audit.config.json": JSON.stringify({ tenantFields: ["fromJson"] }),
      "tenant-audit.config.mjs": 'export default { tenantFields: ["fromMjs"] };\n',
    };
    expect(await settingsFrom(files)).toEqual({ source: "tenant-audit.config.json", tenantFields: ["fromJson"] });
  });

  it("loads a .js, .mjs or .ts config's default export", async () => {
    expect(
      await settingsFrom({
        "package.json": '{"type":"module"}',
        "tenant-audit.config.js": 'export default { tenantFields: ["fromJs"] };\n',
      }),
    ).toEqual({
      source: "tenant-audit.config.js",
      tenantFields: ["fromJs"],
    });
    expect(
      await settingsFrom({ "tenant-audit.config.mjs": 'export default { tenantFields: ["fromMjs"] };\n' }),
    ).toEqual({
      source: "tenant-audit.config.mjs",
      tenantFields: ["fromMjs"],
    });
    const typed =
      'import { fields } from "./fields.js";\nconst config: { tenantFields: string[] } = { tenantFields: fields };\nexport default config;\n';
    expect(
      await settingsFrom({ "tenant-audit.config.ts": typed, "fields.js": 'export const fields = ["fromTs"];\n' }),
    ).toEqual({
      source: "tenant-audit.config.ts",
      tenantFields: ["fromTs"],
    });
  });

  it("--config wins over everything and may be JSON or a module", async () => {
    const files = {
      "tenant-audit.config.json": JSON.stringify({ tenantFields: ["fromRoot"] }),
      "config/audit.json": JSON.stringify({ tenantFields: ["fromFlag"] }),
      "config/audit.mjs": 'export default { tenantFields: ["fromModule"] };\n',
    };
    expect(await settingsFrom(files, "config/audit.json")).toEqual({
      source: "config/audit.json",
      tenantFields: ["fromFlag"],
    });
    expect(await settingsFrom(files, "config/audit.mjs")).toEqual({
      source: "config/audit.mjs",
      tenantFields: ["fromModule"],
    });
  });
});

describe("bad configuration: one line on stderr, exit 2, nothing written", () => {
  const cases: [string, Record<string, string>, string[], RegExp][] = [
    [
      "an unknown key",
      { "tenant-audit.config.json": '{ "tenantField": ["x"] }' },
      [],
      /invalid configuration in tenant-audit\.config\.json: .*"tenantField".*unknown key/u,
    ],
    [
      "a wrong type",
      { "package.json": '{ "tenantAudit": { "globalCollections": "Plan" } }' },
      [],
      /invalid configuration in package\.json#tenantAudit: .*"globalCollections".*expected an array/u,
    ],
    [
      "a bad regular expression",
      { "tenant-audit.config.json": '{ "globalKeys": ["(unclosed"] }' },
      [],
      /"globalKeys\[0\]".*not a valid regular expression/u,
    ],
    ["unparsable JSON", { "tenant-audit.config.json": "{ nope" }, [], /cannot read tenant-audit\.config\.json/u],
    [
      "a module without a default export",
      { "c.mjs": "export const tenantFields = [];\n" },
      ["--config", "c.mjs"],
      /config c\.mjs has no default export/u,
    ],
    ["a missing --config file", {}, ["--config", "missing.json"], /config file not found: missing\.json/u],
  ];
  for (const [name, files, args, message] of cases) {
    it(`rejects ${name}`, async () => {
      const dir = tempRepo({ "src/a.ts": "export const a = 1;\n", ...files });
      const run = captureIo(dir);
      expect(await runCli([...args, "--output", "report.json", "--format", "json"], run.io)).toBe(2);
      expect(run.stderr()).toMatch(message);
      expect(run.stderr().trimEnd().split("\n")).toHaveLength(1);
      expect(run.stdout()).toBe("");
      const { existsSync } = await import("node:fs");
      expect(existsSync(`${dir}/report.json`)).toBe(false);
    });
  }
});
