// Your database's schema, declared with schemastack. `pulumi preview` shows what would change
// (including drift made outside Pulumi); `pulumi up` takes a verified dump, then applies the steps.
import * as pulumi from "@pulumi/pulumi";
import { Database } from "schemastack";

const config = new pulumi.Config();

const db = new Database("app", {
  connection: config.requireSecret("databaseUrl"),
  // Steps that delete data (dropping a table or column, narrowing a type) stop the update unless
  // this is set on purpose for one run: `pulumi config set allowDataLoss true`.
  allowDataLoss: config.getBoolean("allowDataLoss") ?? false,
  backup: {
    target: { kind: "s3", bucket: config.require("backupBucket"), prefix: `${pulumi.getStack()}/` },
    keep: 20,
  },
});

db.table("accounts", {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    email: { type: "text", nullable: false },
    created_at: { type: "timestamptz", nullable: false, default: "now()" },
  },
  constraints: { accounts_email_key: { type: "unique", columns: ["email"] } },
});

// Declare the version last: it validates the whole schema and registers every resource. Bump it
// with each change; your application checks it at start-up (schemastack/verify).
db.version("1");
