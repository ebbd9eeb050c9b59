import { describe, expect, it } from "vitest";
import type { PredicateValue } from "../../src/data-layer/predicate.js";
import { corpus } from "../../bench/sql-parsers/corpus.js";
import { flattenTemplate, readSql, toNeutralPredicate } from "../../src/data-layer/sql/index.js";
import type {
  ParsedSqlStatement,
  SqlDialect,
  SqlPlaceholder,
  SqlPredicate,
  SqlTableReference,
  SqlValue,
} from "../../src/data-layer/sql/index.js";

// Predicates are compared in a compact rendering: `tenant_id = $1` pins, `~tenant_id <> $1` does
// not; placeholders print as written (`$1`, `?0`, `:name`, `{name:Type}`, `${0}` for hole 0).
function placeholder(p: SqlPlaceholder): string {
  switch (p.kind) {
    case "hole":
      return `\${${p.index}}`;
    case "numbered":
      return `$${p.number}`;
    case "ordinal":
      return `?${p.index}`;
    case "named":
      return p.type === undefined ? `:${p.spread === true ? "..." : ""}${p.name}` : `{${p.name}:${p.type}}`;
  }
}

function value(v: SqlValue): string {
  switch (v.kind) {
    case "placeholder":
      return placeholder(v.placeholder);
    case "literal":
      return `'${v.text}'`;
    case "null":
      return "NULL";
    case "column":
      return v.table === undefined ? v.column : `${v.table}.${v.column}`;
    case "setting":
      return `setting(${v.name})`;
    case "unknown":
      return `unknown(${v.reason})`;
  }
}

function show(p: SqlPredicate, nested = false): string {
  switch (p.kind) {
    case "all": {
      if (p.parts.length === 0) return "TRUE";
      const text = p.parts.map((part) => show(part, true)).join(" AND ");
      return nested && p.parts.length > 1 ? `(${text})` : text;
    }
    case "any":
      return `(${p.parts.map((part) => show(part, true)).join(` ${p.operator} `)})`;
    case "not":
      return `NOT ${show(p.part, true)}`;
    case "compare": {
      const values = p.values.length === 1 ? value(p.values[0]!) : `(${p.values.map(value).join(", ")})`;
      return `${p.pins ? "" : "~"}${p.field} ${p.operator} ${values}`;
    }
    case "fragment":
      return `fragment(${placeholder(p.placeholder)})`;
    case "opaque":
      return `opaque(${p.reason})`;
  }
}

function read(sql: string | readonly string[], dialect: SqlDialect = "postgresql"): ParsedSqlStatement {
  const statements = readSql(sql, { dialect });
  expect(statements).toHaveLength(1);
  const [statement] = statements;
  if (statement?.parsed !== true) throw new Error(`expected a parsed statement, got ${JSON.stringify(statement)}`);
  return statement;
}

/** Template-literal parts, as a tag receives them: `sql\`a ${x} b\`` is `parts\`a ${0} b\``. */
function parts(strings: TemplateStringsArray, ...holes: number[]): readonly string[] {
  // The holes are written as their own indexes, so a test reads like the template it stands for.
  holes.forEach((hole, i) => expect(hole).toBe(i));
  return strings;
}

/** Each table as `name[alias] role: predicate`. */
function tables(statement: ParsedSqlStatement): string[] {
  return statement.tables.map(describeTable);
}

function describeTable(table: SqlTableReference): string {
  const name = table.name ?? `<${table.unknownReason ?? "unknown"}>`;
  const qualified = table.schema === undefined ? name : `${table.schema}.${name}`;
  const alias = table.alias === undefined ? "" : ` ${table.alias}`;
  const cte = table.cte === true ? " (cte)" : "";
  return `${qualified}${alias}${cte} ${table.role}: ${show(table.predicate)}`;
}

describe("readSql: PostgreSQL reads", () => {
  it("reads the tenant condition of a single-table SELECT", () => {
    const statement = read("SELECT * FROM projects WHERE tenant_id = $1");
    expect(statement.operation).toBe("select");
    expect(tables(statement)).toEqual(["projects read: tenant_id = $1"]);
  });

  it("keeps every conjunct, in order, with literals", () => {
    const statement = read(
      "SELECT id FROM campaigns WHERE tenant_id = $1 AND id = $2 AND status = 'sent' ORDER BY created_at LIMIT 20 OFFSET $3",
    );
    expect(tables(statement)).toEqual(["campaigns read: tenant_id = $1 AND id = $2 AND status = 'sent'"]);
  });

  it("pins through = ANY($1), casts on either side, and IN lists", () => {
    expect(tables(read("SELECT * FROM users WHERE id = ANY($1::uuid[]) AND tenant_id = $2::uuid"))).toEqual([
      "users read: id = ANY $1 AND tenant_id = $2",
    ]);
    expect(tables(read("SELECT * FROM users WHERE tenant_id::text = $1"))).toEqual(["users read: tenant_id = $1"]);
    expect(tables(read("SELECT * FROM docs WHERE tenant_id IN ($1, $2) AND kind IN ('a', NULL, 3)"))).toEqual([
      "docs read: tenant_id IN ($1, $2) AND kind IN ('a', NULL, '3')",
    ]);
    expect(tables(read("SELECT * FROM docs WHERE tenant_id = ANY(ARRAY[$1, $2])"))).toEqual([
      "docs read: tenant_id = ANY ($1, $2)",
    ]);
  });

  it("reads a value written first (`$1 = tenant_id`) as the same comparison", () => {
    expect(tables(read("SELECT * FROM docs WHERE $1 = tenant_id"))).toEqual(["docs read: tenant_id = $1"]);
  });

  it("turns OR into any, NOT into not, and <>, !=, NOT IN, ranges into comparisons that do not pin", () => {
    expect(
      tables(
        read("SELECT * FROM events WHERE (tenant_id = $1 AND kind = 'click') OR (tenant_id = $1 AND kind = 'view')"),
      ),
    ).toEqual(["events read: ((tenant_id = $1 AND kind = 'click') OR (tenant_id = $1 AND kind = 'view'))"]);
    expect(tables(read("SELECT * FROM events WHERE NOT (tenant_id = $1)"))).toEqual([
      "events read: NOT tenant_id = $1",
    ]);
    expect(tables(read("SELECT * FROM events WHERE tenant_id <> $1"))).toEqual(["events read: ~tenant_id <> $1"]);
    expect(tables(read("SELECT * FROM events WHERE tenant_id != $1"))).toEqual(["events read: ~tenant_id <> $1"]);
    expect(tables(read("SELECT * FROM events WHERE tenant_id NOT IN ($1, $2)"))).toEqual([
      "events read: ~tenant_id NOT IN ($1, $2)",
    ]);
    expect(tables(read("SELECT * FROM events WHERE created_at BETWEEN $1 AND $2 AND n > 3"))).toEqual([
      "events read: ~created_at BETWEEN ($1, $2) AND ~n > '3'",
    ]);
  });

  it("lets a disjunct that does not mention the table through", () => {
    expect(tables(read("SELECT * FROM events WHERE tenant_id = $1 OR is_public"))).toEqual([
      "events read: (tenant_id = $1 OR opaque(a condition that is not a comparison of a column))",
    ]);
    const statement = read("SELECT * FROM a JOIN b ON b.a_id = a.id WHERE a.tenant_id = $1 OR b.flag = 1");
    expect(tables(statement)[0]).toBe("a read: id = b.a_id AND (tenant_id = $1 OR TRUE)");
  });

  it("reads IS NULL as pinning the column to null, IS NOT NULL as not pinning", () => {
    expect(tables(read("SELECT * FROM docs WHERE tenant_id IS NULL"))).toEqual(["docs read: tenant_id IS NULL NULL"]);
    expect(tables(read("SELECT * FROM docs WHERE tenant_id IS NOT NULL"))).toEqual([
      "docs read: ~tenant_id IS NOT NULL NULL",
    ]);
  });

  it("keeps schemas and quoted identifiers as written", () => {
    const statement = read("SELECT * FROM public.accounts a WHERE a.tenant_id = $1");
    expect(statement.tables[0]).toMatchObject({ name: "accounts", schema: "public", alias: "a" });
    expect(tables(read('SELECT * FROM "Campaign" WHERE "tenantId" = $1'))).toEqual(["Campaign read: tenantId = $1"]);
  });

  it("reads current_setting() as a session setting, and functions of the column as undecidable", () => {
    expect(tables(read("SELECT * FROM settings WHERE tenant_id = current_setting('app.tenant_id')::uuid"))).toEqual([
      "settings read: tenant_id = setting(app.tenant_id)",
    ]);
    expect(tables(read("SELECT * FROM docs WHERE lower(tenant_id) = $1"))).toEqual([
      "docs read: opaque(a comparison (=) of an expression over the table's columns)",
    ]);
    expect(tables(read("SELECT * FROM docs WHERE tenant_id = lower($1)"))).toEqual([
      "docs read: tenant_id = unknown(the result of lower())",
    ]);
    expect(tables(read("SELECT * FROM docs WHERE tenant_id = coalesce($1, $2)"))).toEqual([
      "docs read: tenant_id = unknown(an expression)",
    ]);
  });

  it("reads JSON operators, and `?` as PostgreSQL's JSON operator, not a placeholder", () => {
    const statement = read(
      "SELECT data->>'email' FROM contacts WHERE tenant_id = $1 AND data->>'status' = 'active' AND tags ? 'vip'",
    );
    expect(tables(statement)).toEqual([
      "contacts read: tenant_id = $1 AND opaque(a comparison (=) of an expression over the table's columns) AND ~tags ? 'vip'",
    ]);
  });

  it("parses window functions, FILTER, DISTINCT ON, FOR UPDATE SKIP LOCKED", () => {
    for (const sql of [
      "SELECT id, row_number() OVER (PARTITION BY user_id ORDER BY created_at DESC) FROM sessions WHERE tenant_id = $1",
      "SELECT count(*) FILTER (WHERE status = 'failed') FROM sessions WHERE tenant_id = $1",
      "SELECT DISTINCT ON (user_id) user_id FROM sessions WHERE tenant_id = $1 ORDER BY user_id",
      "SELECT * FROM sessions WHERE tenant_id = $1 ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED",
    ]) {
      expect(tables(read(sql))).toEqual(["sessions read: tenant_id = $1"]);
    }
  });

  it("reads a statement with no table, and SELECT set_config(…), as a select of nothing", () => {
    expect(read("SELECT 1").tables).toEqual([]);
    expect(read("SELECT set_config('app.tenant_id', $1, true)").tables).toEqual([]);
  });
});

