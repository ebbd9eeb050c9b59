/**
 * Keeps code, configs and docs in sync: every rule id of the core has a rule file, a place in
 * the index and the configs, and a docs page with the agreed sections.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checks, ruleDescriptors, ruleIds } from "@tenant-audit/analysis";
import { describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { rules } from "../src/rules/index.js";
import { isTypeScript, readDocsPage } from "./docs-pages.js";

const rulesDir = fileURLToPath(new URL("../src/rules/", import.meta.url));
const sortedIds = [...ruleIds].sort();

describe("rule files and index", () => {
  it("has one rule file per rule id, and no other", () => {
    const files = readdirSync(rulesDir).filter((file) => file !== "index.ts");
    expect(files.sort()).toEqual(sortedIds.map((id) => `${id}.ts`));
  });

  it("indexes exactly the rules whose checks are registered, sorted", () => {
    expect(Object.keys(rules)).toEqual(sortedIds.filter((id) => checks[id]));
  });

  // Fails until every check has landed in the core; then every rule ships.
  it("indexes every rule id", () => {
    expect(Object.keys(rules)).toEqual(sortedIds);
  });

  it.each(Object.keys(rules))("%s takes its description and messages from the core", (id) => {
    const rule = rules[id as keyof typeof rules];
    const descriptor = ruleDescriptors[id as keyof typeof ruleDescriptors];
    expect(rule.meta.docs?.description).toBe(descriptor.description);
    expect(rule.meta.messages).toBe(checks[descriptor.id]!.messages);
    expect(rule.meta.docs?.url).toBe(`https://github.com/tenant-audit/tenant-audit/blob/main/docs/rules/${id}.md`);
    expect(rule.meta.type).toBe("problem");
    expect(rule.meta.hasSuggestions).toBe(true);
  });
});

describe("configs", () => {
  const indexed = Object.keys(rules);

  it("strict enables every rule as an error", () => {
    expect(plugin.configs.strict.rules).toEqual(Object.fromEntries(indexed.map((id) => [`tenant/${id}`, "error"])));
  });

  it("recommended enables the rules the core marks recommended, as errors", () => {
    const recommended = indexed.filter((id) => ruleDescriptors[id as keyof typeof ruleDescriptors].recommended);
    expect(plugin.configs.recommended.rules).toEqual(
      Object.fromEntries(recommended.map((id) => [`tenant/${id}`, "error"])),
    );
  });

  it("both configs reference the very plugin object", () => {
    expect(plugin.configs.strict.plugins?.tenant).toBe(plugin);
    expect(plugin.configs.recommended.plugins?.tenant).toBe(plugin);
  });

  it("names itself after the package", () => {
    expect(plugin.meta).toEqual({ name: "eslint-plugin-tenant", version: expect.stringMatching(/^\d+\.\d+\.\d+/u) });
  });
});

describe.each(sortedIds)("docs/rules/%s.md", (id) => {
  const page = readDocsPage(id);

  it("exists, titled with the rule name", () => {
    expect(page, `docs/rules/${id}.md is missing`).toBeDefined();
    expect(page!.title?.replaceAll("`", "")).toBe(`tenant/${id}`);
  });

  it("opens with the rule's description", () => {
    expect(page?.intro).toContain(ruleDescriptors[id].description);
  });

  it("has the Examples, Settings and When Not To Use It sections", () => {
    const sections = (page?.headings ?? []).filter((heading) => heading.startsWith("## "));
    expect(sections).toEqual(expect.arrayContaining(["## Examples", "## Settings", "## When Not To Use It"]));
    expect(sections.indexOf("## Examples")).toBeLessThan(sections.indexOf("## Settings"));
  });

  it("shows at least one ❌ Incorrect and one ✅ Correct TypeScript example", () => {
    const headings = page?.headings ?? [];
    expect(headings.some((heading) => heading.includes("❌ Incorrect"))).toBe(true);
    expect(headings.some((heading) => heading.includes("✅ Correct"))).toBe(true);
    const blocks = (page?.blocks ?? []).filter(isTypeScript);
    expect(blocks.some((block) => block.kind === "incorrect")).toBe(true);
    expect(blocks.some((block) => block.kind === "correct")).toBe(true);
  });
});
