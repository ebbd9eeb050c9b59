/**
 * Drizzle table definitions read into neutral models: `export const notes = pgTable("notes", {
 * tenantId: uuid("tenant_id").notNull().references(() => tenants.id), … })` is the model `notes`
 * (table `notes`) with the field `tenantId` (column `tenant_id`) and a required relation to
 * `tenants`. `mysqlTable`, `sqliteTable`, `pgTableCreator(…)` tables and `pgSchema(…).table` count.
 */
import ts from "../../typescript.cjs";
import { calleeName, propertyNameText, unwrap } from "../../ast.js";
import type { DataField, DataModel } from "../../data-layer/schema.js";

/** The modules that export the table functions. */
export function isCoreModule(module: string): boolean {
  return /^drizzle-orm\/(pg|mysql|sqlite|singlestore|gel)-core$/u.test(module);
}

const tableFunctions = new Set(["pgTable", "mysqlTable", "sqliteTable", "singlestoreTable", "gelTable"]);
const tableCreators = new Set(["pgTableCreator", "mysqlTableCreator", "sqliteTableCreator", "singlestoreTableCreator"]);
const schemaFunctions = new Set(["pgSchema", "mysqlSchema", "singlestoreSchema", "gelSchema"]);

interface CoreNames {
  /** Local names that make a table when called: `pgTable`, a `pgTableCreator(…)` result. */
  readonly tables: Set<string>;
  readonly schemas: Set<string>;
  readonly creators: Set<string>;
  /** `import * as core from "drizzle-orm/pg-core"`. */
  readonly namespaces: Set<string>;
}

function coreNames(sourceFile: ts.SourceFile): CoreNames | undefined {
  const names: CoreNames = { tables: new Set(), schemas: new Set(), creators: new Set(), namespaces: new Set() };
  let any = false;
  for (const statement of sourceFile.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !isCoreModule(statement.moduleSpecifier.text)
    )
      continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings) continue;
    any = true;
    if (ts.isNamespaceImport(bindings)) {
      names.namespaces.add(bindings.name.text);
      continue;
    }
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      if (tableFunctions.has(imported)) names.tables.add(element.name.text);
      else if (schemaFunctions.has(imported)) names.schemas.add(element.name.text);
      else if (tableCreators.has(imported)) names.creators.add(element.name.text);
    }
  }
  return any ? names : undefined;
}

/** What a callee is, by the imports of the file: a table function, a schema's `.table`, a creator, a schema function. */
function calleeKind(
  callee: ts.Expression,
  names: CoreNames,
  local: { tables: Set<string>; schemas: Set<string> },
): "table" | "creator" | "schema" | undefined {
  const node = unwrap(callee);
  if (ts.isIdentifier(node)) {
    if (names.tables.has(node.text) || local.tables.has(node.text)) return "table";
    if (names.creators.has(node.text)) return "creator";
    if (names.schemas.has(node.text)) return "schema";
    return undefined;
  }
  if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.expression)) return undefined;
  const [owner, member] = [node.expression.text, node.name.text];
  if (names.namespaces.has(owner))
    return tableFunctions.has(member)
      ? "table"
      : tableCreators.has(member)
        ? "creator"
        : schemaFunctions.has(member)
          ? "schema"
          : undefined;
  // `auth.table("users", { … })` on `const auth = pgSchema("auth")`.
  return member === "table" && local.schemas.has(owner) ? "table" : undefined;
}

/**
 * The tables a file defines, each as a model named by its variable, with the SQL table name as
 * another name. Relations name the referenced table by its variable (`() => tenants.id`).
 */
