/**
 * SQL DDL as a schema source: the tables that `CREATE TABLE` and later `ALTER TABLE` statements
 * of a project's migrations leave behind, as DataModels (../schema.ts). Files are applied in the
 * order given (migrations folders sort by name), each statement in file order. PostgreSQL's
 * parser reads them; a file it rejects is read with MySQL's grammar (ddl-mysql.ts) before it
 * counts as a problem. The statements of a `DO` block are read with PostgreSQL's PL/pgSQL parser
 * (drizzle-kit adds foreign keys that way). A statement this reader does not model (views,
 * functions, grants) is skipped.
 */
import type { ColumnDef, Constraint, Node, RangeVar } from "@pgsql/types";
import { SchemaError, type DataModel, type SchemaLocation } from "../schema.js";
import { applyMysqlDdl } from "./ddl-mysql.js";
import {
  addColumn,
  addForeignKey,
  addKey,
  addPrimaryKey,
  dropColumn,
  newTable,
  renameColumn,
  renameTable,
  setOptional,
  toModel,
  type DdlTable,
} from "./ddl-tables.js";
import { parsePostgres, plpgsqlStatements } from "./pg-parser.js";

export interface DdlFile {
  /** Absolute path, for locations and errors. */
  readonly file: string;
  readonly text: string;
}

export interface DdlSchema {
  /** The tables, by name, as the last statement left them. */
  readonly models: ReadonlyMap<string, DataModel>;
  /** Files or statements that do not parse: their tables are missing from `models`. */
  readonly problems: readonly SchemaError[];
}

/** Reads one DDL text (a single file). */
export function readDdl(text: string, file = "<sql>"): DdlSchema {
  return readDdlFiles([{ file, text }]);
}

/** Applies the files in the order given, each statement in order. */
export function readDdlFiles(files: readonly DdlFile[]): DdlSchema {
  const tables = new Map<string, DdlTable>();
  const problems: SchemaError[] = [];
  for (const { file, text } of files) {
    const parse = parsePostgres(text);
    if (!parse.ok && applyMysqlDdl(text, tables, file)) continue;
    if (!parse.ok) {
      // Error positions count characters, statement locations bytes.
      const line = text.slice(0, parse.position ?? 0).split("\n").length;
      problems.push(new SchemaError({ file, line }, `the SQL does not parse: ${parse.reason}`));
      continue;
    }
    for (const raw of parse.result.stmts ?? []) {
      if (raw.stmt === undefined) continue;
      apply(raw.stmt, tables, { file, line: lineAt(text, firstCode(text, raw.stmt_location ?? 0)) });
    }
  }
  const models = new Map<string, DataModel>();
  for (const table of tables.values()) models.set(table.name, toModel(table));
  return { models, problems };
}

function apply(stmt: Node, tables: Map<string, DdlTable>, location: SchemaLocation): void {
  if ("DoStmt" in stmt) {
    // `DO $$ BEGIN ALTER TABLE … ADD CONSTRAINT …; EXCEPTION WHEN duplicate_object THEN null; END $$`
    const options = (stmt.DoStmt.args ?? []).flatMap((arg) => ("DefElem" in arg ? [arg.DefElem] : []));
    const language = options.find((option) => option.defname === "language")?.arg;
    if (language !== undefined && !("String" in language && language.String.sval === "plpgsql")) return;
    const body = options.find((option) => option.defname === "as")?.arg;
    if (body === undefined || !("String" in body) || body.String.sval === undefined) return;
    for (const query of plpgsqlStatements(body.String.sval)) {
      const parse = parsePostgres(query);
      if (!parse.ok) continue;
      for (const raw of parse.result.stmts ?? []) if (raw.stmt !== undefined) apply(raw.stmt, tables, location);
    }
    return;
  }
  if ("CreateStmt" in stmt) {
    const create = stmt.CreateStmt;
    const name = create.relation?.relname;
    // `CREATE TABLE IF NOT EXISTS` leaves an existing table as it is.
    if (name === undefined || (create.if_not_exists === true && tables.has(name))) return;
    const table = newTable(name, create.relation?.schemaname, location);
    for (const element of create.tableElts ?? []) {
      if ("ColumnDef" in element) addColumnDef(table, element.ColumnDef);
      else if ("Constraint" in element) addConstraint(table, element.Constraint);
    }
    tables.set(name, table);
    return;
  }
  if ("AlterTableStmt" in stmt) {
    const table = find(tables, stmt.AlterTableStmt.relation);
    if (table === undefined) return;
    for (const cmd of stmt.AlterTableStmt.cmds ?? []) {
      if (!("AlterTableCmd" in cmd)) continue;
      const { subtype, def, name } = cmd.AlterTableCmd;
      if (subtype === "AT_AddColumn" && def !== undefined && "ColumnDef" in def) addColumnDef(table, def.ColumnDef);
      else if (subtype === "AT_AddConstraint" && def !== undefined && "Constraint" in def)
        addConstraint(table, def.Constraint);
      else if (subtype === "AT_DropColumn" && name !== undefined) dropColumn(table, name);
      else if (subtype === "AT_SetNotNull" && name !== undefined) setOptional(table, name, false);
      else if (subtype === "AT_DropNotNull" && name !== undefined) setOptional(table, name, true);
    }
    return;
  }
  if ("RenameStmt" in stmt) {
    const rename = stmt.RenameStmt;
    const table = find(tables, rename.relation);
    if (table === undefined || rename.newname === undefined) return;
    if (rename.renameType === "OBJECT_TABLE") {
      renameTable(tables, table, rename.newname);
    } else if (rename.renameType === "OBJECT_COLUMN" && rename.subname !== undefined) {
      renameColumn(table, rename.subname, rename.newname);
    }
    return;
  }
  if ("DropStmt" in stmt && stmt.DropStmt.removeType === "OBJECT_TABLE") {
    for (const object of stmt.DropStmt.objects ?? []) {
      const parts =
        "List" in object
          ? (object.List.items ?? []).map((item) => ("String" in item ? item.String.sval : undefined))
          : [];
      const name = parts[parts.length - 1];
      if (name !== undefined) tables.delete(name);
    }
    return;
  }
  if ("IndexStmt" in stmt && stmt.IndexStmt.unique === true && stmt.IndexStmt.whereClause === undefined) {
    // A partial unique index identifies rows only among those it covers: not a key of the table.
    const table = find(tables, stmt.IndexStmt.relation);
    const columns = (stmt.IndexStmt.indexParams ?? []).map((param) =>
      "IndexElem" in param ? param.IndexElem.name : undefined,
    );
    if (table !== undefined && columns.length > 0 && columns.every((c): c is string => c !== undefined))
      addKey(table, columns);
  }
}

