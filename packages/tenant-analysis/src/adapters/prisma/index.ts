import type { LibraryAdapter } from "../types.js";

/**
 * Prisma clients: `new PrismaClient()` (from `@prisma/client` or a generated client), what
 * `$extends()` derives, the `tx` of `$transaction(async (tx) => …)`, classes that extend
 * `PrismaClient` (NestJS `PrismaService`) and values typed `PrismaClient`/`Prisma.TransactionClient`.
 * Their members are the schema's models (`prisma.campaign`).
 */
export const prisma: LibraryAdapter = {
  library: "prisma",
  kind: "database",
  modules: ["@prisma/client", ".prisma/client", "@prisma/client/edge", "@prisma/client/default"],
  constructs: ["PrismaClient"],
  // Generated clients (`output = "../generated/prisma"`) are imported from the project's own paths.
  distinctiveExports: ["PrismaClient", "Prisma"],
  derivingMethods: ["$extends"],
  callbackReceivers: ["$transaction"],
  typeNames: ["PrismaClient", "TransactionClient", "DefaultPrismaClient"],
};