export function readTables(sourceFile: ts.SourceFile): DataModel[] {
  const names = coreNames(sourceFile);
  if (!names) return [];
  const local = { tables: new Set<string>(), schemas: new Set<string>() };
  const models: DataModel[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const value = unwrap(node.initializer);
      if (ts.isCallExpression(value)) {
        const kind = calleeKind(value.expression, names, local);
        if (kind === "creator") local.tables.add(node.name.text);
        else if (kind === "schema") local.schemas.add(node.name.text);
        else if (kind === "table") {
          const model = tableModel(node.name.text, value, sourceFile);
          if (model) models.push(model);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  addDeclaredRelations(sourceFile, models);
  return models;
}

/**
 * `relations(keysRoles, ({ one }) => ({ role: one(roles, { fields: [keysRoles.roleId], references: [roles.id] }) }))`
 * in the file that defines the table: the foreign keys a schema declares only for relational
 * queries, added to the table's relations (a relation its columns already declare is kept as it is).
 */
function addDeclaredRelations(sourceFile: ts.SourceFile, models: readonly DataModel[]): void {
  const byName = new Map(models.map((model) => [model.name, model]));
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && calleeName(node) === "relations" && node.arguments.length === 2) {
      const owner = unwrap(node.arguments[0]!);
      const model = ts.isIdentifier(owner) ? byName.get(owner.text) : undefined;
      const callback = unwrap(node.arguments[1]!);
      if (model && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
        const body = ts.isBlock(callback.body) ? undefined : objectOf(callback.body);
        for (const property of body?.properties ?? []) {
          if (!ts.isPropertyAssignment(property)) continue;
          const name = propertyNameText(property.name);
          const one = unwrap(property.initializer);
          if (name === undefined || !ts.isCallExpression(one) || calleeName(one) !== "one") continue;
          const target = one.arguments[0] && unwrap(one.arguments[0]);
          const config = one.arguments[1] && unwrap(one.arguments[1]);
          if (!target || !ts.isIdentifier(target) || !config || !ts.isObjectLiteralExpression(config)) continue;
          const columns = (key: string): string[] => {
            const list = config.properties.find(
              (option): option is ts.PropertyAssignment =>
                ts.isPropertyAssignment(option) && propertyNameText(option.name) === key,
            );
            const elements = list && unwrap(list.initializer);
            if (!elements || !ts.isArrayLiteralExpression(elements)) return [];
            return elements.elements.flatMap((element) => {
              const column = unwrap(element as ts.Expression);
              return ts.isPropertyAccessExpression(column) ? [column.name.text] : [];
            });
          };
          const fields = columns("fields");
          const references = columns("references");
          if (fields.length === 0 || fields.length !== references.length) continue;
          const declared = [...model.fields.values()].some(
            (field) => field.relation && field.relation.fields.join() === fields.join(),
          );
          if (declared || model.fields.has(name)) continue;
          const required = fields.every((field) => model.fields.get(field)?.optional === false);
          (model.fields as Map<string, DataField>).set(name, {
            name,
            optional: !required,
            relation: { model: target.text, fields, references, required, list: false },
          });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}

interface ColumnDraft {
  readonly key: string;
  column: string;
  notNull: boolean;
  primary: boolean;
  unique: boolean;
  references?: { readonly table: string; readonly column: string };
}

function tableModel(variable: string, call: ts.CallExpression, sourceFile: ts.SourceFile): DataModel | undefined {
  const [nameArgument, columnsArgument, extrasArgument] = call.arguments;
  if (!nameArgument || !columnsArgument || !ts.isStringLiteralLike(unwrap(nameArgument))) return undefined;
  const table = (unwrap(nameArgument) as ts.StringLiteralLike).text;
  const columnsObject = objectOf(columnsArgument);
  if (!columnsObject) return undefined;
  const columns: ColumnDraft[] = [];
  for (const property of columnsObject.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = propertyNameText(property.name);
    if (key === undefined) continue;
    columns.push(columnOf(key, property.initializer));
  }
  const uniqueKeys: string[][] = [];
  const primary = columns.filter((column) => column.primary).map((column) => column.key);
  if (primary.length > 0) uniqueKeys.push(primary);
  const foreignKeys: { columns: string[]; table: string; references: string[] }[] = [];
  if (extrasArgument) readExtras(extrasArgument, uniqueKeys, foreignKeys);
  for (const column of columns) if (column.unique) uniqueKeys.push([column.key]);
  const fields = new Map<string, DataField>();
  const byKey = new Map(columns.map((column) => [column.key, column]));
  for (const column of columns) {
    fields.set(column.key, {
      name: column.key,
      ...(column.column !== column.key ? { column: column.column } : {}),
      optional: !column.notNull && !column.primary,
    });
  }
  const relations = [
    ...columns.flatMap((column) =>
      column.references
        ? [{ columns: [column.key], table: column.references.table, references: [column.references.column] }]
        : [],
    ),
    ...foreignKeys,
  ];
  for (const relation of relations) {
    const name = relationName(relation.columns, relation.table, fields);
    const required = relation.columns.every(
      (key) => byKey.get(key)?.notNull === true || byKey.get(key)?.primary === true,
    );
    fields.set(name, {
      name,
      optional: !required,
      relation: {
        model: relation.table,
        fields: relation.columns,
        references: relation.references,
        required,
        list: false,
      },
    });
  }
  const { line } = sourceFile.getLineAndCharacterOfPosition(call.getStart(sourceFile));
  return {
    name: variable,
    names: [...new Set([variable, table])],
    fields,
    uniqueKeys,
    ...(table !== variable ? { table } : {}),
    location: { file: sourceFile.fileName, line: line + 1 },
    library: "drizzle",
  };
}

/** `{ … }`, or the object a column callback returns: `(t) => ({ id: t.uuid() })`. */
function objectOf(argument: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const node = unwrap(argument);
  if (ts.isObjectLiteralExpression(node)) return node;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isExpression(node.body as ts.Node))
    return objectOf(node.body as ts.Expression);
  return undefined;
}

/** `uuid("tenant_id").notNull().references(() => tenants.id)`: the column, read from the chain's calls. */
function columnOf(key: string, initializer: ts.Expression): ColumnDraft {
  const draft: ColumnDraft = { key, column: key, notNull: false, primary: false, unique: false };
  let node = unwrap(initializer);
  while (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    const method = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : undefined;
    const isBase =
      ts.isIdentifier(callee) ||
      (ts.isPropertyAccessExpression(callee) && !ts.isCallExpression(unwrap(callee.expression)));
    if (isBase) {
      // `text("tenant_id")`, `t.text("tenant_id")`: the first string argument is the column's name.
      const first = node.arguments[0] && unwrap(node.arguments[0]);
      if (first && ts.isStringLiteralLike(first)) draft.column = first.text;
      break;
    }
    if (method === "notNull") draft.notNull = true;
    else if (method === "primaryKey") draft.primary = true;
    else if (method === "unique") draft.unique = true;
    else if (method === "references") {
      const target = referencedColumn(node.arguments[0]);
      if (target) draft.references = target;
    }
    node = unwrap((callee as ts.PropertyAccessExpression).expression);
  }
  return draft;
}

/** `() => tenants.id`, `(): AnyPgColumn => tenants.id`: the referenced table variable and column key. */
function referencedColumn(argument: ts.Expression | undefined): { table: string; column: string } | undefined {
  const fn = argument && unwrap(argument);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) {
    const returned = body.statements.find(ts.isReturnStatement)?.expression;
    if (!returned) return undefined;
    body = returned;
  }
  const access = unwrap(body as ts.Expression);
  if (!ts.isPropertyAccessExpression(access) || !ts.isIdentifier(unwrap(access.expression))) return undefined;
  return { table: (unwrap(access.expression) as ts.Identifier).text, column: access.name.text };
}

/**
 * The third argument: `(t) => [primaryKey({ columns: [t.id, t.tenantId] }), unique().on(t.a, t.b),
 * foreignKey({ columns: [t.noteId], foreignColumns: [notes.id] })]`, or the older object form.
 */
function readExtras(
  argument: ts.Expression,
  uniqueKeys: string[][],
  foreignKeys: { columns: string[]; table: string; references: string[] }[],
): void {
  const node = unwrap(argument);
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return;
  const visit = (inner: ts.Node): void => {
    if (ts.isCallExpression(inner)) {
      const callee = unwrap(inner.expression);

      const name = calleeName(inner);
      if (name === "primaryKey") {
        const columns = columnKeys(optionList(inner, "columns") ?? inner.arguments);
        if (columns.length > 0) uniqueKeys.unshift(columns);
      } else if (name === "on" && ts.isPropertyAccessExpression(callee) && isUniqueBuilder(callee.expression)) {
        const columns = columnKeys(inner.arguments);
        if (columns.length > 0) uniqueKeys.push(columns);
      } else if (name === "foreignKey") {
        const columns = columnKeys(optionList(inner, "columns") ?? []);
        const foreign = optionList(inner, "foreignColumns") ?? [];
        const first = foreign[0] && unwrap(foreign[0]);
        if (
          columns.length > 0 &&
          first &&
          ts.isPropertyAccessExpression(first) &&
          ts.isIdentifier(unwrap(first.expression))
        ) {
          const table = (unwrap(first.expression) as ts.Identifier).text;
          foreignKeys.push({
            columns,
            table,
            references: foreign.flatMap((column) =>
              ts.isPropertyAccessExpression(unwrap(column))
                ? [(unwrap(column) as ts.PropertyAccessExpression).name.text]
                : [],
            ),
          });
        }
      }
    }
    ts.forEachChild(inner, visit);
  };
  visit(node.body);
}

/** `unique()`, `unique("name")`, `uniqueIndex("name")`. */
function isUniqueBuilder(expression: ts.Expression): boolean {
  const node = unwrap(expression);
  if (!ts.isCallExpression(node)) return false;
  const name = calleeName(node);
  return name === "unique" || name === "uniqueIndex";
}

function optionList(call: ts.CallExpression, key: string): readonly ts.Expression[] | undefined {
  const options = call.arguments[0] && unwrap(call.arguments[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const property of options.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === key) {
      const value = unwrap(property.initializer);
      return ts.isArrayLiteralExpression(value) ? value.elements : undefined;
    }
  }
  return undefined;
}

/** `t.id`, `table.tenantId`: the column keys. */
function columnKeys(expressions: readonly ts.Expression[]): string[] {
  return expressions.flatMap((expression) => {
    const node = unwrap(expression);
    return ts.isPropertyAccessExpression(node) ? [node.name.text] : [];
  });
}

/** `tenantId` → `tenant`, `note_id` → `note`; a name no column has. */
function relationName(columns: readonly string[], table: string, fields: ReadonlyMap<string, DataField>): string {
  const first = columns[0] ?? table;
  const stem = first.replace(/(Id|_id)$/u, "");
  const name = stem !== first && !fields.has(stem) ? stem : `${first}Relation`;
  return fields.has(name) ? `${name}_${table}` : name;
}
