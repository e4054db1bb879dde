// Extensions: CREATE EXTENSION into a schema, at a version. Objects an extension owns (its types,
// functions, operator classes) are never managed as the user's own; declaring the extension is
// what lets columns use its types (`citext`) and indexes its operator classes (`gin_trgm_ops`).
import { ValidationIssue } from "./errors";
import type { ExtensionModel, SchemaModel } from "./model";
import type { UserTypeResolver } from "./normalize-type";

export interface ExtensionDeclaration {
  /** The version to install or update to (ALTER EXTENSION ... UPDATE TO); default: the server's default version. */
  version?: string;
  /** COMMENT ON EXTENSION; absent: the extension's own comment (the one CREATE EXTENSION sets). */
  comment?: string;
}

export const extensionLabel = (name: string) => `extension "${name}"`;

/**
 * The types of common extensions, so a column may say `citext` once the extension is declared
 * (resolved to the schema it is installed in). Other extensions' types are written qualified
 * (`public.mytype`) and checked when the declaration is rendered in the scratch database.
 */
const extensionTypes: Record<string, readonly string[]> = {
  citext: ["citext"],
  hstore: ["hstore"],
  ltree: ["ltree", "lquery", "ltxtquery"],
  cube: ["cube"],
  seg: ["seg"],
  isn: ["ean13", "isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "upc"],
  vector: ["vector", "halfvec", "sparsevec"],
  postgis: ["geometry", "geography", "box2d", "box3d"],
};

/** The types a known extension provides (none for others). */
export function extensionTypeNames(extension: string): readonly string[] {
  return extensionTypes[extension] ?? [];
}

export function extensionFromDeclaration(
  schema: string,
  name: string,
  decl: ExtensionDeclaration,
): ExtensionModel {
  return {
    name,
    schema,
    version: decl?.version ?? null,
    ...(decl?.comment !== undefined ? { comment: decl.comment } : {}),
  };
}

/** Only what differs from the defaults; a removed stock comment (live null) has no declared form. */
export function extensionToDeclaration(e: ExtensionModel): ExtensionDeclaration {
  return {
    ...(e.version !== null ? { version: e.version } : {}),
    ...(typeof e.comment === "string" ? { comment: e.comment } : {}),
  };
}

/** Resolves the types of declared extensions (in their schema), then falls back to `next`. */
export function withExtensionTypes(
  extensions: readonly ExtensionModel[],
  next: UserTypeResolver,
): UserTypeResolver {
  if (!extensions.length) return next;
  return (schema, name, qualified = schema !== null) => {
    const found = next(schema, name, qualified);
    if (found) return found;
    for (const e of extensions) {
      if (!(extensionTypes[e.name] ?? []).includes(name)) continue;
      if (schema === null || schema === e.schema) return { schema: e.schema, name };
    }
    // A type the declaration qualified with a schema holding a declared extension: the render checks
    // it exists. Unqualified unknown names (`trigger`, `regclass`) are not guessed into that schema.
    if (
      qualified &&
      schema !== null &&
      extensions.some((e) => e.schema === schema) &&
      /^[a-z_][a-z0-9_]*$/.test(name)
    )
      return { schema, name };
    return undefined;
  };
}

export function validateExtensions(model: SchemaModel): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const schemas = new Set(model.schemas);
  const seen = new Map<string, string>();
  for (const e of model.extensions ?? []) {
    const path = extensionLabel(e.name);
    if (!schemas.has(e.schema)) issues.push({ path, message: `schema "${e.schema}" is not declared` });
    if (e.name.length === 0 || Buffer.byteLength(e.name) > 63)
      issues.push({ path, message: "name must be 1 to 63 bytes" });
    if (
      e.version !== null &&
      (typeof e.version !== "string" || e.version === "" || e.version.includes("\u0000"))
    )
      issues.push({ path, message: "version must be a non-empty string" });
    if (e.comment !== undefined && (typeof e.comment !== "string" || e.comment === ""))
      issues.push({
        path,
        message: `comment must be a non-empty string, not ${JSON.stringify(e.comment)} (leave it out for the extension's own comment)`,
      });
    const other = seen.get(e.name);
    if (other !== undefined)
      issues.push({
        path,
        message: `declared in schemas "${other}" and "${e.schema}": an extension is installed once per database`,
      });
    seen.set(e.name, e.schema);
  }
  return issues;
}
