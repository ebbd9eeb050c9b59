import { sqlDataLayer } from "../../data-layer/sql-calls.js";

/**
 * Prisma's raw SQL: `$queryRaw\`…\`` / `$executeRaw\`…\`` (holes are values, `Prisma.sql` fragments
 * are spliced in, `Prisma.empty` is nothing, `Prisma.join(list)` is a value) and the `Unsafe`
 * forms with `$1` bound to the arguments after the text. Tables resolve through the schema's `@@map`.
 */
const unsafe = { text: { argument: 0 }, parameters: [{ argument: 1, rest: true }] } as const;

export const prismaRawQueries = sqlDataLayer({
  layer: "prisma-raw",
  library: "prisma",
  dialect: "postgresql",
  fragmentTags: ["Prisma.sql", "sql"],
  emptyFragments: ["Prisma.empty", "empty"],
  distinctiveMethods: ["$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe"],
  methods: {
    $queryRaw: { template: true },
    $executeRaw: { template: true },
    $queryRawUnsafe: unsafe,
    $executeRawUnsafe: unsafe,
  },
});
