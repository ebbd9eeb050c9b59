/**
 * The RuleTesters every rule test uses: one untyped (the rules must work without type
 * information) and one typed, whose test code can import the support modules of
 * `fixture-project/` (a model, client or queue declared in another file).
 */
import { fileURLToPath } from "node:url";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { afterAll, describe, it } from "vitest";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const fixtureProjectDir = fileURLToPath(new URL("fixture-project", import.meta.url));

/** Parses with @typescript-eslint/parser (RuleTester's default) and no program. */
export const ruleTester = new RuleTester();

/**
 * Test code is linted as `fixture-project/file.ts` (or `react.tsx`), which the fixture
 * tsconfig excludes, so it runs in the default project, whose compiler options are that same
 * tsconfig's (`defaultProject`): `import { Campaign } from "./models.js"` resolves.
 */
export const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ["*.ts*"], defaultProject: "tsconfig.json" },
      tsconfigRootDir: fixtureProjectDir,
    },
  },
});
