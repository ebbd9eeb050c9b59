/** "A tenant value is in scope here": the one scope walk and the questions built on it. */
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { hasTenantInScope, tenantAvailableAt, tenantValueInScope, walkScopes } from "../src/tenant-in-scope.js";
import { parse, probe, untyped } from "./helpers.js";

const context = untyped();

function fn(code: string, name: string): ts.FunctionDeclaration {
  const file = parse(code);
  return file.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === name,
  )!;
}

describe("tenant-in-scope", () => {
  it("walks the enclosing scopes innermost first, with what each declares", () => {
    const site = probe(parse(`function f(tenantId: string) {\n  const a = 1;\n  { const b = 2; probe(a + b); }\n}`));
    const seen: string[] = [];
    walkScopes(site, (_scope, bindings) => {
      seen.push(bindings.map((binding) => binding.name.text).join(","));
      return undefined;
    });
    expect(seen.filter(Boolean)).toEqual(["b", "a", "tenantId"]);
  });

  it("finds the tenant available at a site: a parameter, a variable before it, a member read", () => {
    expect(tenantAvailableAt(probe(parse(`function f(tenantId: string) { probe(1); }`)), context)).toBe(true);
    expect(
      tenantAvailableAt(probe(parse(`function f(req: any) { const t = req.user.tenantId; probe(t); }`)), context),
    ).toBe(true);
    expect(tenantAvailableAt(probe(parse(`function f(port: number) { probe(port); }`)), context)).toBe(false);
    // The branch that found no tenant has none.
    expect(
      tenantAvailableAt(probe(parse(`function f(req: any) { if (!req.user?.tenantId) { probe(1); } }`)), context),
    ).toBe(false);
  });

  it("suggests a tenant value: a tenant-named binding, else a trusted member, never client input", () => {
    expect(tenantValueInScope(probe(parse(`function f(tenantId: string) { probe(1); }`)), context)).toBe("tenantId");
    expect(
      tenantValueInScope(probe(parse(`function f(req: any) { const x = req.user.tenantId; probe(x); }`)), context),
    ).toBe("req.user.tenantId");
    expect(
      tenantValueInScope(
        probe(parse(`function f(req: any, res: any) { const x = req.body.tenantId; probe(x); }`)),
        context,
      ),
    ).toBeUndefined();
  });

  it("knows one tenant's scope from a loop over every tenant", () => {
    expect(
      hasTenantInScope(fn(`function f(input: { tenantId: string }) { return input.tenantId; }`, "f"), context),
    ).toBe(true);
    expect(
      hasTenantInScope(
        fn(`function f(tenants: { tenantId: string }[]) { for (const t of tenants) { const { tenantId } = t; } }`, "f"),
        context,
      ),
    ).toBe(true);
    expect(hasTenantInScope(fn(`function f(port: number) { return port; }`, "f"), context)).toBe(false);
  });
});
