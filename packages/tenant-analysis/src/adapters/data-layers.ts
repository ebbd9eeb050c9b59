/** Every data layer that reads database calls into neutral query sites. Adding one is adding its folder and listing it here;
 * a layer that knows its receiver precisely comes before Prisma's untyped inference. */
import type { DataLayerAdapter } from "../data-layer/query-site.js";
import { kyselyQueries } from "./kysely/query-sites.js";
import { mongoQueries } from "./mongodb/query-sites.js";
import { prismaQueries } from "./prisma/query-sites.js";
import { typeormQueries } from "./typeorm/query-sites.js";

export const dataLayers: readonly DataLayerAdapter[] = [mongoQueries, typeormQueries, kyselyQueries, prismaQueries];
