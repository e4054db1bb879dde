import { createHash } from "crypto";
import { canonicalJson, canonicalSchema } from "./canonical";
import type { SchemaModel } from "./model";

/**
 * sha256 of the canonical JSON of the schema's shape. Version and rename hints are left out on
 * purpose: a live database inspected after an apply has the same fingerprint as the declaration.
 */
export function schemaFingerprint(model: SchemaModel): string {
  return createHash("sha256")
    .update(canonicalJson(canonicalSchema(model)))
    .digest("hex");
}