describe("readSql: joins, sub-selects and CTEs", () => {
  it("gives each joined table the conjuncts of WHERE and ON that name its columns", () => {
    const statement = read(
      "SELECT c.id, u.email FROM campaigns c JOIN users u ON u.id = c.owner_id AND u.tenant_id = c.tenant_id WHERE c.tenant_id = $1",
    );
    expect(tables(statement)).toEqual([
      "campaigns c read: owner_id = users.id AND tenant_id = users.tenant_id AND tenant_id = $1",
      "users u read: id = campaigns.owner_id AND tenant_id = campaigns.tenant_id",
    ]);
  });

  it("applies a LEFT JOIN's ON only to the joined side, a RIGHT JOIN's only to the left, a FULL JOIN's to neither", () => {
    expect(
      tables(
        read(
          "SELECT * FROM campaigns c LEFT JOIN memberships m ON m.campaign_id = c.id AND m.tenant_id = $1 WHERE c.tenant_id = $1",
        ),
      ),
    ).toEqual([
      "campaigns c read: tenant_id = $1",
      "memberships m read: campaign_id = campaigns.id AND tenant_id = $1",
    ]);
    expect(tables(read("SELECT * FROM a RIGHT JOIN b ON a.tenant_id = $1"))).toEqual([
      "a read: tenant_id = $1",
      "b read: TRUE",
    ]);
    expect(tables(read("SELECT * FROM a FULL JOIN b ON a.tenant_id = $1 AND b.tenant_id = $1"))).toEqual([
      "a read: TRUE",
      "b read: TRUE",
    ]);
  });

  it("reads JOIN … USING (col) as equal columns", () => {
    expect(tables(read("SELECT * FROM orders o JOIN order_items i USING (order_id) WHERE o.tenant_id = $1"))).toEqual([
      "orders o read: order_id = order_items.order_id AND tenant_id = $1",
      "order_items i read: order_id = orders.order_id",
    ]);
  });

  it("reads comma joins through the WHERE", () => {
    expect(tables(read("SELECT * FROM a, b WHERE a.id = b.a_id AND a.tenant_id = $1 AND b.tenant_id = $1"))).toEqual([
      "a read: id = b.a_id AND tenant_id = $1",
      "b read: a_id = a.id AND tenant_id = $1",
    ]);
  });

  it("marks an unqualified column ambiguous in a join without a schema, and resolves it with one", () => {
    const sql = "SELECT * FROM campaigns c JOIN users u ON u.id = c.owner_id WHERE tenant_id = $1";
    const unresolved = read(sql);
    expect(tables(unresolved)).toEqual([
      "campaigns c read: owner_id = users.id AND opaque(column tenant_id may belong to any of several tables)",
      "users u read: id = campaigns.owner_id AND opaque(column tenant_id may belong to any of several tables)",
    ]);
    expect(unresolved.tables.map((t) => t.ambiguous)).toEqual([["tenant_id"], ["tenant_id"]]);
    const columns: Record<string, string[]> = { campaigns: ["id", "owner_id", "tenant_id"], users: ["id", "email"] };
    const [resolved] = readSql(sql, { dialect: "postgresql", schema: { columnsOf: (table) => columns[table] } });
    expect(resolved?.parsed === true && tables(resolved)).toEqual([
      "campaigns c read: owner_id = users.id AND tenant_id = $1",
      "users u read: id = campaigns.owner_id",
    ]);
  });

  it("reads a sub-select in IN as its own scoped table, and the outer column as pinned to an unknown set", () => {
    expect(
      tables(read("SELECT * FROM tasks WHERE project_id IN (SELECT id FROM projects WHERE tenant_id = $1)")),
    ).toEqual(["tasks read: project_id IN unknown(a sub-select)", "projects read: tenant_id = $1"]);
  });

  it("reads a correlated EXISTS as a join to the outer table", () => {
    expect(
      tables(
        read(
          "SELECT * FROM projects p WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = $1 AND m.tenant_id = p.tenant_id)",
        ),
      ),
    ).toEqual([
      "projects p read: tenant_id = memberships.tenant_id",
      "memberships m read: tenant_id = $1 AND tenant_id = projects.tenant_id",
    ]);
    expect(
      tables(read("SELECT * FROM projects p WHERE NOT EXISTS (SELECT 1 FROM bans b WHERE b.project_id = p.id)"))[0],
    ).toBe("projects p read: NOT id = bans.project_id");
  });

  it("reads a sub-select in FROM: its table is checked inside, the derived table is not a table", () => {
    expect(
      tables(read("SELECT * FROM (SELECT id, tenant_id FROM tasks WHERE tenant_id = $1) t WHERE t.id > $2")),
    ).toEqual(["tasks read: tenant_id = $1"]);
    expect(
      tables(
        read(
          "SELECT * FROM users u CROSS JOIN LATERAL (SELECT * FROM sessions s WHERE s.user_id = u.id LIMIT 1) last WHERE u.tenant_id = $1",
        ),
      ),
    ).toEqual(["users u read: tenant_id = $1", "sessions s read: user_id = users.id"]);
  });

  it("resolves unqualified columns past derived tables whose columns are known", () => {
    // The sub-select names its columns, unnest() its alias: tenant_id can only be the stored table's.
    expect(
      tables(
        read(
          "SELECT * FROM events e JOIN (SELECT id AS uid, name FROM users WHERE tenant_id = $2) u ON u.uid = e.user_id WHERE tenant_id = $1",
        ),
      ),
    ).toEqual(["events e read: user_id = uid AND tenant_id = $1", "users read: tenant_id = $2"]);
    expect(tables(read("SELECT * FROM events, unnest(events.tags) AS tag WHERE tenant_id = $1 AND tag = 'x'"))).toEqual(
      ["events read: tenant_id = $1"],
    );
    // `SELECT *` leaves the derived table's columns unknown: still ambiguous.
    expect(
      read("SELECT * FROM events e JOIN (SELECT * FROM users) u ON u.id = e.user_id WHERE tenant_id = $1").tables[0]
        ?.ambiguous,
    ).toEqual(["tenant_id"]);
    expect(
      tables(
        read(
          "SELECT * FROM events e JOIN (SELECT id AS uid FROM users WHERE tenant_id = ?) u ON u.uid = e.user_id WHERE tenant_id = ?",
          "mysql",
        ),
      ),
    ).toEqual(["events e read: user_id = uid AND tenant_id = ?1", "users read: tenant_id = ?0"]);
  });

  it("reads scalar sub-selects in the select list", () => {
    expect(
      tables(
        read(
          "SELECT p.id, (SELECT count(*) FROM tasks t WHERE t.project_id = p.id) FROM projects p WHERE p.tenant_id = $1",
        ),
      ),
    ).toEqual(["projects p read: tenant_id = $1", "tasks t read: project_id = projects.id"]);
  });

  it("reads a CTE body as its own query and marks references to the CTE", () => {
    const statement = read(
      "WITH recent AS (SELECT * FROM events WHERE tenant_id = $1 AND created_at > now() - interval '7 days') SELECT kind, count(*) FROM recent GROUP BY kind",
    );
    expect(tables(statement)).toEqual([
      "events read: tenant_id = $1 AND ~created_at > unknown(an expression)",
      "recent (cte) read: TRUE",
    ]);
  });

  it("reads recursive CTEs", () => {
    const statement = read(
      "WITH RECURSIVE tree AS (SELECT id FROM folders WHERE tenant_id = $1 AND id = $2 UNION ALL SELECT f.id FROM folders f JOIN tree t ON f.parent_id = t.id) SELECT * FROM tree",
    );
    expect(tables(statement)).toEqual([
      "folders read: tenant_id = $1 AND id = $2",
      "folders f read: parent_id = tree.id",
      "tree t (cte) read: id = folders.parent_id",
      "tree (cte) read: TRUE",
    ]);
  });

  it("reads both sides of a UNION", () => {
    expect(tables(read("SELECT id FROM users WHERE tenant_id = $1 UNION SELECT id FROM invited_users"))).toEqual([
      "users read: tenant_id = $1",
      "invited_users read: TRUE",
    ]);
  });

  it("reads a write inside a CTE with its own role", () => {
    const statement = read(
      "WITH moved AS (DELETE FROM inbox WHERE tenant_id = $1 AND id = $2 RETURNING *) INSERT INTO archive SELECT * FROM moved",
    );
    expect(statement.operation).toBe("insert");
    expect(tables(statement)).toEqual([
      "inbox delete: tenant_id = $1 AND id = $2",
      "archive insert: TRUE",
      "moved (cte) read: TRUE",
    ]);
  });
});

