// The Kysely database of the RuleTester cases and docs examples: events is tenant-owned, currencies global.
import { Kysely, type ColumnType, type Generated, PostgresDialect } from "kysely";

export interface Database {
  events: { id: Generated<string>; tenant_id: ColumnType<string, string | undefined, string>; kind: string };
  currencies: { code: string; name: string };
}

declare const dialect: PostgresDialect;
export const kdb = new Kysely<Database>({ dialect });
