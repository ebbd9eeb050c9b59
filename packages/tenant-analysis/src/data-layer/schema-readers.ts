/**
 * The schema readers, one per library whose schema lives in its own files. A reader finds its
 * files under a root and reads them into `DataModel`s; `load-schema.ts` runs every reader and
 * merges what they read. A reader of TypeScript sources (Drizzle tables, TypeORM entities) or of
 * SQL DDL is one more entry: its `findSources` says which files it wants (`*.ts` holding
 * `pgTable(…)`, `migrations/*.sql`), its `read` turns their text into models.
 */
import { findDrizzleSchemaFiles, readDrizzleSchema } from "../adapters/drizzle/schema-files.js";
import { findPrismaSchemaFiles } from "../adapters/prisma/schema-files.js";
import { readPrismaSchema } from "../adapters/prisma/schema.js";
import { findKyselySources, readKyselyDatabase } from "../adapters/kysely/schema.js";
import { findTypeormSources, readTypeormEntities } from "../adapters/typeorm/schema.js";
import type { DataModel, SchemaError } from "./schema.js";
import { findDdlSources, readDdlSources } from "./sql/ddl-source.js";

export interface SchemaSourceText {
  /** Absolute path. */
  readonly file: string;
  readonly text: string;
}

export interface SchemaSources {
  /** Absolute paths of the files to read. */
  readonly files: readonly string[];
  /** Misconfigurations found while looking (a `package.json` key naming a missing file). */
  readonly errors: readonly SchemaError[];
}

export interface SchemaReadResult {
  readonly models: readonly DataModel[];
  readonly errors: readonly SchemaError[];
}

export interface SchemaReader {
  /** The library, for the reader's own messages and tests. */
  readonly library: string;
  findSources(root: string): SchemaSources;
  /** All of one schema's files at once: a model of one may refer to a model of another. */
  read(sources: readonly SchemaSourceText[]): SchemaReadResult;
}

export const schemaReaders: readonly SchemaReader[] = [
  { library: "prisma", findSources: findPrismaSchemaFiles, read: readPrismaSchema },
  { library: "drizzle", findSources: findDrizzleSchemaFiles, read: readDrizzleSchema },
  { library: "sql", findSources: findDdlSources, read: readDdlSources },
  { library: "typeorm", findSources: findTypeormSources, read: readTypeormEntities },
  { library: "kysely", findSources: findKyselySources, read: readKyselyDatabase },
];