describe("readSql: PostgreSQL writes", () => {
  it("reads INSERT columns and, per row, each value", () => {
    const statement = read(
      "INSERT INTO campaigns (id, tenant_id, name, note, payload) VALUES ($1, $2, 'x', NULL, $3::jsonb), ($4, 'acme', now(), 1, $5) RETURNING id",
    );
    expect(statement.operation).toBe("insert");
    expect(statement.insert?.table.name).toBe("campaigns");
    expect(statement.insert?.columns).toEqual(["id", "tenant_id", "name", "note", "payload"]);
    expect(statement.insert?.rows?.map((row) => row.map(value))).toEqual([
      ["$1", "$2", "'x'", "NULL", "$3"],
      ["$4", "'acme'", "unknown(the result of now())", "'1'", "$5"],
    ]);
    expect(statement.insert?.conflictAssignments).toEqual([]);
  });

  it("reads an INSERT that lists no tenant column", () => {
    expect(read("INSERT INTO campaigns (name) VALUES ($1)").insert?.columns).toEqual(["name"]);
    expect(read("INSERT INTO campaigns VALUES ($1, $2)").insert?.columns).toEqual([]);
  });

  it("reads ON CONFLICT DO UPDATE as an upsert, EXCLUDED.col as the inserted value", () => {
    const statement = read(
      "INSERT INTO settings (tenant_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, key) DO UPDATE SET value = EXCLUDED.value, tenant_id = EXCLUDED.tenant_id, updated_at = now()",
    );
    expect(statement.operation).toBe("upsert");
    expect(statement.insert?.conflictAssignments.map((a) => `${a.column} = ${value(a.value)}`)).toEqual([
      "value = $3",
      "tenant_id = $1",
      "updated_at = unknown(the result of now())",
    ]);
    const reassigned = read(
      "INSERT INTO settings (key) VALUES ($1) ON CONFLICT ON CONSTRAINT settings_pkey DO UPDATE SET tenant_id = $2",
    );
    expect(reassigned.insert?.conflictAssignments.map((a) => `${a.column} = ${value(a.value)}`)).toEqual([
      "tenant_id = $2",
    ]);
  });

  it("reads ON CONFLICT DO NOTHING as a plain insert", () => {
    expect(read("INSERT INTO settings (tenant_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING").operation).toBe(
      "insert",
    );
  });

  it("reads INSERT … SELECT: the rows come from a query whose tables are read", () => {
    const statement = read(
      "INSERT INTO projects (tenant_id, name) SELECT tenant_id, name FROM templates WHERE tenant_id = $1",
    );
    expect(statement.insert).toMatchObject({ columns: ["tenant_id", "name"], rowsFrom: "select" });
    expect(statement.insert?.rows).toBeUndefined();
    expect(tables(statement)).toEqual(["projects insert: TRUE", "templates read: tenant_id = $1"]);
  });

  it("reads UPDATE's SET and WHERE", () => {
    const statement = read(
      "UPDATE campaigns SET name = $1, updated_at = now(), tenant_id = $4 WHERE tenant_id = $2 AND id = $3 RETURNING id",
    );
    expect(statement.operation).toBe("update");
    expect(tables(statement)).toEqual(["campaigns update: tenant_id = $2 AND id = $3"]);
    expect(statement.assignments.map((a) => `${a.column} = ${value(a.value)}`)).toEqual([
      "name = $1",
      "updated_at = unknown(the result of now())",
      "tenant_id = $4",
    ]);
  });

  it("reads UPDATE … FROM with both tables", () => {
    const statement = read(
      "UPDATE campaigns c SET name = $1 FROM users u WHERE u.id = c.owner_id AND c.tenant_id = $2 AND u.tenant_id = $2",
    );
    expect(tables(statement)).toEqual([
      "campaigns c update: owner_id = users.id AND tenant_id = $2",
      "users u read: id = campaigns.owner_id AND tenant_id = $2",
    ]);
  });

  it("reads DELETE, DELETE … USING, and a DELETE or UPDATE without WHERE", () => {
    expect(tables(read("DELETE FROM sessions WHERE tenant_id = $1 AND expires_at < now()"))).toEqual([
      "sessions delete: tenant_id = $1 AND ~expires_at < unknown(the result of now())",
    ]);
    expect(tables(read("DELETE FROM memberships m USING users u WHERE u.id = m.user_id AND u.tenant_id = $1"))).toEqual(
      ["memberships m delete: user_id = users.id", "users u read: id = memberships.user_id AND tenant_id = $1"],
    );
    expect(tables(read("DELETE FROM sessions"))).toEqual(["sessions delete: TRUE"]);
    expect(tables(read("UPDATE campaigns SET status = 'archived' WHERE id = $1"))).toEqual([
      "campaigns update: id = $1",
    ]);
  });

  it("reads TRUNCATE as a delete of every row", () => {
    const statement = read("TRUNCATE TABLE scratch, logs");
    expect(statement.operation).toBe("delete");
    expect(tables(statement)).toEqual(["scratch delete: TRUE", "logs delete: TRUE"]);
  });

  it("reads DDL, SET, transactions as other, with no tables", () => {
    for (const sql of [
      "BEGIN",
      "COMMIT",
      "SET LOCAL app.tenant_id = 'x'",
      "CREATE INDEX i ON t (a)",
      "ALTER TABLE campaigns ENABLE ROW LEVEL SECURITY",
    ]) {
      const statement = read(sql);
      expect(statement.operation).toBe("other");
      expect(statement.tables).toEqual([]);
    }
  });

  it("reads several statements of one text, each with its own text", () => {
    const statements = readSql("BEGIN; UPDATE t SET a = $1 WHERE tenant_id = $2; COMMIT", { dialect: "postgresql" });
    expect(statements.map((s) => (s.parsed ? `${s.operation}: ${s.text}` : "unparsed"))).toEqual([
      "other: BEGIN",
      "update: UPDATE t SET a = $1 WHERE tenant_id = $2",
      "other: COMMIT",
    ]);
  });
});

