import { defineConfig } from "drizzle-kit";

// `pnpm db:generate` writes a SQL migration for a schema change (commit it);
// `pnpm db:migrate` applies them (the runtime also applies them at start-up).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/postgres/schema.ts",
  out: "./drizzle",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tenant_audit" },
});
