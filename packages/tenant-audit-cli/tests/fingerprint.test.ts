import { describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { enclosingScopeName, fingerprints } from "../src/fingerprint.js";

const input = (text: string, scope = "list", file = "src/a.ts", ruleId = "tenant/require-tenant-filter") => ({
  ruleId,
  file,
  text,
  scope,
});

describe("fingerprints", () => {
  it("ignore whitespace changes in the flagged code and differ by rule, file, code and function", () => {
    const [base] = fingerprints([input("Campaign.find({})")]);
    expect(fingerprints([input("Campaign.find( {\n} )")])[0]).toBe(base);
    expect(fingerprints([input("Campaign.find({})", "other")])[0]).not.toBe(base);
    expect(fingerprints([input("Campaign.find({})", "list", "src/b.ts")])[0]).not.toBe(base);
    expect(
      fingerprints([input("Campaign.find({})", "list", "src/a.ts", "tenant/require-tenant-on-write")])[0],
    ).not.toBe(base);
    expect(fingerprints([input("Invoice.find({})")])[0]).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{32}$/u);
  });

  it("number identical repeats by occurrence, so two copies get two fingerprints", () => {
    const [first, second] = fingerprints([input("Campaign.find({})"), input("Campaign.find({})")]);
    expect(first).not.toBe(second);
    expect(fingerprints([input("Campaign.find({})")])[0]).toBe(first);
  });
});

describe("enclosing scope names", () => {
  const scopeOf = (text: string, marker = "HERE") => {
    const sourceFile = ts.createSourceFile("a.ts", text, ts.ScriptTarget.ES2022, true);
    let found: ts.Node | undefined;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === marker) found = node;
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    if (!found) throw new Error("marker not found");
    return enclosingScopeName(found);
  };

  it("names functions, arrow functions held in variables, and class methods", () => {
    expect(scopeOf("function list() { HERE(); }")).toBe("list");
    expect(scopeOf("const list = () => HERE();")).toBe("list");
    expect(scopeOf("class Repo { all() { HERE(); } }")).toBe("Repo.all");
    expect(scopeOf("HERE();")).toBe("");
    expect(scopeOf("function outer() { [1].map(() => HERE()); }")).toBe("outer");
  });
});
