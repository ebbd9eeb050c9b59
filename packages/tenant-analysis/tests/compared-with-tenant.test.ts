/** "Compared with the tenant before use": guards, comparisons and asserts, with the caller deciding what is verified. */
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { impliesEqual, isComparedWithVerified, isGuarded } from "../src/compared-with-tenant.js";
import { parse, probe } from "./helpers.js";

const denotesT = (expression: ts.Expression) => ts.isIdentifier(expression) && expression.text === "t";
const verified = (expression: ts.Expression) => expression.getText() === "user.tenantId";

describe("compared-with-tenant", () => {
  it("a use after a mismatch test that leaves is guarded; without leaving it is not", () => {
    expect(
      isGuarded(
        probe(parse(`function f(t: string, user: any) { if (t !== user.tenantId) return; probe(t); }`)),
        denotesT,
        verified,
      ),
    ).toBe(true);
    expect(
      isGuarded(
        probe(parse(`function f(t: string, user: any) { if (t !== user.tenantId) { log(); } probe(t); }`)),
        denotesT,
        verified,
      ),
    ).toBe(false);
  });

  it("a use in the branch where they are equal is guarded", () => {
    expect(
      isGuarded(
        probe(parse(`function f(t: string, user: any) { if (t === user.tenantId) { probe(t); } }`)),
        denotesT,
        verified,
      ),
    ).toBe(true);
  });

  it("a comparison with the verified tenant is the check itself; with another value it is not", () => {
    const useIn = (code: string): ts.Expression => {
      let use: ts.Expression | undefined;
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && node.text === "t" && ts.isBinaryExpression(node.parent)) use = node;
        ts.forEachChild(node, visit);
      };
      visit(parse(code));
      return use!;
    };
    expect(
      isComparedWithVerified(
        useIn(`function f(t: string, user: any) { return t === user.tenantId; }`),
        denotesT,
        verified,
      ),
    ).toBe(true);
    expect(
      isComparedWithVerified(useIn(`function f(t: string, other: string) { return t === other; }`), denotesT, verified),
    ).toBe(false);
  });

  it("reads conditions: a mismatch on one || branch, a membership test of the verified identity", () => {
    const condition = (code: string) => probe(parse(code));
    expect(impliesEqual(condition(`probe(!t || t !== user.tenantId)`), false, denotesT, verified)).toBe(true);
    expect(impliesEqual(condition(`probe(req.user.tenantIds.includes(t))`), true, denotesT, verified)).toBe(true);
    expect(impliesEqual(condition(`probe(t !== other)`), false, denotesT, verified)).toBe(false);
  });
});
