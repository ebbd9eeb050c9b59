// Drizzle tables for typed RuleTester cases: boards are tenant-owned, cards owned through their board, themes global.
import { pgTable, text, uuid } from "drizzle-orm/pg-core";

export const boards = pgTable("boards", {
  id: uuid("id").primaryKey(),
  tenantId: uuid("tenant_id"),
  name: text("name").notNull(),
});

export const cards = pgTable("cards", {
  id: uuid("id").primaryKey(),
  boardId: uuid("board_id").notNull().references(() => boards.id),
  title: text("title").notNull(),
});

export const themes = pgTable("themes", { id: uuid("id").primaryKey(), name: text("name").notNull() });
