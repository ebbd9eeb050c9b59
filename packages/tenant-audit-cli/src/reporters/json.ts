/** The JSON report: the report object itself, as `docs/report.schema.json` describes it. Pure. */
import type { Report } from "../types.js";

export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
