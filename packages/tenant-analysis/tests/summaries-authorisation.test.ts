/** The authorisation summary: which parameters a function refuses (or tests) unless the identity may use them. */
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { authorisationSummary } from "../src/summaries/authorisation.js";
import { parse, untyped } from "./helpers.js";

function summaryOf(code: string, name: string) {
  const file = parse(`declare const db: any;\n${code}`);
  const fn = file.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === name,
  );
  if (!fn) throw new Error(`no function ${name}`);
  const summary = authorisationSummary(fn, untyped());
  return summary === "unknown" ? "unknown" : { refuses: [...summary.refuses], tests: [...summary.tests] };
}

describe("authorisationSummary", () => {
  it("refuses a parameter when a lookup by it and the user is tested and throws", () => {
    expect(
      summaryOf(
        `async function assertMember(teamId: string, user: { id: string }) {\n  const m = await db.findOne({ teamId, userId: user.id });\n  if (!m) throw new Error("no");\n}`,
        "assertMember",
      ),
    ).toEqual({ refuses: [0], tests: [] });
  });

  it("refuses on ownership compared with the user", () => {
    expect(
      summaryOf(
        `async function own(projectId: string, userId: string) {\n  const project = await db.findById(projectId);\n  if (project.ownerId !== userId) { throw new Error("forbidden"); }\n  return project;\n}`,
        "own",
      ),
    ).toEqual({ refuses: [0], tests: [] });
  });

  it("tests a parameter when it returns the verdict", () => {
    expect(
      summaryOf(
        `function canUse(user: { teamIds: string[] }, teamId: string) { return user.teamIds.includes(teamId); }`,
        "canUse",
      ),
    ).toEqual({ refuses: [], tests: [1] });
  });

  it("authorises nothing with presence tests, a response in a helper, or no identity", () => {
    expect(
      summaryOf(
        `function ensure(teamId: string, user: object) { if (!teamId || !user) throw new Error("missing"); }`,
        "ensure",
      ),
    ).toEqual({ refuses: [], tests: [] });
    expect(
      summaryOf(
        `function guard(teamId: string, user: { id: string }, res: any) {\n  const m = db.findOne({ teamId, userId: user.id });\n  if (!m) return res.status(403).end();\n}`,
        "guard",
      ),
    ).toEqual({ refuses: [], tests: [] });
    expect(
      summaryOf(
        `function load(teamId: string) { const t = db.findById(teamId); if (!t) throw new Error("404"); return t; }`,
        "load",
      ),
    ).toEqual({ refuses: [], tests: [] });
  });

  it("follows a nested refusing call, and is unknown when the nested callee cannot be seen", () => {
    expect(
      summaryOf(
        `async function inner(teamId: string, user: { id: string }) { const m = await db.findOne({ teamId, userId: user.id }); if (!m) throw new Error(); }\nasync function outer(teamId: string, user: { id: string }) { await inner(teamId, user); }`,
        "outer",
      ),
    ).toEqual({ refuses: [0], tests: [] });
    expect(
      summaryOf(
        `import { check } from "./elsewhere.js";\nasync function outer(teamId: string, user: { id: string }) { await check(teamId, user); }`,
        "outer",
      ),
    ).toBe("unknown");
  });

  it("does not loop on recursion", () => {
    expect(
      summaryOf(
        `async function again(teamId: string, user: { id: string }): Promise<void> { await again(teamId, user); }`,
        "again",
      ),
    ).toBe("unknown");
  });
});
