// Large records as one compact string: gzipped JSON in base64. The whole declared schema (history
// and rollback need it in every checkpoint, but as a structured input it would fill
// `pulumi preview --diff`, the engine comparing inputs property by property, and weigh ~1 KB per
// table in the state) and the Migration's record of the statements an update ran (~1 KB per table
// after a first update as plain JSON, ~0.1 KB gzipped: SQL repeats itself from table to table).
import { gunzipSync, gzipSync } from "zlib";
import type { SchemaModel } from "../core/model/model";
import type { ExecutedStep, ManagedObjects } from "./provider-props";

const prefix = "gzip+json:";

function encodeJson(value: unknown): string {
  return prefix + gzipSync(Buffer.from(JSON.stringify(value), "utf8"), { level: 9 }).toString("base64");
}

function decodeJson(encoded: string, what: string): unknown {
  if (!encoded.startsWith(prefix))
    throw new Error(`not an encoded ${what} (expected the "${prefix}" prefix)`);
  return JSON.parse(gunzipSync(Buffer.from(encoded.slice(prefix.length), "base64")).toString("utf8"));
}

export function encodeSchema(model: SchemaModel): string {
  return encodeJson(model);
}

export function decodeSchema(encoded: string): SchemaModel {
  return decodeJson(encoded, "schema") as SchemaModel;
}

export function encodeSteps(steps: ExecutedStep[]): string {
  return encodeJson(steps);
}

/** A Migration's `steps` output: encoded, or (state written by earlier releases) the plain list. */
export function decodeSteps(recorded: string | ExecutedStep[] | null | undefined): ExecutedStep[] {
  if (recorded === null || recorded === undefined) return [];
  return typeof recorded === "string" ? (decodeJson(recorded, "step record") as ExecutedStep[]) : recorded;
}

/**
 * The objects a declaration manages ("schema.name" lists), as the Migration, Backup and Rehearsal
 * keep them for the next plan: ~30 B per table as plain JSON in every checkpoint, a few bytes encoded.
 */
export function encodeManaged(managed: ManagedObjects): string {
  return encodeJson(managed);
}

/** A recorded managed-objects list: encoded, or (state written by earlier releases) the plain record. */
export function decodeManaged(recorded: string | ManagedObjects | null | undefined): ManagedObjects | null {
  if (recorded === null || recorded === undefined) return null;
  return typeof recorded === "string"
    ? (decodeJson(recorded, "managed-objects record") as ManagedObjects)
    : recorded;
}
