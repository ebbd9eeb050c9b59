/**
 * The tables a run of DDL statements has built so far, whatever grammar read them, and the
 * changes statements make to them; `toModel` turns one into the neutral DataModel.
 * A foreign key on one column is that column's relation; one over several columns is a field of
 * its own, named after the constraint. SQL declares no back-relations, so no model gets a list side.
 */
import type { DataField, DataModel, DataRelation, SchemaLocation } from "../schema.js";

interface Column {
  name: string;
  optional: boolean;
  relation?: DataRelation;
}

export interface DdlTable {
  name: string;
  schema?: string;
  columns: Map<string, Column>;
  /** Multi-column foreign keys, by constraint name. */
  relations: Map<string, DataRelation>;
  uniqueKeys: string[][];
  location: SchemaLocation;
}

export interface ColumnFacts {
  readonly notNull: boolean;
  readonly primary: boolean;
  readonly unique: boolean;
  readonly references?: { readonly model: string; readonly columns: readonly string[] };
}

export interface ForeignKey {
  readonly name?: string;
  readonly fields: readonly string[];
  readonly model: string;
  /** Empty when the statement names none: the referenced table's primary key, `id` by convention. */
  readonly references: readonly string[];
}

export function newTable(name: string, schema: string | undefined, location: SchemaLocation): DdlTable {
  return {
    name,
    ...(schema === undefined ? {} : { schema }),
    columns: new Map(),
    relations: new Map(),
    uniqueKeys: [],
    location,
  };
}

export function addColumn(table: DdlTable, name: string, facts: ColumnFacts): void {
  table.columns.set(name, { name, optional: !facts.notNull && !facts.primary });
  if (facts.primary || facts.unique) addKey(table, [name]);
  if (facts.references !== undefined)
    addForeignKey(table, { fields: [name], model: facts.references.model, references: facts.references.columns });
}

export function addPrimaryKey(table: DdlTable, columns: readonly string[]): void {
  addKey(table, columns);
  for (const column of columns) setOptional(table, column, false);
}

export function addForeignKey(table: DdlTable, key: ForeignKey): void {
  if (key.fields.length === 0) return;
  const relation = (required: boolean): DataRelation => ({
    model: key.model,
    fields: [...key.fields],
    references: key.references.length > 0 ? [...key.references] : ["id"],
    required,
    list: false,
  });
  const [only] = key.fields;
  const column = key.fields.length === 1 && only !== undefined ? table.columns.get(only) : undefined;
  if (column !== undefined) {
    column.relation = relation(!column.optional);
    return;
  }
  const required = key.fields.every((field) => table.columns.get(field)?.optional === false);
  table.relations.set(key.name ?? `${key.fields.join("_")}_fkey`, relation(required));
}

export function addKey(table: DdlTable, columns: readonly string[]): void {
  if (columns.length === 0) return;
  if (!table.uniqueKeys.some((key) => key.length === columns.length && key.every((c, i) => c === columns[i])))
    table.uniqueKeys.push([...columns]);
}

export function setOptional(table: DdlTable, name: string, optional: boolean): void {
  const column = table.columns.get(name);
  if (column === undefined) return;
  column.optional = optional;
  // Whether a relation is required follows its column's NOT NULL.
  if (column.relation !== undefined) column.relation = { ...column.relation, required: !optional };
  for (const [key, relation] of table.relations) {
    if (relation.fields.includes(name)) {
      table.relations.set(key, {
        ...relation,
        required: relation.fields.every((field) => table.columns.get(field)?.optional === false),
      });
    }
  }
}

export function dropColumn(table: DdlTable, name: string): void {
  table.columns.delete(name);
  table.uniqueKeys = table.uniqueKeys.filter((key) => !key.includes(name));
  for (const [key, relation] of table.relations) if (relation.fields.includes(name)) table.relations.delete(key);
}

export function renameColumn(table: DdlTable, from: string, to: string): void {
  const column = table.columns.get(from);
  if (column === undefined) return;
  const rename = (fields: readonly string[]): string[] => fields.map((field) => (field === from ? to : field));
  table.columns.delete(from);
  column.name = to;
  if (column.relation !== undefined) column.relation = { ...column.relation, fields: rename(column.relation.fields) };
  table.columns.set(to, column);
  table.uniqueKeys = table.uniqueKeys.map(rename);
  for (const [key, relation] of table.relations)
    table.relations.set(key, { ...relation, fields: rename(relation.fields) });
}

export function renameTable(tables: Map<string, DdlTable>, table: DdlTable, to: string): void {
  tables.delete(table.name);
  table.name = to;
  tables.set(to, table);
}

export function toModel(table: DdlTable): DataModel {
  const fields = new Map<string, DataField>();
  for (const column of table.columns.values()) {
    fields.set(column.name, {
      name: column.name,
      optional: column.optional,
      ...(column.relation === undefined ? {} : { relation: column.relation }),
    });
  }
  for (const [name, relation] of table.relations) fields.set(name, { name, optional: !relation.required, relation });
  return {
    name: table.name,
    names: table.schema === undefined ? [table.name] : [table.name, `${table.schema}.${table.name}`],
    fields,
    uniqueKeys: table.uniqueKeys,
    location: table.location,
  };
}
