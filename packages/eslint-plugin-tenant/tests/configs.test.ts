/**
 * Both ways users adopt the plugin in ESLint 10 flat config work, and the configs can sit
 * next to `plugins: { tenant }` without "Cannot redefine plugin".
 */
import { checks, ruleDescriptors, ruleIds } from "@tenant-audit/analysis";
import parser from "@typescript-eslint/parser";
import { ESLint } from "eslint";
import { defineConfig } from "eslint/config";
import { describe, expect, it } from "vitest";
import tenant from "../src/index.js";

// One violation per data-isolation rule, on receivers the untyped analysis knows.
const snippet = `import mongoose from "mongoose";
import { Redis } from "ioredis";
import { Queue } from "bullmq";
const Campaign = mongoose.model("Campaign", new mongoose.Schema({ tenantId: String, status: String }));
const redis = new Redis();
const queue = new Queue("emails");
export async function handler(tenantId: string) {
  await Campaign.find({ status: "active" });
  await Campaign.create({ status: "draft" });
  await redis.get("campaigns:active");
  await queue.add("send", { campaignId: "c1" });
  return tenantId;
}
`;
const violations = [
  { line: 8, ruleId: "tenant/require-tenant-filter" },
  { line: 9, ruleId: "tenant/require-tenant-on-write" },
  { line: 10, ruleId: "tenant/require-tenant-redis-key" },
  { line: 11, ruleId: "tenant/require-tenant-job-data" },
];
const registered = (ruleId: string) => checks[ruleId.replace("tenant/", "") as keyof typeof checks] !== undefined;
const recommendedRules = ruleIds
  .filter((id) => ruleDescriptors[id].recommended && checks[id])
  .map((id) => `tenant/${id}`)
  .sort();

async function lint(config: ReturnType<typeof defineConfig>) {
  const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: config });
  const enabled = Object.entries((await eslint.calculateConfigForFile("src/handler.ts")).rules ?? {})
    .filter(([name, entry]) => name.startsWith("tenant/") && (Array.isArray(entry) ? entry[0] : entry) === 2)
    .map(([name]) => name)
    .sort();
  const [result] = await eslint.lintText(snippet, { filePath: "src/handler.ts" });
  const fatal = result!.messages.filter((message) => !message.ruleId).map((message) => message.message);
  const reported = result!.messages.map((message) => ({ line: message.line, ruleId: message.ruleId }));
  return { enabled, fatal, reported };
}

const base = { files: ["**/*.ts"], languageOptions: { parser } };

describe("flat configs in ESLint 10", () => {
  it('extends: ["tenant/recommended"] with plugins: { tenant }', async () => {
    const { enabled, fatal, reported } = await lint(
      defineConfig({ ...base, plugins: { tenant }, extends: ["tenant/recommended"] }),
    );
    expect(enabled).toEqual(recommendedRules);
    expect(fatal).toEqual([]);
    expect(reported).toEqual(violations.filter((violation) => registered(violation.ruleId)));
  });

  it("extends: [tenant.configs.recommended]", async () => {
    const { enabled, fatal, reported } = await lint(defineConfig({ ...base, extends: [tenant.configs.recommended] }));
    expect(enabled).toEqual(recommendedRules);
    expect(fatal).toEqual([]);
    expect(reported).toEqual(violations.filter((violation) => registered(violation.ruleId)));
  });

  it("strict next to plugins: { tenant } enables every registered rule", async () => {
    const { enabled, fatal } = await lint(
      defineConfig({ ...base, plugins: { tenant }, extends: [tenant.configs.strict] }),
    );
    expect(enabled).toEqual(
      ruleIds
        .filter((id) => checks[id])
        .map((id) => `tenant/${id}`)
        .sort(),
    );
    expect(fatal).toEqual([]);
  });

  // The fixture above stays meaningful only while the data-isolation checks are the ones it exercises.
  it("the snippet exercises at least one registered rule once the core has checks", () => {
    if (Object.keys(checks).length > 0) {
      expect(violations.some((violation) => registered(violation.ruleId))).toBe(true);
    }
    expect(
      violations.every((violation) => recommendedRules.includes(violation.ruleId) || !registered(violation.ruleId)),
    ).toBe(true);
  });
});
