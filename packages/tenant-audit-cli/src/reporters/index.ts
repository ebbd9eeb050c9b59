/** One pure reporter per format: report → string. */
import type { Format, Report } from "../types.js";
import { formatJson } from "./json.js";
import { formatMarkdown } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

export { formatJson, formatMarkdown, formatSarif, formatText };

export interface ReporterOptions {
  /** Colours in the text format. */
  readonly color?: boolean;
}

export function formatReport(report: Report, format: Format, options: ReporterOptions = {}): string {
  switch (format) {
    case "text":
      return formatText(report, options);
    case "json":
      return formatJson(report);
    case "markdown":
      return formatMarkdown(report);
    case "sarif":
      return formatSarif(report);
  }
}
