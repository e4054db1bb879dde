// The whole declared schema as one compact string: history and rollback need it in every
// checkpoint, but as a structured input it would fill `pulumi preview --diff` (the engine compares
// inputs property by property) and weigh ~1 KB per table in the state. Gzipped JSON in base64 is
// one diff line and a fraction of the size.
import { gunzipSync, gzipSync } from "zlib";
import type { SchemaModel } from "../core/model/model";

const prefix = "gzip+json:";

export function encodeSchema(model: SchemaModel): string {
  return prefix + gzipSync(Buffer.from(JSON.stringify(model), "utf8"), { level: 9 }).toString("base64");
}

export function decodeSchema(encoded: string): SchemaModel {
  if (!encoded.startsWith(prefix)) throw new Error(`not an encoded schema (expected the "${prefix}" prefix)`);
  return JSON.parse(
    gunzipSync(Buffer.from(encoded.slice(prefix.length), "base64")).toString("utf8"),
  ) as SchemaModel;
}