describe("readSql: placeholders in text", () => {
  it("ignores placeholder look-alikes in strings, quoted identifiers, dollar quotes and comments", () => {
    const statement = read(`SELECT '$1 ? :x', "$2", $$ $3 $$ FROM t -- $4\n WHERE /* $5 */ tenant_id = $6`);
    expect(tables(statement)).toEqual(["t read: tenant_id = $6"]);
  });

  it("keeps `::type` casts and array slices apart from :name placeholders", () => {
    expect(tables(read("SELECT tags[1:2] FROM t WHERE tenant_id = :tenantId::uuid"))).toEqual([
      "t read: tenant_id = :tenantId",
    ]);
  });

  it("reads TypeORM's :name and :...names", () => {
    expect(tables(read("SELECT * FROM t WHERE t.tenant_id = :tenantId AND t.id IN (:...ids)"))).toEqual([
      "t read: tenant_id = :tenantId AND id IN :...ids",
    ]);
  });

  it("maps the same $1 written twice to the same placeholder", () => {
    const statement = read("SELECT * FROM a JOIN b ON b.a_id = a.id WHERE a.tenant_id = $1 AND b.tenant_id = $1");
    expect(tables(statement)).toEqual([
      "a read: id = b.a_id AND tenant_id = $1",
      "b read: a_id = a.id AND tenant_id = $1",
    ]);
  });
});

