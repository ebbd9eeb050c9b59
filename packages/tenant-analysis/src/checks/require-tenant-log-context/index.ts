/**
 * `require-tenant-log-context` (log-lines): in request and job code, every log line carries the
 * tenant (in its fields, its message, or a child logger bound with it), so support can find one
 * customer's events.
 *
 * Sites: calls of a log method (the adapter's `callPaths`) on a known logger: pino, winston,
 * bunyan (made in this file, or typed from anywhere), their `.child()` loggers, winston's default
 * logger, the global `console`, and Fastify's `request.log` (see `requestLogger`).
 *
 * Tenant code: the log sits in a function where a tenant value is available at that point (see
 * `tenantAvailableAt`). Module start-up and a rejected token have none, so they are clean.
 *
 * Bound loggers: `logger.child({ tenantId })`, followed through variables, local functions and,
 * with type information, to the declaration of an imported logger or logger factory in another
 * file (the symbol's declaration and its initializer or returned expressions). The CLI also
 * hands the names of tenant-bound loggers it found anywhere (`projectFacts.tenantLoggers`).
 */
import type ts from "../../typescript.cjs";
import { defineCheck } from "../../check.js";
import type { AnalysisContext } from "../../types.js";
import { isNonRequestCode } from "../../entry-points.js";
import { anyPart } from "../../evidence/evidence.js";
import { tenantAvailableAt, tenantValueInScope } from "../../tenant-in-scope.js";
import { isCompanionLine, isStaticLine } from "./log-events.js";
import { argumentEvidence } from "./log-arguments.js";
import { loggerBinding, unboundChildBinding } from "./logger-binding.js";
import { logSite } from "./log-sites.js";
import { loggerLabel, suggestions } from "./suggestions.js";
import "./facts.js";

export type RequireTenantLogContextMessageId =
  "missingTenantInLog" | "childLoggerWithoutTenant" | "addTenantToLogFields";

export const requireTenantLogContext = defineCheck<RequireTenantLogContextMessageId>({
  ruleId: "require-tenant-log-context",
  messages: {
    missingTenantInLog:
      "{{logger}}.{{method}}() in tenant code has no {{field}} in its fields, message or child logger; this line cannot be traced to a customer",
    childLoggerWithoutTenant:
      "{{logger}} is bound without {{field}}, and log lines in tenant code write through it; bind {{field}} here so every line it writes carries it",
    addTenantToLogFields: "Add {{property}} to the log's fields",
  },
  run(scope) {
    for (const call of scope.facts.calls) {
      const site = logSite(call, scope.context);
      if (!site) continue;
      // A banner or a separator has nothing to correlate; a second line of one event (the error
      // object after the headline, a retry counter) is judged with the event's first line.
      if (isStaticLine(call) || isCompanionLine(call, scope.context)) {
        scope.examined("scoped");
        continue;
      }
      // Not request or job code (a script, a migration, start-up, browser code), or no tenant
      // exists here (a rejected token): nothing to carry.
      if (isNonRequestCode(call, scope.context) || !tenantAvailableAt(call, scope.context)) {
        scope.examined("scoped");
        continue;
      }
      const evidence = anyPart([
        loggerBinding(site.receiver, scope.context, 0),
        ...call.arguments.map((argument) => argumentEvidence(argument, call, scope.context, 0)),
      ]);
      if (evidence === "unknown")
        scope.examined("unknown", {
          node: call,
          reason: "the logger or a field comes from where it cannot be seen whether it carries the tenant",
        });
      else scope.examined(evidence === "yes" ? "scoped" : "unscoped");
      if (evidence !== "no") continue;
      // One root cause, one finding: a child logger of this file bound without the tenant is
      // reported once, where it is bound, not at every line written through it.
      const binding = unboundChildBinding(site.receiver, scope.context);
      if (binding) {
        scope.report(binding, "childLoggerWithoutTenant", {
          logger: loggerLabel(binding, scope.sourceFile),
          field: fieldInScope(call, scope.context),
        });
        continue;
      }
      scope.report(
        call,
        "missingTenantInLog",
        {
          logger: loggerLabel(site.receiver, scope.sourceFile),
          method: site.method,
          field: fieldInScope(call, scope.context),
        },
        suggestions(call, site, scope),
      );
    }
  },
});

/** The tenant field the message names: the one in scope at the log (`organisationId`), else the first configured. */
function fieldInScope(site: ts.Node, context: AnalysisContext): string {
  const value = tenantValueInScope(site, context);
  const fields = context.settings.tenantFields;
  return (
    (value !== undefined ? fields.find((field) => value === field || value.endsWith(`.${field}`)) : undefined) ??
    fields[0]!
  );
}
