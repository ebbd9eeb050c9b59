/** The CLI over the real detection core (no stand-ins): what users get. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../src/audit.js";
import { fixturesDir } from "./helpers/temp-repo.js";

describe("with the core's checks", () => {
  it("flags an unscoped query on a tenant-owned Mongoose model and passes the scoped one", async () => {
    const report = await audit({ cwd: join(fixturesDir, "mongoose-app") });
    expect(report.findings.map(({ ruleId, file, line, column, severity }) => ({ ruleId, file, line, column, severity }))).toEqual([
      { ruleId: "tenant/require-tenant-filter", file: "src/campaigns.ts", line: 5, column: 26, severity: "error" },
    ]);
    expect(report.checklist[0]).toMatchObject({ id: "db-queries", status: "fail", findings: 1 });
    expect(report.checklist[0]?.checked).toBeGreaterThanOrEqual(2);
    expect(report.summary.passed).toBe(false);
  });
});
