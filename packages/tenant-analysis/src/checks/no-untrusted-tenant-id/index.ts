/**
 * `no-untrusted-tenant-id` (tenant-source): the tenant comes from the verified token
 * (`req.user.tenantId`, `req.tenantId` set by auth middleware, `jwt.verify`/`jwtVerify` claims),
 * never from what the client sends (body, query, route params, headers, cookies) or from a token
 * that was only decoded. Key-presence checks pass such code: the query does carry a tenant id,
 * just one the caller picked.
 *
 * A read is clean when the value is compared with a verified tenant before it is used:
 * - the read is itself an operand of `===`/`!==`/`==`/`!=` against a verified tenant value, or a
 *   presence test (`!x`, `typeof x`, `x == null`, the condition of an `if`);
 * - or every use comes after an `if` (in the same or an enclosing block) whose condition
 *   says "mismatch" (`a !== verified`, or one `||` branch of it) and whose branch always leaves
 *   (`return`/`throw`), or after `assert(a === verified)` / `assert.equal(a, verified)`;
 * - or every use sits in the branch where they are equal (`if (a === verified) { use(a) }`).
 * A read compared only inside a call we cannot see (`if (!canAccess(req.user, a)) return`)
 * is counted as unverified. A value read into a variable (`const { tenantId } = req.body`) is
 * judged by every use of that variable.
 */
import type ts from "../../typescript.cjs";
import { defineCheck } from "../../check.js";
import { behindRouteAuthorisation, paramHandlerVerdict } from "./route-authorisation.js";
import { type Analysis, collectReads } from "./reads.js";
import { readVerdict } from "./uses.js";
import { readText, suggestions } from "./suggestions.js";

export type NoUntrustedTenantIdMessageId = "untrustedTenantId" | "decodedTenantId" | "useVerifiedTenant";

export const noUntrustedTenantId = defineCheck<NoUntrustedTenantIdMessageId>({
  ruleId: "no-untrusted-tenant-id",
  messages: {
    untrustedTenantId:
      "Tenant id {{read}} comes from the request {{source}}, which the client controls; take it from the verified token",
    decodedTenantId:
      "Tenant id {{read}} comes from a token that was decoded, not verified; take it from jwt.verify or jwtVerify",
    useVerifiedTenant: "Use the verified tenant {{replacement}}",
  },
  run(scope) {
    const reads = collectReads(scope.sourceFile, scope.context);
    const holders = new Set(
      reads.map((read) => read.holder).filter((holder): holder is ts.Identifier => holder !== undefined),
    );
    const analysis: Analysis = { context: scope.context, holders };
    for (const read of reads) {
      if (read.possible) {
        // `req` in a function we cannot tell is a handler: undecidable.
        scope.examined("unknown", { node: read.node, reason: "read in a function not known to be a request handler" });
        continue;
      }
      // Behind route-level authorisation (`router.get(path, requireRole("owner"), handler)`): undecidable.
      const behind = behindRouteAuthorisation(read, analysis.context);
      const verdict = behind ? "unknown" : (paramHandlerVerdict(read, analysis) ?? readVerdict(read, analysis));
      if (verdict === "unknown")
        scope.examined("unknown", {
          node: read.node,
          reason: behind
            ? "read behind route-level authorisation, which may check it"
            : "where the id goes next could not be followed",
        });
      else scope.examined(verdict === "use" ? "unscoped" : "scoped");
      if (verdict !== "use") continue;
      const text = readText(read, scope.sourceFile);
      if (read.source === "decoded token") {
        scope.report(read.node, "decodedTenantId", { read: text });
      } else {
        scope.report(
          read.node,
          "untrustedTenantId",
          { read: text, source: read.source },
          suggestions(read, analysis, scope),
        );
      }
    }
  },
});
