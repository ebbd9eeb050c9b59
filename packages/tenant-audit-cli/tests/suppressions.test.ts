import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { findSuppression, readDirectives } from "../src/suppressions.js";

const parse = (text: string) => ts.createSourceFile("a.ts", text, ts.ScriptTarget.ES2022, true);
const rule = "tenant/require-tenant-filter";

/** The suppression kind and reason for a finding of `ruleId` at the start of 1-based `line`. */
function verdict(text: string, line: number, ruleId = rule) {
  const sourceFile = parse(text);
  const position =
    sourceFile.getPositionOfLineAndCharacter(line - 1, 0) + (text.split("\n")[line - 1]?.search(/\S/u) ?? 0);
  const found = findSuppression(readDirectives(sourceFile), ruleId, position, line);
  return found ? { kind: found.kind, reason: found.directive.reason } : undefined;
}

describe("eslint-disable directives, read as ESLint reads them", () => {
  it("next-line silences only the next line, and only the named rule", () => {
    const text = `// eslint-disable-next-line ${rule} -- admin export\nq();\nq();\n`;
    expect(verdict(text, 2)).toEqual({ kind: "next-line", reason: "admin export" });
    expect(verdict(text, 3)).toBeUndefined();
    expect(verdict(text, 2, "tenant/require-tenant-redis-key")).toBeUndefined();
  });

  it("accepts several rules, block-comment forms and no reason", () => {
    const text = `/* eslint-disable-next-line tenant/a, ${rule} */\nq();\nq(); /* eslint-disable-line ${rule} --   trimmed reason   */\n`;
    expect(verdict(text, 2)).toEqual({ kind: "next-line", reason: null });
    expect(verdict(text, 3)).toEqual({ kind: "line", reason: "trimmed reason" });
  });

  it("a directive without rules silences every rule", () => {
    expect(verdict("q(); // eslint-disable-line\n", 1)).toEqual({ kind: "line", reason: null });
  });

  it("disable … enable blocks silence what lies between, for the named rules", () => {
    const text = [
      `/* eslint-disable ${rule} -- seed script */`,
      "q();",
      `/* eslint-enable ${rule} */`,
      "q();",
      "/* eslint-disable */",
      "q();",
    ].join("\n");
    expect(verdict(text, 2)).toEqual({ kind: "block", reason: "seed script" });
    expect(verdict(text, 4)).toBeUndefined();
    expect(verdict(text, 6)).toEqual({ kind: "block", reason: null });
  });

  it("ignores block directives in line comments (as ESLint does), look-alikes and text in strings", () => {
    const text = [
      `// eslint-disable ${rule}`,
      "q();",
      `// eslint-disabled-next-line ${rule}`,
      "q();",
      `const s = "// eslint-disable-next-line ${rule}";`,
      "q();",
    ].join("\n");
    expect(verdict(text, 2)).toBeUndefined();
    expect(verdict(text, 4)).toBeUndefined();
    expect(verdict(text, 6)).toBeUndefined();
  });

  it("finds directives inside nested code", () => {
    const text = `function f() {\n  if (x) {\n    // eslint-disable-next-line ${rule} -- nested\n    q();\n  }\n}\n`;
    expect(verdict(text, 4)).toEqual({ kind: "next-line", reason: "nested" });
  });
});
