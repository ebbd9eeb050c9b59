/**
 * A file the core cannot analyse is one problem for that file, and the lint run goes on: the
 * other files are still linted and nothing crashes (issue 12: a 3,000-term concatenation
 * overflowed a recursive walk and ended the whole run).
 */
import { checks } from "@tenant-audit/analysis";
import parser from "@typescript-eslint/parser";
import { ESLint } from "eslint";
import { afterEach, describe, expect, it } from "vitest";
import tenant from "../src/index.js";

const original = checks["require-tenant-redis-key"]!;
afterEach(() => {
  checks["require-tenant-redis-key"] = original;
});

describe("a file the analysis cannot handle", () => {
  it("is one reported problem at its first line; the other file still gets its finding", async () => {
    // A stand-in for a core that overflows on one file: the real overflow depends on the stack size.
    checks["require-tenant-redis-key"] = {
      ...original,
      run(scope) {
        if (scope.sourceFile.fileName.endsWith("deep.ts")) throw new RangeError("Maximum call stack size exceeded");
        original.run(scope);
      },
    };
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ["**/*.ts"],
          languageOptions: { parser },
          plugins: { tenant },
          rules: { "tenant/require-tenant-redis-key": "error", "tenant/require-tenant-filter": "error" },
        },
      ],
    });
    const results = await eslint.lintText(
      'import { Redis } from "ioredis";\nconst redis = new Redis();\nexport const f = () => redis.get("k");\n',
      { filePath: "deep.ts" },
    );
    const other = await eslint.lintText(
      'import { Redis } from "ioredis";\nconst redis = new Redis();\nexport const f = () => redis.get("k");\n',
      { filePath: "ok.ts" },
    );
    expect(
      results[0]!.messages.map(({ line, column, message, ruleId }) => ({ line, column, message, ruleId })),
    ).toEqual([
      {
        line: 1,
        column: 1,
        ruleId: "tenant/require-tenant-redis-key",
        message:
          "tenant-audit could not analyse this file, so its tenant checks did not run: the code is nested too deeply to analyse (Maximum call stack size exceeded)",
      },
    ]);
    expect(other[0]!.messages.map((message) => message.ruleId)).toEqual(["tenant/require-tenant-redis-key"]);
  });

  it("lints a real 3,000-term concatenation without crashing", async () => {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser }, ...tenant.configs.strict }],
    });
    const source = `export const c = ${Array.from({ length: 3000 }, (_, index) => `"s${index}"`).join(" + ")};\n`;
    const [result] = await eslint.lintText(source, { filePath: "concat.ts" });
    // Either the walk copes or the file is one reported problem: never an exception out of lintText.
    expect(result!.messages.length).toBeLessThanOrEqual(1);
  });
});
