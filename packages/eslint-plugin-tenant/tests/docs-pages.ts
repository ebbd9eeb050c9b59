/**
 * Reads docs/rules/<rule-id>.md into headings, sections and example code blocks, for the
 * meta test (structure) and the docs examples test (behaviour).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const docsRulesDir = fileURLToPath(new URL("../../../docs/rules/", import.meta.url));

export type ExampleKind = "incorrect" | "correct";

export interface CodeBlock {
  /** 1-based line of the opening fence in the page. */
  readonly line: number;
  readonly language: string;
  /** `typed` in the fence info: lint with type information (imports from tests/fixture-project). */
  readonly typed: boolean;
  /** `settings={…}` in the fence info: `settings.tenant` for this block. */
  readonly settings: unknown;
  /** From the nearest heading above: "❌ Incorrect" or "✅ Correct". */
  readonly kind: ExampleKind | undefined;
  readonly code: string;
}

export interface DocsPage {
  readonly path: string;
  readonly title: string | undefined;
  /** Text between the title and the first `##` heading. */
  readonly intro: string;
  readonly headings: readonly string[];
  readonly blocks: readonly CodeBlock[];
}

export function docsPagePath(ruleId: string): string {
  return `${docsRulesDir}${ruleId}.md`;
}

export function readDocsPage(ruleId: string): DocsPage | undefined {
  const path = docsPagePath(ruleId);
  if (!existsSync(path)) return undefined;
  const lines = readFileSync(path, "utf8").split(/\r?\n/u);
  const headings: string[] = [];
  const blocks: CodeBlock[] = [];
  const intro: string[] = [];
  let title: string | undefined;
  let heading = "";
  let fence: { line: number; info: string; code: string[]; kind: ExampleKind | undefined } | undefined;
  lines.forEach((text, index) => {
    if (fence) {
      if (/^\s*```\s*$/u.test(text)) {
        const [language = "", ...rest] = fence.info.split(/\s+/u);
        const settingsToken = rest.find((token) => token.startsWith("settings="));
        blocks.push({
          line: fence.line,
          language,
          typed: rest.includes("typed"),
          settings: settingsToken ? JSON.parse(settingsToken.slice("settings=".length)) : undefined,
          kind: fence.kind,
          code: fence.code.join("\n"),
        });
        fence = undefined;
      } else {
        fence.code.push(text);
      }
      return;
    }
    const opening = /^\s*```(.*)$/u.exec(text);
    if (opening) {
      fence = { line: index + 1, info: opening[1]!.trim(), code: [], kind: exampleKind(heading) };
      return;
    }
    const match = /^(#{1,6})\s+(.*?)\s*$/u.exec(text);
    if (match) {
      heading = match[2]!;
      if (match[1] === "#" && title === undefined) title = heading;
      else headings.push(`${match[1]} ${heading}`);
      return;
    }
    if (title !== undefined && headings.length === 0) intro.push(text);
  });
  return { path, title, intro: intro.join("\n"), headings, blocks };
}

function exampleKind(heading: string): ExampleKind | undefined {
  if (heading.includes("❌")) return "incorrect";
  if (heading.includes("✅")) return "correct";
  return undefined;
}

export function isTypeScript(block: CodeBlock): boolean {
  return block.language === "ts" || block.language === "typescript";
}
