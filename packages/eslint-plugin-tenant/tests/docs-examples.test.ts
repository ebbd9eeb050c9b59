/**
 * Lints every TypeScript example of docs/rules/*.md with its rule alone: a block under a
 * "❌ Incorrect" heading must be reported by that rule, one under "✅ Correct" must not, so
 * the examples can never drift from what the rule does.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { isRuleId } from "@tenant-audit/analysis";
import parser from "@typescript-eslint/parser";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { type CodeBlock, docsRulesDir, isTypeScript, readDocsPage } from "./docs-pages.js";
import { fixtureProjectDir } from "./rule-tester.js";

// A fresh clone has no docs/rules/ until a page is committed (git keeps no empty folders).
const pages = (existsSync(docsRulesDir) ? readdirSync(docsRulesDir) : [])
  .filter((file) => file.endsWith(".md"))
  .map((file) => path.basename(file, ".md"))
  .filter(isRuleId)
  .sort();

async function lintExample(ruleId: string, block: CodeBlock) {
  const eslint = new ESLint({
    cwd: fixtureProjectDir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ["**/*.ts"],
        languageOptions: {
          parser,
          // Typed examples run as fixture-project/file.ts, so they may import its models and clients.
          parserOptions: block.typed
            ? {
                projectService: { allowDefaultProject: ["*.ts"], defaultProject: "tsconfig.json" },
                tsconfigRootDir: fixtureProjectDir,
              }
            : {},
        },
        plugins: { tenant: plugin },
        rules: { [`tenant/${ruleId}`]: "error" },
        settings: block.settings === undefined ? {} : { tenant: block.settings },
      },
    ],
  });
  const [result] = await eslint.lintText(block.code, { filePath: path.join(fixtureProjectDir, "file.ts") });
  return result!.messages;
}

it("finds the rule docs pages to lint", () => {
  expect(pages.length).toBeGreaterThan(0);
});

describe.each(pages)("docs/rules/%s.md examples", (ruleId) => {
  const blocks = (readDocsPage(ruleId)?.blocks ?? []).filter((block) => isTypeScript(block) && block.kind);

  it("has a registered check to lint its examples with", () => {
    expect(Object.keys(plugin.rules ?? {})).toContain(ruleId);
  });

  it.each(blocks.map((block) => [`${block.kind} example at line ${block.line}`, block] as const))(
    "%s",
    async (_, block) => {
      const messages = await lintExample(ruleId, block);
      const fatal = messages.filter((message) => !message.ruleId);
      expect(fatal.map((message) => `${message.line}: ${message.message}`)).toEqual([]);
      const reported = messages.filter((message) => message.ruleId === `tenant/${ruleId}`);
      if (block.kind === "incorrect") expect(reported.length, "a ❌ example must be reported").toBeGreaterThan(0);
      else expect(reported.map((message) => `${message.line}:${message.column} ${message.message}`)).toEqual([]);
    },
  );
});
