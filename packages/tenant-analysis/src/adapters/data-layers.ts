/** Every data layer that reads database calls into neutral query sites. Adding one is adding its folder and listing it here;
 * a layer that knows its receiver precisely comes before Prisma's untyped inference. */
import type { DataLayerAdapter } from "../data-layer/query-site.js";
import { drizzleQueries } from "./drizzle/query-sites.js";
import { clickhouseQueries } from "./clickhouse/queries.js";
import { customSqlQueries } from "./custom-sql/queries.js";
import { kyselyQueries } from "./kysely/query-sites.js";
import { mongoQueries } from "./mongodb/query-sites.js";
import { mysql2Queries } from "./mysql2/queries.js";
import { pgQueries } from "./pg/queries.js";
import { planetscaleQueries } from "./planetscale/queries.js";
import { postgresJsQueries } from "./postgres-js/queries.js";
import { prismaQueries } from "./prisma/query-sites.js";
import { prismaRawQueries } from "./prisma/raw-sql.js";
import { typeormQueries } from "./typeorm/query-sites.js";

export const dataLayers: readonly DataLayerAdapter[] = [
  mongoQueries,
  typeormQueries,
  kyselyQueries,
  prismaQueries,
  drizzleQueries,
  // Raw SQL (data-layer/sql-sites.ts).
  prismaRawQueries,
  pgQueries,
  postgresJsQueries,
  mysql2Queries,
  planetscaleQueries,
  clickhouseQueries,
  // In-house SQL clients of the `receivers` setting.
  ...customSqlQueries,
];
