-- Tables of the raw SQL RuleTester cases and docs examples (read as the schema next to prisma/).
CREATE TABLE orders (
  id uuid PRIMARY KEY,
  tenant_id text NOT NULL,
  status text NOT NULL,
  total_cents integer NOT NULL
);

CREATE TABLE order_items (
  id uuid PRIMARY KEY,
  tenant_id text NOT NULL,
  order_id uuid NOT NULL REFERENCES orders (id),
  sku text NOT NULL
);

-- Global: the same for every tenant.
CREATE TABLE countries (
  code text PRIMARY KEY,
  name text NOT NULL
);
