// Schemas as objects of their own: the managed namespaces and their comments. (Their owner, grants
// and default privileges are access control: core/model/privilege.ts.)
import type { SchemaSpec } from "./declaration";
import { ValidationIssue } from "./errors";
import type { SchemaModel } from "./model";

/** The comment initdb gives `public`: read as no comment, so inspect never repeats it. */
export const publicSchemaStockComment = "standard public schema";

/** A live schema comment as the model holds it: null for none and for public's stock comment. */
export function liveSchemaComment(schema: string, comment: string | null): string | null {
  return schema === "public" && comment === publicSchemaStockComment ? null : comment;
}

/** The declared comments by schema (absent when none, so older models keep their fingerprint). */
export function schemaCommentsFromSpec(
  spec: SchemaSpec,
  issues: ValidationIssue[],
): SchemaModel["schemaComments"] {
  const out: Record<string, string> = {};
  for (const [schema, ns] of Object.entries(spec.schemas ?? {})) {
    const comment = (ns as { comment?: unknown } | null)?.comment;
    if (comment === undefined) continue;
    if (typeof comment !== "string" || comment === "") {
      issues.push({
        path: `schema "${schema}"`,
        message: `comment must be a non-empty string, not ${JSON.stringify(comment)} (leave it out for none)`,
      });
      continue;
    }
    const live = liveSchemaComment(schema, comment);
    if (live !== null) out[schema] = live;
  }
  return Object.keys(out).length ? out : undefined;
}

/** `comments` of the schemas `keep` accepts, absent when none is left (like a model without any). */
export function schemaCommentsOf(
  comments: SchemaModel["schemaComments"],
  keep: (schema: string) => boolean,
): Pick<SchemaModel, "schemaComments"> {
  const kept = Object.entries(comments ?? {}).filter(([schema]) => keep(schema));
  return kept.length ? { schemaComments: Object.fromEntries(kept) } : {};
}