function find(tables: Map<string, DdlTable>, relation: RangeVar | undefined): DdlTable | undefined {
  return relation?.relname === undefined ? undefined : tables.get(relation.relname);
}

function addColumnDef(table: DdlTable, def: ColumnDef): void {
  if (def.colname === undefined) return;
  const constraints = (def.constraints ?? []).flatMap((c) => ("Constraint" in c ? [c.Constraint] : []));
  const foreign = constraints.find((c) => c.contype === "CONSTR_FOREIGN" && c.pktable?.relname !== undefined);
  addColumn(table, def.colname, {
    notNull: constraints.some((c) => c.contype === "CONSTR_NOTNULL"),
    primary: constraints.some((c) => c.contype === "CONSTR_PRIMARY"),
    unique: constraints.some((c) => c.contype === "CONSTR_UNIQUE"),
    ...(foreign?.pktable?.relname === undefined
      ? {}
      : { references: { model: foreign.pktable.relname, columns: names(foreign.pk_attrs) } }),
  });
}

function addConstraint(table: DdlTable, constraint: Constraint): void {
  const keys = names(constraint.keys);
  if (constraint.contype === "CONSTR_PRIMARY") addPrimaryKey(table, keys);
  else if (constraint.contype === "CONSTR_UNIQUE") addKey(table, keys);
  else if (constraint.contype === "CONSTR_FOREIGN" && constraint.pktable?.relname !== undefined) {
    addForeignKey(table, {
      ...(constraint.conname === undefined ? {} : { name: constraint.conname }),
      fields: names(constraint.fk_attrs),
      model: constraint.pktable.relname,
      references: names(constraint.pk_attrs),
    });
  }
}

function names(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((node) =>
    "String" in node && node.String.sval !== undefined ? [node.String.sval] : [],
  );
}

/** Space, tab, newline, carriage return, form feed, and the `;` ending the previous statement. */
const skippable = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0c, 0x3b]);

/** The parser's statement location counts from the end of the previous statement: skip to its first code. */
function firstCode(text: string, byteOffset: number): number {
  let i = byteOffset;
  const bytes = Buffer.from(text, "utf8");
  for (;;) {
    while (i < bytes.length && skippable.has(bytes[i] ?? 0)) i += 1;
    if (bytes[i] === 0x2d && bytes[i + 1] === 0x2d) {
      while (i < bytes.length && bytes[i] !== 0x0a) i += 1;
      continue;
    }
    if (bytes[i] === 0x2f && bytes[i + 1] === 0x2a) {
      const end = bytes.indexOf("*/", i + 2);
      i = end < 0 ? bytes.length : end + 2;
      continue;
    }
    return i;
  }
}

/** 1-based line of a byte offset (PostgreSQL reports byte offsets into the UTF-8 text). */
function lineAt(text: string, byteOffset: number): number {
  const bytes = Buffer.from(text, "utf8").subarray(0, byteOffset);
  let line = 1;
  for (const byte of bytes) if (byte === 0x0a) line += 1;
  return line;
}
