import { index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// The PostgreSQL tables (drizzle-kit generates the migrations in ../../../drizzle from this
// file). Column keys match the model fields (`_id` is column `id`), so rows are the models.
// Every tenant-owned table leads its primary key and indexes with tenant_id: every query
// filters by it. Timestamps are ISO-8601 UTC text, the shape the API returns; they sort in
// time order.

/** The tenant registry: tenant ids only, global on purpose (see tenant-directory.ts). */
export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  registeredAt: timestamp("registered_at", { withTimezone: true }).notNull().defaultNow(),
});

export const campaigns = pgTable(
  "campaigns",
  {
    _id: text("id").notNull(),
    tenantId: text("tenant_id").notNull(),
    name: text("name").notNull(),
    systemPrompt: text("system_prompt").notNull(),
    status: text("status", { enum: ["draft", "active", "paused"] }).notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t._id] }),
    index("campaigns_tenant_created_idx").on(t.tenantId, t.createdAt),
  ],
);

export const leads = pgTable(
  "leads",
  {
    _id: text("id").notNull(),
    tenantId: text("tenant_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    name: text("name").notNull(),
    phone: text("phone").notNull(),
    status: text("status", { enum: ["queued", "drafted", "dropped"] }).notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t._id] }), index("leads_tenant_status_idx").on(t.tenantId, t.status)],
);

export const callHistory = pgTable(
  "call_history",
  {
    _id: text("id").notNull(),
    tenantId: text("tenant_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    kind: text("kind", { enum: ["lead", "chat"] }).notNull(),
    input: text("input").notNull(),
    output: text("output").notNull(),
    leadId: text("lead_id"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t._id] }),
    index("call_history_tenant_campaign_idx").on(t.tenantId, t.campaignId, t.createdAt),
    // One drafted line per lead, even if two attempts of its job race.
    uniqueIndex("call_history_tenant_lead_idx").on(t.tenantId, t.leadId),
  ],
);