describe("readSql: template holes", () => {
  it("numbers value holes from 0 in template order", () => {
    const statement = read(parts`SELECT * FROM t WHERE tenant_id = ${0} AND id = ${1}`);
    expect(tables(statement)).toEqual(["t read: tenant_id = ${0} AND id = ${1}"]);
  });

  it("reads holes in VALUES, SET and IN lists", () => {
    const insert = read(parts`INSERT INTO t (tenant_id, name) VALUES (${0}, ${1})`);
    expect(insert.insert?.rows?.map((row) => row.map(value))).toEqual([["${0}", "${1}"]]);
    const update = read(parts`UPDATE t SET name = ${0} WHERE tenant_id = ${1} AND id IN (${2}, ${3})`);
    expect(update.assignments.map((a) => value(a.value))).toEqual(["${0}"]);
    expect(tables(update)).toEqual(["t update: tenant_id = ${1} AND id IN (${2}, ${3})"]);
    // postgres.js `IN ${sql(ids)}`: one hole standing for a list.
    expect(tables(read(parts`SELECT * FROM t WHERE tenant_id = ${0} AND id IN ${1}`))).toEqual([
      "t read: tenant_id = ${0} AND id IN ${1}",
    ]);
  });

  it("makes a table unknown when a hole names it, whole or in part", () => {
    const whole = read(parts`SELECT * FROM ${0} WHERE tenant_id = ${1}`);
    expect(whole.tables).toMatchObject([{ name: undefined, unknownReason: "a template hole names the table" }]);
    expect(tables(whole)).toEqual(["<a template hole names the table> read: tenant_id = ${1}"]);
    expect(read(parts`SELECT * FROM events_${0} WHERE tenant_id = ${1}`).tables[0]?.name).toBeUndefined();
    expect(read(parts`SELECT * FROM ${0}.users u WHERE u.tenant_id = ${1}`).tables[0]).toMatchObject({
      name: undefined,
      alias: "u",
    });
    expect(read(parts`UPDATE ${0} SET a = ${1} WHERE id = ${2}`).tables[0]?.name).toBeUndefined();
    expect(read(parts`INSERT INTO ${0} (tenant_id) VALUES (${1})`).insert?.table.name).toBeUndefined();
    expect(read(parts`DELETE FROM "${0}" WHERE id = ${1}`).tables[0]?.name).toBeUndefined();
  });

  it("keeps the hole numbering when a hole sits in a comment", () => {
    expect(tables(read(parts`SELECT * FROM t /* ${0} */ WHERE tenant_id = ${1} -- ${2}\n AND id = ${3}`))).toEqual([
      "t read: tenant_id = ${1} AND id = ${3}",
    ]);
  });

  it("reads a hole that is a whole quoted string as that value, and one inside a string as unknown", () => {
    expect(tables(read(parts`SELECT * FROM t WHERE tenant_id = '${0}' AND name LIKE '%${1}%'`))).toEqual([
      "t read: tenant_id = ${0} AND ~name LIKE unknown(a string built from template holes)",
    ]);
  });

  it("reads a hole standing for a whole condition as a fragment the caller decides", () => {
    expect(tables(read(parts`SELECT * FROM t WHERE ${0}`))).toEqual(["t read: fragment(${0})"]);
    expect(tables(read(parts`SELECT * FROM t WHERE tenant_id = ${0} AND ${1}`))).toEqual([
      "t read: tenant_id = ${0} AND fragment(${1})",
    ]);
  });

  it("does not read `${column} = ${value}` as no condition", () => {
    expect(tables(read(parts`SELECT * FROM t WHERE ${0} = ${1}`))).toEqual([
      "t read: opaque(a comparison whose column may come from a template hole)",
    ]);
  });

  it("reads postgres.js row helpers: INSERT INTO t ${sql(row)}, SET ${sql(row)}", () => {
    const insert = read(parts`INSERT INTO campaigns ${0} RETURNING *`);
    expect(insert.insert).toMatchObject({
      columns: [],
      rowsFrom: "placeholder",
      rowsPlaceholder: { kind: "hole", index: 0 },
    });
    const qualified = read(parts`INSERT INTO app."campaigns" ${0}`);
    expect(qualified.insert).toMatchObject({
      table: { name: "campaigns", schema: "app" },
      rowsPlaceholder: { kind: "hole", index: 0 },
    });
    const update = read(parts`UPDATE campaigns SET ${0} WHERE tenant_id = ${1} AND id = ${2}`);
    expect(update.assignmentsFrom).toEqual({ kind: "hole", index: 0 });
    expect(tables(update)).toEqual(["campaigns update: tenant_id = ${1} AND id = ${2}"]);
    const upsert = read(parts`INSERT INTO settings ${0} ON CONFLICT (tenant_id, key) DO UPDATE SET ${1}`);
    expect(upsert.operation).toBe("upsert");
    expect(upsert.insert).toMatchObject({
      rowsPlaceholder: { kind: "hole", index: 0 },
      conflictAssignments: [],
      conflictAssignmentsFrom: { kind: "hole", index: 1 },
    });
    // Not after a table name: an ordinary value.
    expect(read(parts`INSERT INTO t (a) VALUES (${0})`).insert?.rows?.map((row) => row.map(value))).toEqual([["${0}"]]);
  });

  it("reads a hole used as an alias or a qualified column's table", () => {
    const statement = read(parts`SELECT * FROM campaigns AS ${0} WHERE tenant_id = ${1}`);
    expect(tables(statement)).toEqual(["campaigns read: tenant_id = ${1}"]);
    // The qualifier may name c: undecidable, not "no condition".
    expect(tables(read(parts`SELECT * FROM campaigns c WHERE ${0}.tenant_id = ${1}`))).toEqual([
      "campaigns c read: opaque(a comparison whose column may come from a template hole)",
    ]);
  });
});

describe("flattenTemplate", () => {
  it("splices nested fragments in, leaving their values as holes in order", () => {
    // sql`SELECT * FROM t WHERE tenant_id = ${t} ${sql`AND id > ${cursor}`} ORDER BY id LIMIT ${n}`
    const flat = flattenTemplate<string>({
      parts: ["SELECT * FROM t WHERE tenant_id = ", " ", " ORDER BY id LIMIT ", ""],
      holes: [
        { kind: "value", value: "t" },
        { kind: "fragment", template: { parts: ["AND id > ", ""], holes: [{ kind: "value", value: "cursor" }] } },
        { kind: "value", value: "n" },
      ],
    });
    expect(flat).toEqual({
      parts: ["SELECT * FROM t WHERE tenant_id = ", " AND id > ", " ORDER BY id LIMIT ", ""],
      values: ["t", "cursor", "n"],
    });
    expect(tables(read(flat.parts))).toEqual(["t read: tenant_id = ${0} AND ~id > ${1}"]);
  });

  it("splices empty fragments and fragments nested in fragments", () => {
    const empty = flattenTemplate<string>({
      parts: ["SELECT * FROM t WHERE tenant_id = ", " ", ""],
      holes: [
        { kind: "value", value: "t" },
        { kind: "fragment", template: { parts: [""], holes: [] } },
      ],
    });
    expect(empty).toEqual({ parts: ["SELECT * FROM t WHERE tenant_id = ", " "], values: ["t"] });
    const nested = flattenTemplate<string>({
      parts: ["SELECT * FROM t WHERE ", ""],
      holes: [
        {
          kind: "fragment",
          template: {
            parts: ["tenant_id = ", " AND ", ""],
            holes: [
              { kind: "value", value: "t" },
              {
                kind: "fragment",
                template: {
                  parts: ["status IN (", ", ", ")"],
                  holes: [
                    { kind: "value", value: "a" },
                    { kind: "value", value: "b" },
                  ],
                },
              },
            ],
          },
        },
      ],
    });
    expect(nested.values).toEqual(["t", "a", "b"]);
    expect(tables(read(nested.parts))).toEqual(["t read: tenant_id = ${0} AND status IN (${1}, ${2})"]);
  });
});

describe("readSql: MySQL", () => {
  it("reads ? placeholders in order, and backquoted names", () => {
    const statement = read("SELECT * FROM `app`.`users` WHERE `tenant_id` = ? AND id IN (?, ?)", "mysql");
    expect(statement.tables[0]).toMatchObject({ name: "users", schema: "app" });
    expect(tables(statement)).toEqual(["app.users read: tenant_id = ?0 AND id IN (?1, ?2)"]);
  });

  it("reads mysql2's IN ? and :name placeholders", () => {
    expect(tables(read("SELECT * FROM users WHERE tenant_id = :tenantId AND id IN ?", "mysql"))).toEqual([
      "users read: tenant_id = :tenantId AND id IN ?0",
    ]);
  });

  it("reads MySQL strings: double quotes and backslash escapes", () => {
    expect(tables(read(`SELECT * FROM t WHERE tenant_id = ? AND name = "it's" AND note = 'a\\'b'`, "mysql"))).toEqual([
      "t read: tenant_id = ?0 AND name = 'it's' AND note = 'a'b'",
    ]);
  });

  it("reads joins, sub-selects, INSERT and UPDATE", () => {
    expect(
      tables(
        read(
          "SELECT c.id FROM campaigns AS c LEFT JOIN users AS u ON u.id = c.owner_id WHERE c.tenant_id = ?",
          "mysql",
        ),
      ),
    ).toEqual(["campaigns c read: tenant_id = ?0", "users u read: id = campaigns.owner_id"]);
    const insert = read("INSERT INTO `campaigns` (`tenant_id`, `name`) VALUES (?, ?), (?, ?)", "mysql");
    expect(insert.insert?.rows?.map((row) => row.map(value))).toEqual([
      ["?0", "?1"],
      ["?2", "?3"],
    ]);
    expect(tables(read("UPDATE campaigns SET name = ? WHERE tenant_id = ? AND id = ?", "mysql"))).toEqual([
      "campaigns update: tenant_id = ?1 AND id = ?2",
    ]);
    expect(tables(read("DELETE FROM sessions WHERE expires_at < NOW()", "mysql"))).toEqual([
      "sessions delete: ~expires_at < unknown(the result of now())",
    ]);
  });
});

