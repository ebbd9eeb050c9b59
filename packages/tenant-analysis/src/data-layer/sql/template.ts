/**
 * Nested SQL templates (postgres.js `sql\`… ${sql\`AND id > ${cursor}\`}\``, Prisma
 * `Prisma.sql`, a `Prisma.empty` or `sql\`\`` fragment) spliced into one list of template parts,
 * so that readSql parses the statement that runs, with the fragment's text in place and only
 * real values left as holes. `values[i]` is what hole i of the result stands for.
 */
export interface SqlTemplate<V> {
  /** The string parts; `holes.length === parts.length - 1`. */
  readonly parts: readonly string[];
  readonly holes: readonly SqlTemplateHole<V>[];
}

export type SqlTemplateHole<V> =
  /** A value the driver binds (or a name the caller cannot see into). */
  | { readonly kind: "value"; readonly value: V }
  /** A SQL fragment whose own parts are known. */
  | { readonly kind: "fragment"; readonly template: SqlTemplate<V> };

export interface FlatSqlTemplate<V> {
  readonly parts: readonly string[];
  readonly values: readonly V[];
}

export function flattenTemplate<V>(template: SqlTemplate<V>): FlatSqlTemplate<V> {
  const parts: string[] = [template.parts[0] ?? ""];
  const values: V[] = [];
  template.holes.forEach((hole, i) => {
    const after = template.parts[i + 1] ?? "";
    if (hole.kind === "value") {
      values.push(hole.value);
      parts.push(after);
      return;
    }
    const inner = flattenTemplate(hole.template);
    // The fragment's first part joins the text before it, its last part the text after it.
    parts[parts.length - 1] += inner.parts[0] ?? "";
    parts.push(...inner.parts.slice(1));
    values.push(...inner.values);
    parts[parts.length - 1] += after;
  });
  return { parts, values };
}
