// A Drizzle database made in another file: typed cases follow it to drizzle(); untyped cases infer it from the table.
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "./drizzle-schema.js";

export const db = drizzle(process.env.DATABASE_URL!, { schema });
