/** Raw SQL, read by PostgreSQL's own parser: statement facts for the checks, and DDL as a schema source. */
export { readSql } from "./read-sql.js";
export { flattenTemplate, type FlatSqlTemplate, type SqlTemplate, type SqlTemplateHole } from "./template.js";
export { toNeutralPredicate, toNeutralValue, type NeutralOptions } from "./neutral.js";
export { readDdl, readDdlFiles, type DdlFile, type DdlSchema } from "./ddl.js";
export { findDdlFiles, readDdlFolder, type FindDdlOptions } from "./ddl-files.js";
export type * from "./types.js";
