import { createHash } from "crypto";
import { canonicalJson, canonicalSchema } from "./canonical";
import type { SchemaModel } from "./model";

/**
 * sha256 of the canonical JSON of the schema's shape. Version and rename hints are left out on
 * purpose: a live database inspected after an apply has the same fingerprint as the declaration.
 * One-off migrations (name and SQL checksum) are folded in when a declaration has any: a new one
 * changes no shape, yet the promotion gate must see it, so prod runs only what staging rehearsed.
 */
export function schemaFingerprint(model: SchemaModel): string {
  const canonical = canonicalSchema(model);
  const migrations = model.migrations?.length
    ? model.migrations
        .map((m) => ({ name: m.name, sha256: createHash("sha256").update(m.sql).digest("hex") }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    : undefined;
  return createHash("sha256")
    .update(canonicalJson(migrations ? { ...canonical, migrations } : canonical))
    .digest("hex");
}
