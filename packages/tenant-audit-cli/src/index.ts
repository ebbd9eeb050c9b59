/** The programmatic API: `audit()` returns the report; reporters turn it into text. */
export { audit, type AuditOptions, type AuditProgress } from "./audit.js";
export { formatBaseline, matchBaseline, readBaseline, type BaselineEntry } from "./baseline.js";
export { configFileNames, loadConfig } from "./config.js";
export { AuditError } from "./errors.js";
export { formatJson, formatMarkdown, formatReport, formatSarif, formatText } from "./reporters/index.js";
export { presentedRules, suppressionWithoutReason } from "./rule-meta.js";
export { runCli } from "./cli.js";
export type * from "./types.js";