describe("readSql: MySQL-only statements", () => {
  it("reads ON DUPLICATE KEY UPDATE as an upsert, VALUES(col) as the inserted value", () => {
    const statement = read(
      "INSERT INTO settings (tenant_id, `key`, value) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), tenant_id = VALUES(tenant_id), hits = hits + 1",
      "mysql",
    );
    expect(statement.operation).toBe("upsert");
    expect(statement.insert?.columns).toEqual(["tenant_id", "key", "value"]);
    expect(statement.insert?.conflictAssignments.map((a) => `${a.column} = ${value(a.value)}`)).toEqual([
      "value = ?2",
      "tenant_id = ?0",
      "hits = unknown(an expression)",
    ]);
  });

  it("reads INSERT … SET as one row of the named columns", () => {
    const statement = read("INSERT INTO campaigns SET tenant_id = ?, name = 'x'", "mysql");
    expect(statement.operation).toBe("insert");
    expect(statement.insert?.columns).toEqual(["tenant_id", "name"]);
    expect(statement.insert?.rows?.map((row) => row.map(value))).toEqual([["?0", "'x'"]]);
  });

  it("reads INSERT IGNORE, REPLACE and INSERT … SELECT", () => {
    expect(read("INSERT IGNORE INTO tags (tenant_id, name) VALUES (?, ?)", "mysql").insert?.columns).toEqual([
      "tenant_id",
      "name",
    ]);
    expect(read("REPLACE INTO settings (tenant_id, name) VALUES (?, ?)", "mysql").insert?.columns).toEqual([
      "tenant_id",
      "name",
    ]);
    const select = read(
      "INSERT INTO projects (tenant_id, name) SELECT tenant_id, name FROM templates WHERE tenant_id = ?",
      "mysql",
    );
    expect(select.insert?.rowsFrom).toBe("select");
    expect(tables(select)).toEqual(["projects insert: TRUE", "templates read: tenant_id = ?0"]);
  });

  it("reads UPDATE … JOIN … SET: the SET's table is written, the other read", () => {
    const statement = read(
      "UPDATE campaigns c JOIN users u ON u.id = c.owner_id SET c.owner_name = u.name WHERE c.tenant_id = ? LIMIT 1",
      "mysql",
    );
    expect(tables(statement)).toEqual([
      "campaigns c update: owner_id = users.id AND tenant_id = ?0",
      "users u read: id = campaigns.owner_id",
    ]);
    expect(statement.assignments.map((a) => `${a.column} = ${value(a.value)}`)).toEqual(["owner_name = users.name"]);
  });

  it("applies a MySQL LEFT JOIN's ON to the joined side only, STRAIGHT_JOIN's to both", () => {
    expect(
      tables(read("SELECT * FROM a LEFT JOIN b ON b.a_id = a.id AND a.tenant_id = ? WHERE b.x = 1", "mysql")),
    ).toEqual(["a read: TRUE", "b read: a_id = a.id AND x = '1'"]);
    expect(
      tables(read("SELECT * FROM a STRAIGHT_JOIN b ON b.tenant_id = a.tenant_id WHERE a.tenant_id = ?", "mysql")),
    ).toEqual(["a read: tenant_id = b.tenant_id AND tenant_id = ?0", "b read: tenant_id = a.tenant_id"]);
  });

  it("reads DELETE t FROM t JOIN u: the named table is deleted from", () => {
    const statement = read("DELETE s FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.tenant_id = ?", "mysql");
    expect(tables(statement)).toEqual([
      "sessions s delete: user_id = users.id",
      "users u read: id = sessions.user_id AND tenant_id = ?0",
    ]);
    expect(tables(read("DELETE FROM api_keys WHERE tenant_id = ? AND id = ? LIMIT 1", "mysql"))).toEqual([
      "api_keys delete: tenant_id = ?0 AND id = ?1",
    ]);
  });

  it("reads OR, NOT, <>, NOT IN, IS NULL, and sub-selects", () => {
    expect(tables(read("SELECT * FROM events WHERE tenant_id = ? OR is_public = 1", "mysql"))).toEqual([
      "events read: (tenant_id = ?0 OR is_public = '1')",
    ]);
    expect(
      tables(
        read("SELECT * FROM events WHERE NOT (tenant_id = ?) AND a <> 1 AND b NOT IN (?, ?) AND c IS NULL", "mysql"),
      ),
    ).toEqual(["events read: NOT tenant_id = ?0 AND ~a <> '1' AND ~b NOT IN (?1, ?2) AND c IS NULL NULL"]);
    expect(
      tables(
        read(
          "SELECT * FROM tasks WHERE tenant_id = ? AND project_id IN (SELECT id FROM projects WHERE tenant_id = ?)",
          "mysql",
        ),
      ),
    ).toEqual(["tasks read: tenant_id = ?0 AND project_id IN unknown(a sub-select)", "projects read: tenant_id = ?1"]);
    expect(
      tables(
        read(
          "SELECT * FROM p WHERE EXISTS (SELECT 1 FROM m WHERE m.tenant_id = ? AND m.tenant_id = p.tenant_id)",
          "mysql",
        ),
      ),
    ).toEqual(["p read: tenant_id = m.tenant_id", "m read: tenant_id = ?0 AND tenant_id = p.tenant_id"]);
  });

  it("reads CTEs, derived tables and UNION ALL", () => {
    expect(
      tables(
        read(
          "WITH recent AS (SELECT * FROM events WHERE tenant_id = ?) SELECT kind, COUNT(*) FROM recent GROUP BY kind",
          "mysql",
        ),
      ),
    ).toEqual(["events read: tenant_id = ?0", "recent (cte) read: TRUE"]);
    expect(
      tables(read("SELECT * FROM (SELECT * FROM tasks WHERE tenant_id = ?) AS t WHERE t.done = 0", "mysql")),
    ).toEqual(["tasks read: tenant_id = ?0"]);
    expect(tables(read("SELECT id FROM users WHERE tenant_id = ? UNION ALL SELECT id FROM invited", "mysql"))).toEqual([
      "users read: tenant_id = ?0",
      "invited read: TRUE",
    ]);
  });

  it("reads template holes in MySQL text, as values and as table names", () => {
    expect(tables(read(parts`SELECT * FROM ${0} WHERE tenant_id = ${1} AND id IN (${2})`, "mysql"))).toEqual([
      "<a template hole names the table> read: tenant_id = ${1} AND id IN ${2}",
    ]);
    expect(tables(read(parts`SELECT * FROM t WHERE ${0}`, "mysql"))).toEqual(["t read: fragment(${0})"]);
  });

  it("marks unqualified columns of a MySQL join ambiguous without a schema", () => {
    const statement = read("SELECT * FROM a JOIN b ON b.a_id = a.id WHERE tenant_id = ?", "mysql");
    expect(statement.tables.map((t) => t.ambiguous)).toEqual([["tenant_id"], ["tenant_id"]]);
  });

  it("reads DDL, SET and transactions as other", () => {
    for (const sql of [
      "START TRANSACTION",
      "SET @tenant_id = ?",
      "ALTER TABLE `campaigns` ADD COLUMN `archived_at` DATETIME NULL",
    ]) {
      expect(read(sql, "mysql").operation).toBe("other");
    }
  });
});

