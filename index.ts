// The example program: a small shop's schema, declared with schemastack's components.
// `npm start` applies it to the embedded default environment; see README.md for real databases.
import * as pulumi from "@pulumi/pulumi";
import { Database } from "./components";

const config = new pulumi.Config("schemastack");
const connection = config.getSecret("databaseUrl") ?? process.env.SCHEMASTACK_DATABASE_URL;
if (!connection) {
  throw new Error(
    "set the database with `pulumi config set --secret schemastack:databaseUrl postgres://...` (or SCHEMASTACK_DATABASE_URL)",
  );
}

// Pre-migration dumps: an S3 bucket (schemastack:backupBucket, with schemastack:backupEndpoint for
// S3-compatible servers) or a local folder (schemastack:backupDir). The embedded default's
// versitygw server comes in through SCHEMASTACK_S3_ENDPOINT / SCHEMASTACK_S3_BUCKET.
const bucket = config.get("backupBucket") ?? process.env.SCHEMASTACK_S3_BUCKET;
const endpoint = config.get("backupEndpoint") ?? process.env.SCHEMASTACK_S3_ENDPOINT;
const backupDir = config.get("backupDir");
const target = backupDir
  ? ({ kind: "folder", path: backupDir } as const)
  : bucket
    ? ({ kind: "s3", bucket, endpoint, prefix: config.get("backupPrefix") } as const)
    : undefined;
if (!target) {
  throw new Error(
    "set where pre-migration dumps go: `pulumi config set schemastack:backupBucket NAME` (or schemastack:backupDir PATH)",
  );
}

// Environments: staging rehearses every change on a branch of prod first
// (schemastack:rehearseAgainst, a secret URL); prod only takes what staging applied and rehearsed
// (schemastack:promoteFrom: staging), unless schemastack:promotionOverride is true.
const rehearseAgainst = config.getSecret("rehearseAgainst");
const promoteFrom = config.get("promoteFrom");

const db = new Database("app", {
  connection,
  allowDataLoss: config.getBoolean("allowDataLoss") ?? false,
  backup: { target, keep: config.getNumber("backupKeep") ?? 20 },
  rehearsal: rehearseAgainst ? { parentConnection: rehearseAgainst } : undefined,
  promotion: promoteFrom
    ? { fromStack: promoteFrom, override: config.getBoolean("promotionOverride") ?? false }
    : undefined,
});

// Case-insensitive emails (citext) and trigram search on product names (pg_trgm).
db.extension("citext");
db.extension("pg_trgm");

db.enum("order_status", ["pending", "paid", "shipped", "cancelled"]);

db.table("customers", {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    // citext: Ann@Shop.example and ann@shop.example are one customer (the unique key sees them equal).
    email: { type: "citext", nullable: false },
    display_name: { type: "varchar(120)" },
    created_at: { type: "timestamptz", nullable: false, default: "now()" },
  },
  constraints: { customers_email_key: { type: "unique", columns: ["email"] } },
});

db.table("addresses", {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    customer_id: { type: "bigint", nullable: false },
    line1: { type: "text", nullable: false },
    city: { type: "text", nullable: false },
    country: { type: "char(2)", nullable: false },
  },
  constraints: {
    addresses_customer_fkey: {
      type: "foreignKey",
      columns: ["customer_id"],
      references: { table: "customers", columns: ["id"] },
      onDelete: "cascade",
    },
  },
  indexes: { addresses_customer_idx: { columns: ["customer_id"] } },
});

db.table("categories", {
  columns: {
    id: { type: "integer", identity: "by default", primaryKey: true },
    name: { type: "text", nullable: false, unique: true },
  },
});

// Keeps a row's updated_at current on every UPDATE (the trigger on products below runs it).
db.function("set_updated_at", {
  returns: "trigger",
  language: "plpgsql",
  body: `
begin
  new.updated_at := now();
  return new;
end`,
});

db.table("products", {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    sku: { type: "text", nullable: false, unique: true },
    name: { type: "text", nullable: false },
    category_id: { type: "integer" },
    price_cents: { type: "integer", nullable: false },
    attributes: { type: "jsonb", nullable: false, default: "'{}'::jsonb" },
    updated_at: { type: "timestamptz", nullable: false, default: "now()" },
  },
  triggers: {
    products_set_updated_at: {
      timing: "before",
      events: ["update"],
      forEach: "row",
      function: "set_updated_at",
    },
  },
  constraints: {
    products_category_fkey: {
      type: "foreignKey",
      columns: ["category_id"],
      references: { table: "categories", columns: ["id"] },
      onDelete: "set null",
    },
    products_price_positive: { type: "check", expression: "price_cents >= 0" },
  },
  indexes: {
    products_attributes_idx: { columns: ["attributes"], method: "gin" },
    products_name_trgm_idx: { columns: [{ column: "name", opclass: "gin_trgm_ops" }], method: "gin" },
  },
});

db.table("orders", {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    customer_id: { type: "bigint", nullable: false },
    status: { type: "order_status", nullable: false, default: "'pending'::order_status" },
    placed_at: { type: "timestamptz", nullable: false, default: "now()" },
  },
  constraints: {
    orders_customer_fkey: {
      type: "foreignKey",
      columns: ["customer_id"],
      references: { table: "customers", columns: ["id"] },
    },
  },
  indexes: {
    orders_customer_placed_idx: { columns: ["customer_id", { column: "placed_at", order: "desc" }] },
    orders_open_idx: { columns: ["placed_at"], where: "status = 'pending'::order_status" },
  },
});

