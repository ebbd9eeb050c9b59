/**
 * Stand-in checks registered in the core's registry for the duration of a test file, so the
 * CLI's own behaviour (positions, sorting, suppressions, baselines, formats, exit codes) is
 * tested whether or not the real checks have landed. They flag calls by callee name only:
 * `unscopedQuery()` → an error finding, `scopedQuery()` → a passing site, `maybeQuery()` → an
 * unverified site (rule require-tenant-filter), `unscopedLog()` → an error finding of
 * require-tenant-log-context, a rule outside `configs.recommended`.
 */
import { afterAll, beforeAll } from "vitest";
import { type CheckDefinition, checks, type RuleId } from "@tenant-audit/analysis";
import ts from "typescript";

function calleeName(call: ts.CallExpression): string | undefined {
  return ts.isIdentifier(call.expression) ? call.expression.text : undefined;
}

const stubs: Record<"require-tenant-filter" | "require-tenant-log-context", CheckDefinition> = {
  "require-tenant-filter": {
    ruleId: "require-tenant-filter",
    messages: {
      unscoped: "Query on {{name}} has no tenant filter",
      addTenant: "Add tenantId to the filter of {{name}}",
    },
    run(scope) {
      for (const call of scope.facts.calls) {
        const name = calleeName(call);
        if (name === "unscopedQuery") {
          scope.examined("unscoped");
          const target = call.arguments[0]?.getText(scope.sourceFile) ?? "?";
          scope.report(call, "unscoped", { name: target }, [
            { messageId: "addTenant", data: { name: target }, edits: [] },
          ]);
        } else if (name === "scopedQuery") scope.examined("scoped");
        else if (name === "maybeQuery") scope.examined("unknown");
      }
    },
  },
  "require-tenant-log-context": {
    ruleId: "require-tenant-log-context",
    messages: { noTenant: "Log call without tenant context" },
    run(scope) {
      for (const call of scope.facts.calls) {
        if (calleeName(call) === "unscopedLog") {
          scope.examined("unscoped");
          scope.report(call, "noTenant");
        }
      }
    },
  },
};

/** Registers the stubs before the file's tests and puts back whatever was registered after. */
export function useStubChecks(): void {
  const saved = new Map<RuleId, CheckDefinition | undefined>();
  beforeAll(() => {
    for (const [ruleId, definition] of Object.entries(stubs) as [RuleId, CheckDefinition][]) {
      saved.set(ruleId, checks[ruleId]);
      checks[ruleId] = definition;
    }
    // Other registered checks would add findings of their own to these fixtures: set them aside too.
    for (const ruleId of Object.keys(checks) as RuleId[]) {
      if (!(ruleId in stubs)) {
        saved.set(ruleId, checks[ruleId]);
        delete checks[ruleId];
      }
    }
  });
  afterAll(() => {
    for (const [ruleId, definition] of saved) {
      if (definition) checks[ruleId] = definition;
      else delete checks[ruleId];
    }
  });
}

/** A file with one unverified query site and one suppressed log finding: items that warn, never fail. */
export const warningOnlySource = [
  "declare function maybeQuery(m: string): void;",
  "declare function unscopedLog(m: string): void;",
  'maybeQuery("A");',
  "// eslint-disable-next-line tenant/require-tenant-log-context",
  'unscopedLog("x");',
  "",
].join("\n");