describe("readSql: ClickHouse", () => {
  it("reads {name:Type} parameters with their types", () => {
    const statement = read(
      "SELECT count() FROM events WHERE project_id = {projectId:String} AND ts >= {from: DateTime64(3)}",
      "clickhouse",
    );
    expect(tables(statement)).toEqual(["events read: project_id = {projectId:String} AND ~ts >= {from:DateTime64(3)}"]);
  });

  it("reads FINAL after a table as no alias", () => {
    expect(read("SELECT * FROM traces FINAL WHERE project_id = {p:String}", "clickhouse").tables[0]).toMatchObject({
      name: "traces",
    });
    expect(
      read("SELECT * FROM traces FINAL WHERE project_id = {p:String}", "clickhouse").tables[0]?.alias,
    ).toBeUndefined();
  });

  it("reads IN {ids:Array(String)} as a list in one value, and {t:Identifier} as an unknown table", () => {
    expect(
      tables(read("SELECT * FROM obs WHERE project_id = {p:String} AND trace_id IN {ids:Array(String)}", "clickhouse")),
    ).toEqual(["obs read: project_id = {p:String} AND trace_id IN {ids:Array(String)}"]);
    expect(
      read("SELECT * FROM {table:Identifier} WHERE project_id = {p:String}", "clickhouse").tables[0],
    ).toMatchObject({
      name: undefined,
      unknownReason: "an identifier parameter names the table",
    });
  });

  it("reads the `default` database, a reserved word to PostgreSQL, as a schema", () => {
    expect(
      read("SELECT count() FROM default.events WHERE team_id = {teamId:Int64}", "clickhouse").tables[0],
    ).toMatchObject({
      name: "events",
      schema: "default",
    });
  });

  it("reads ClickHouse functions, arrayJoin and joins", () => {
    expect(
      tables(
        read(
          "SELECT arrayJoin(tags) AS tag, uniqExact(user_id) FROM traces WHERE project_id = {p:String} GROUP BY tag",
          "clickhouse",
        ),
      ),
    ).toEqual(["traces read: project_id = {p:String}"]);
    expect(
      tables(
        read(
          "SELECT t.id FROM traces t LEFT JOIN observations o ON o.trace_id = t.id AND o.project_id = t.project_id WHERE t.project_id = {p:String}",
          "clickhouse",
        ),
      ),
    ).toEqual([
      "traces t read: project_id = {p:String}",
      "observations o read: trace_id = traces.id AND project_id = traces.project_id",
    ]);
  });

  it("reads PREWHERE as a conjunct of the WHERE, in sub-selects too", () => {
    expect(
      tables(
        read(
          "SELECT id FROM traces PREWHERE project_id = {p:String} WHERE ts > {from:DateTime} ORDER BY ts",
          "clickhouse",
        ),
      ),
    ).toEqual(["traces read: project_id = {p:String} AND ~ts > {from:DateTime}"]);
    expect(
      tables(read("SELECT id FROM traces PREWHERE project_id = {p:String} OR is_public = 1", "clickhouse")),
    ).toEqual(["traces read: (project_id = {p:String} OR is_public = '1')"]);
    expect(
      tables(read("SELECT * FROM (SELECT id FROM traces PREWHERE (project_id = {p:String}) LIMIT 3) t", "clickhouse")),
    ).toEqual(["traces read: project_id = {p:String}"]);
  });

  it("drops trailing SETTINGS and FORMAT, which change how rows are returned, not which", () => {
    expect(
      tables(
        read(
          "SELECT * FROM events WHERE team_id = {t:Int64} SETTINGS max_execution_time = 10, join_use_nulls = 1",
          "clickhouse",
        ),
      ),
    ).toEqual(["events read: team_id = {t:Int64}"]);
    expect(tables(read("SELECT * FROM events WHERE team_id = {t:Int64} FORMAT JSONEachRow", "clickhouse"))).toEqual([
      "events read: team_id = {t:Int64}",
    ]);
    // format() the function is not the FORMAT clause.
    expect(tables(read("SELECT format('{}', name) FROM events WHERE team_id = {t:Int64}", "clickhouse"))).toEqual([
      "events read: team_id = {t:Int64}",
    ]);
  });

  it("drops LIMIT n BY cols, which keeps n of the filtered rows per group, and keeps a LIMIT after it", () => {
    const statement = read(
      "SELECT * FROM traces FINAL WHERE project_id = {p:String} ORDER BY ts DESC LIMIT 1 BY id, project_id LIMIT 100 OFFSET 5",
      "clickhouse",
    );
    expect(tables(statement)).toEqual(["traces read: project_id = {p:String}"]);
    expect(statement.text).toBe(
      "SELECT * FROM traces FINAL WHERE project_id = $1 ORDER BY ts DESC  LIMIT 100 OFFSET 5",
    );
    expect(
      tables(
        read(
          "SELECT * FROM (SELECT * FROM traces WHERE project_id = {p:String} LIMIT 1 BY id) t LIMIT 3",
          "clickhouse",
        ),
      ),
    ).toEqual(["traces read: project_id = {p:String}"]);
  });

  it("drops SAMPLE, GLOBAL and join strictness (ANY/ALL/SEMI/ANTI), which do not change what the conditions narrow", () => {
    expect(
      tables(read("SELECT * FROM events SAMPLE 1/10 OFFSET 1/2 WHERE project_id = {p:String}", "clickhouse")),
    ).toEqual(["events read: project_id = {p:String}"]);
    expect(tables(read("SELECT count() FROM events SAMPLE 0.1 WHERE project_id = {p:String}", "clickhouse"))).toEqual([
      "events read: project_id = {p:String}",
    ]);
    expect(
      tables(
        read(
          "SELECT t.id FROM traces t ANY LEFT JOIN scores s ON s.trace_id = t.id AND s.project_id = {p:String} WHERE t.project_id = {p:String}",
          "clickhouse",
        ),
      ),
    ).toEqual([
      "traces t read: project_id = {p:String}",
      "scores s read: trace_id = traces.id AND project_id = {p:String}",
    ]);
    expect(
      tables(
        read(
          "SELECT * FROM traces WHERE project_id = {p:String} AND id GLOBAL IN (SELECT trace_id FROM scores WHERE project_id = {p:String})",
          "clickhouse",
        ),
      ),
    ).toEqual([
      "traces read: project_id = {p:String} AND id IN unknown(a sub-select)",
      "scores read: project_id = {p:String}",
    ]);
    // `= ANY(…)` and `UNION ALL` are not join strictness.
    expect(
      tables(
        read("SELECT * FROM t WHERE project_id = ANY({ps:Array(String)}) UNION ALL SELECT * FROM u", "clickhouse"),
      ),
    ).toEqual(["t read: project_id = ANY {ps:Array(String)}", "u read: TRUE"]);
  });

  it("reads mutations as the DELETE and UPDATE they perform", () => {
    const del = read("ALTER TABLE events DELETE WHERE project_id = {p:String}", "clickhouse");
    expect(del.operation).toBe("delete");
    expect(tables(del)).toEqual(["events delete: project_id = {p:String}"]);
    const update = read(
      "ALTER TABLE default.traces UPDATE bookmarked = 1 WHERE project_id = {p:String} AND id = {id:String}",
      "clickhouse",
    );
    expect(update.operation).toBe("update");
    expect(tables(update)).toEqual(["default.traces update: project_id = {p:String} AND id = {id:String}"]);
    expect(update.assignments.map((a) => `${a.column} = ${value(a.value)}`)).toEqual(["bookmarked = '1'"]);
    expect(tables(read("ALTER TABLE events DELETE WHERE 1", "clickhouse"))).toEqual(["events delete: TRUE"]);
    expect(read("ALTER TABLE events ADD COLUMN x String", "clickhouse").operation).toBe("other");
  });

  it("leaves ARRAY JOIN and parametric aggregates unparsed, with the parser's reason", () => {
    for (const sql of [
      "SELECT quantile(0.95)(latency_ms) FROM requests WHERE project_id = {p:String}",
      "SELECT tag FROM traces ARRAY JOIN tags AS tag WHERE project_id = {p:String}",
    ]) {
      const [statement] = readSql(sql, { dialect: "clickhouse" });
      expect(statement?.parsed).toBe(false);
      expect(statement?.parsed === false && statement.reason).toMatch(/^the SQL does not parse: syntax error/u);
    }
  });
});