db.table("order_items", {
  columns: {
    order_id: { type: "bigint", nullable: false },
    line_no: { type: "integer", nullable: false },
    product_id: { type: "bigint", nullable: false },
    quantity: { type: "integer", nullable: false },
    unit_price_cents: { type: "integer", nullable: false },
  },
  constraints: {
    order_items_pkey: { type: "primaryKey", columns: ["order_id", "line_no"] },
    order_items_order_fkey: {
      type: "foreignKey",
      columns: ["order_id"],
      references: { table: "orders", columns: ["id"] },
      onDelete: "cascade",
    },
    order_items_product_fkey: {
      type: "foreignKey",
      columns: ["product_id"],
      references: { table: "products", columns: ["id"] },
    },
    order_items_quantity_positive: { type: "check", expression: "quantity > 0" },
  },
  indexes: { order_items_product_idx: { columns: ["product_id"] } },
});

db.table("payments", {
  columns: {
    id: { type: "uuid", primaryKey: true, default: "gen_random_uuid()" },
    order_id: { type: "bigint", nullable: false },
    amount_cents: { type: "integer", nullable: false },
    provider_ref: { type: "text" },
    paid_at: { type: "timestamptz" },
  },
  constraints: {
    payments_order_fkey: {
      type: "foreignKey",
      columns: ["order_id"],
      references: { table: "orders", columns: ["id"] },
    },
  },
  indexes: { payments_order_idx: { columns: ["order_id"] } },
});

db.table("shipments", {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    order_id: { type: "bigint", nullable: false },
    address_id: { type: "bigint", nullable: false },
    carrier: { type: "text", nullable: false },
    tracking_code: { type: "text" },
    shipped_at: { type: "timestamptz" },
  },
  constraints: {
    shipments_order_fkey: {
      type: "foreignKey",
      columns: ["order_id"],
      references: { table: "orders", columns: ["id"] },
    },
    shipments_address_fkey: {
      type: "foreignKey",
      columns: ["address_id"],
      references: { table: "addresses", columns: ["id"] },
    },
  },
  indexes: {
    shipments_tracking_idx: { columns: ["tracking_code"], unique: true, where: "tracking_code IS NOT NULL" },
  },
});

db.table("reviews", {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    product_id: { type: "bigint", nullable: false },
    customer_id: { type: "bigint", nullable: false },
    rating: { type: "smallint", nullable: false },
    body: { type: "text" },
    created_at: { type: "timestamptz", nullable: false, default: "now()" },
  },
  constraints: {
    reviews_product_fkey: {
      type: "foreignKey",
      columns: ["product_id"],
      references: { table: "products", columns: ["id"] },
      onDelete: "cascade",
    },
    reviews_customer_fkey: {
      type: "foreignKey",
      columns: ["customer_id"],
      references: { table: "customers", columns: ["id"] },
      onDelete: "cascade",
    },
    reviews_rating_range: { type: "check", expression: "rating BETWEEN 1 AND 5" },
    reviews_one_per_customer: { type: "unique", columns: ["product_id", "customer_id"] },
  },
});

db.table("inventory", {
  columns: {
    product_id: { type: "bigint", primaryKey: true },
    on_hand: { type: "integer", nullable: false, default: "0" },
    updated_at: { type: "timestamptz", nullable: false, default: "now()" },
  },
  constraints: {
    inventory_product_fkey: {
      type: "foreignKey",
      columns: ["product_id"],
      references: { table: "products", columns: ["id"] },
      onDelete: "cascade",
    },
  },
});

db.table("coupons", {
  columns: {
    code: { type: "text", primaryKey: true },
    percent_off: { type: "numeric(5,2)", nullable: false },
    valid_until: { type: "date" },
    tags: { type: "text[]", nullable: false, default: "'{}'::text[]" },
  },
  indexes: { coupons_tags_idx: { columns: ["tags"], method: "gin" } },
});

// Stock movements: a high-volume append-only table keyed the classic way, by a bigserial.
db.table("stock_movements", {
  columns: {
    id: { type: "bigserial", primaryKey: true },
    product_id: { type: "bigint", nullable: false },
    delta: { type: "integer", nullable: false },
    reason: { type: "text", nullable: false },
    at: { type: "timestamptz", nullable: false, default: "now()" },
  },
  constraints: {
    stock_movements_product_fkey: {
      type: "foreignKey",
      columns: ["product_id"],
      references: { table: "products", columns: ["id"] },
      onDelete: "cascade",
    },
  },
  indexes: { stock_movements_product_at_idx: { columns: ["product_id", { column: "at", order: "desc" }] } },
});

db.table("audit_log", {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    actor: { type: "text", nullable: false },
    action: { type: "text", nullable: false },
    details: { type: "jsonb" },
    client_ip: { type: "inet" },
    at: { type: "timestamptz", nullable: false, default: "now()" },
  },
  indexes: { audit_log_at_brin: { columns: ["at"], method: "brin" } },
});

// A reporting view: Postgres' own rendering of the query is compared, so reformatting it is no
// change; a column change under it re-creates it around the change.
db.view("daily_revenue", {
  query: `select date_trunc('day', o.placed_at) as day,
                 count(distinct o.id) as orders,
                 sum(i.quantity * i.unit_price_cents) as revenue_cents
            from orders o join order_items i on i.order_id = o.id
           where o.status in ('paid', 'shipped')
           group by 1`,
  comment: "revenue per day of paid and shipped orders",
});

db.version("2026.12.1");
// The Database's typed outputs, under the names a promotion gate in another stack reads (rehearsal:
// the per-step timings measured on the copy of prod, printed by prod's promotion gate).
export const { schemaVersion, appliedFingerprint, rehearsedFingerprint, rehearsedSteps, rehearsal } =
  db.stackOutputs;
