/**
 * Where projects keep their SQL migrations: `migrations/`, `db/migrations/`,
 * `supabase/migrations/`, `prisma/migrations/<name>/migration.sql`, `drizzle/`, at the root or
 * in a workspace package below it. The walk is bounded and skips node_modules, build output and
 * dot folders; down-migrations are left out (applying them would undo the schema).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { readDdlFiles, type DdlSchema } from "./ddl.js";

export interface FindDdlOptions {
  /** How deep below the root a migrations folder may start (`packages/db/migrations` is 2). */
  readonly maxDepth?: number;
  /** At most this many files; the walk stops there. */
  readonly maxFiles?: number;
}

const skipped = new Set(["node_modules", "dist", "build", "out", "coverage", "vendor", "target"]);

/** Folder names that hold migrations wherever they sit (`migrations`, `db/migrations`, `supabase/migrations`). */
const migrationFolders = new Set(["migrations", "migration", "drizzle"]);

/**
 * The DDL files under `root`, absolute paths, in the order to apply them: by folder, then by
 * file name (migration tools name files so that this order is the order they ran in).
 */
export function findDdlFiles(root: string, options: FindDdlOptions = {}): string[] {
  const maxDepth = options.maxDepth ?? 4;
  const maxFiles = options.maxFiles ?? 5000;
  const found: string[] = [];
  const walk = (dir: string, depth: number, inMigrations: boolean): void => {
    if (found.length >= maxFiles) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (found.length >= maxFiles) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith(".") || skipped.has(entry.name)) continue;
        const isMigrations = inMigrations || migrationFolders.has(entry.name);
        // Inside a migrations folder, tools nest one folder per migration (Prisma, Drizzle's journal-less layouts).
        if (isMigrations ? depth < maxDepth + 3 : depth < maxDepth) walk(full, depth + 1, isMigrations);
      } else if (entry.isFile() && inMigrations && isUpMigration(entry.name, dir)) {
        found.push(full);
      }
    }
  };
  walk(path.resolve(root), 0, false);
  return found;
}

function isUpMigration(name: string, dir: string): boolean {
  const lower = name.toLowerCase();
  if (!lower.endsWith(".sql")) return false;
  if (lower === "down.sql" || lower.endsWith(".down.sql") || lower.endsWith("_down.sql")) return false;
  // Prisma keeps one migration.sql per migration folder, and nothing else there is DDL it applied.
  const parts = dir.split(path.sep);
  const prisma = parts.lastIndexOf("prisma");
  if (prisma >= 0 && parts[prisma + 1] === "migrations") return lower === "migration.sql";
  return true;
}

/** The schema the migrations under `root` leave behind: findDdlFiles, read and applied in order. */
export function readDdlFolder(
  root: string,
  options: FindDdlOptions = {},
): DdlSchema & { readonly files: readonly string[] } {
  const files = findDdlFiles(root, options);
  return { ...readDdlFiles(files.map((file) => ({ file, text: readFileSync(file, "utf8") }))), files };
}