describe("readSql: what does not parse", () => {
  it("returns the parser's reason, never throws, never guesses", () => {
    for (const sql of [
      "SELEC * FROM t WHERE tenant_id = $1",
      "SELECT * FROM t WHERE",
      "",
      "   ",
      "SELECT * FROM t WHERE a = 'unterminated",
    ]) {
      const statements = readSql(sql, { dialect: "postgresql" });
      expect(statements).toHaveLength(1);
      expect(statements[0]?.parsed).toBe(false);
    }
    expect(readSql("SELEC 1", { dialect: "postgresql" })).toEqual([
      { parsed: false, reason: 'the SQL does not parse: syntax error at or near "SELEC"' },
    ]);
  });

  it("makes a whole text unparsed when one of its statements does not parse", () => {
    expect(readSql("SELECT 1; SELEC 2", { dialect: "postgresql" })).toEqual([
      { parsed: false, reason: 'the SQL does not parse: syntax error at or near "SELEC"' },
    ]);
  });

  it("reads mysql2's whole-object placeholders as rows or a SET list held by that placeholder", () => {
    const bulk = read("INSERT INTO campaigns (tenant_id, name) VALUES ?", "mysql");
    expect(bulk.insert).toMatchObject({
      columns: ["tenant_id", "name"],
      rowsFrom: "placeholder",
      rowsPlaceholder: { kind: "ordinal", index: 0 },
    });
    expect(bulk.insert?.rows).toBeUndefined();
    const object = read("INSERT INTO campaigns SET ?", "mysql");
    expect(object.insert).toMatchObject({
      columns: [],
      rowsFrom: "placeholder",
      rowsPlaceholder: { kind: "ordinal", index: 0 },
    });
    const update = read("UPDATE campaigns SET ? WHERE tenant_id = ? AND id = ?", "mysql");
    expect(update.assignmentsFrom).toEqual({ kind: "ordinal", index: 0 });
    expect(update.assignments).toEqual([]);
    expect(tables(update)).toEqual(["campaigns update: tenant_id = ?1 AND id = ?2"]);
  });
});

describe("readSql on the parser comparison's corpus", () => {
  it("reads every PostgreSQL statement, all but one MySQL statement, and ClickHouse up to its own clauses", () => {
    const rejected: string[] = [];
    const counts: Record<string, number> = {};
    for (const { dialect, sql } of corpus) {
      const statements = readSql(sql, { dialect });
      if (statements.every((statement) => statement.parsed)) counts[dialect] = (counts[dialect] ?? 0) + 1;
      else rejected.push(`${dialect}: ${sql}`);
    }
    expect(counts).toEqual({ postgresql: 84, mysql: 49, clickhouse: 35 });
    // node-sql-parser takes `usage` for a keyword.
    expect(rejected.filter((text) => text.startsWith("mysql"))).toEqual([
      "mysql: INSERT INTO usage (tenant_id, day, tokens) VALUES (?, CURDATE(), ?) ON DUPLICATE KEY UPDATE tokens = tokens + VALUES(tokens)",
    ]);
  });
});

describe("toNeutralPredicate", () => {
  const bindTenant = (p: SqlPlaceholder): PredicateValue =>
    p.kind === "numbered" && p.number === 1
      ? { kind: "tenant" }
      : { kind: "unknown", reason: `unbound ${placeholder(p)}` };

  it("maps placeholders through bind and keeps the tree", () => {
    const statement = read("SELECT * FROM t WHERE tenant_id = $1 AND (a = 'x' OR NOT b = $2)");
    expect(toNeutralPredicate(statement.tables[0]!.predicate, bindTenant)).toEqual({
      kind: "all",
      parts: [
        { kind: "compare", field: "tenant_id", pins: true, value: { kind: "tenant" } },
        {
          kind: "any",
          operator: "OR",
          parts: [
            { kind: "compare", field: "a", pins: true, value: { kind: "literal", text: "x" } },
            {
              kind: "not",
              part: { kind: "compare", field: "b", pins: true, value: { kind: "unknown", reason: "unbound $2" } },
            },
          ],
        },
      ],
    });
  });

  it("turns an IN list into one comparison per value: any for IN, all for NOT IN", () => {
    const [inList] = read("SELECT * FROM t WHERE tenant_id IN ($1, NULL)").tables;
    expect(toNeutralPredicate(inList!.predicate, bindTenant)).toEqual({
      kind: "any",
      operator: "IN",
      parts: [
        { kind: "compare", field: "tenant_id", pins: true, value: { kind: "tenant" } },
        { kind: "compare", field: "tenant_id", pins: true, value: { kind: "null" } },
      ],
    });
    const [notIn] = read("SELECT * FROM t WHERE tenant_id NOT IN ($1, $2)").tables;
    expect(toNeutralPredicate(notIn!.predicate, bindTenant)).toMatchObject({
      kind: "all",
      parts: [{ pins: false }, { pins: false }],
    });
  });

  it("maps columns, fragments, opaque conditions and settings", () => {
    const [a] = read(
      "SELECT * FROM a JOIN b ON b.tenant_id = a.tenant_id WHERE a.x = current_setting('app.tenant')",
    ).tables;
    expect(
      toNeutralPredicate(a!.predicate, bindTenant, {
        setting: (name) => (name === "app.tenant" ? { kind: "tenant" } : { kind: "unknown", reason: name }),
      }),
    ).toEqual({
      kind: "all",
      parts: [
        { kind: "compare", field: "tenant_id", pins: true, value: { kind: "column", table: "b", column: "tenant_id" } },
        { kind: "compare", field: "x", pins: true, value: { kind: "tenant" } },
      ],
    });
    const [t] = read(parts`SELECT * FROM t WHERE ${0} AND lower(name) = ${1}`).tables;
    expect(toNeutralPredicate(t!.predicate, bindTenant)).toEqual({
      kind: "all",
      parts: [
        { kind: "decided", evidence: "unknown", reason: "a condition the query receives as a parameter" },
        { kind: "decided", evidence: "unknown", reason: "a comparison (=) of an expression over the table's columns" },
      ],
    });
    expect(
      toNeutralPredicate(t!.predicate, bindTenant, {
        fragment: () => ({ kind: "decided", evidence: "yes", reason: "scope helper" }),
      }),
    ).toMatchObject({
      parts: [
        { kind: "decided", evidence: "yes" },
        { kind: "decided", evidence: "unknown" },
      ],
    });
  });
});
