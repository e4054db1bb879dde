// Owners and grants of the object kinds that carry an ACL of their own besides tables, columns and
// schemas: enums, domains, composite types, sequences, views and materialized views, functions and
// procedures. One table of kinds drives every layer (declaration -> model, alignment with the live
// catalog, inspect output, rendering, planning), so an ACL is read, compared and planned the same
// way whatever the object is; each kind only says where its objects live and how SQL names them.
import type { GrantTargetKind, ObjectAccess } from "./privilege";
import type { SchemaModel } from "./model";
import { functionKey, identityArguments, type FunctionKind } from "./function";
import { quoteQualified } from "../sql/quote";

export type { ObjectAccess };

/** The fields of an ACL object the table below reads (each kind's model has them). */
export interface AclObject extends ObjectAccess {
  schema: string;
  name: string;
  renamedFrom?: string | null;
  /** Functions: function or procedure (with `arguments`, for the signature). */
  kind?: FunctionKind;
  arguments?: Parameters<typeof identityArguments>[0]["arguments"];
  /** Views: materialized or not. */
  materialized?: boolean;
}

export type AclCollection = "enums" | "domains" | "compositeTypes" | "sequences" | "views" | "functions";

export interface AclKind {
  /** Where the model keeps the objects. */
  collection: AclCollection;
  /** Which privileges apply (views take a table's). */
  grantKind: GrantTargetKind;
  /** Prefix of the spec's top-level `grants` references (`sequence:public.orders_id_seq`). */
  reference: string;
  /** The object key (plan steps, catalog dependencies, LiveAccess.objects). */
  key(o: AclObject): string;
  /** The object as GRANT / REVOKE name it: `SEQUENCE "public"."q"`. */
  grantTarget(o: AclObject): string;
  /** The object as ALTER ... OWNER TO names it. */
  ownerTarget(o: AclObject): string;
  /** The lock ALTER ... OWNER TO takes on a relation (views), for the plan. */
  ownerLocks: boolean;
  label(o: AclObject): string;
}

const q = (o: AclObject) => quoteQualified(o.schema, o.name);
const routine = (o: AclObject) =>
  `${(o.kind ?? "function").toUpperCase()} ${q(o)}(${identityArguments({ kind: o.kind ?? "function", arguments: o.arguments ?? [] })})`;
const typeKey = (o: AclObject) => `type:${o.schema}.${o.name}`;

/** A kind whose GRANT and ALTER ... OWNER TO both name it `<KEYWORD> schema.name`. */
const plainKind = (
  collection: AclCollection,
  grantKind: GrantTargetKind,
  reference: string,
  key: (o: AclObject) => string,
  keyword: string,
): AclKind => ({
  collection,
  grantKind,
  reference,
  key,
  grantTarget: (o) => `${keyword} ${q(o)}`,
  ownerTarget: (o) => `${keyword} ${q(o)}`,
  ownerLocks: false,
  label: (o) => `${keyword.toLowerCase()} ${o.schema}.${o.name}`,
});

/** Every kind with an ACL of its own, in the order their steps are listed (a plan's tie-break). */
export const aclKinds: readonly AclKind[] = [
  plainKind("enums", "type", "type", (o) => `enum:${o.schema}.${o.name}`, "TYPE"),
  plainKind("domains", "type", "type", typeKey, "DOMAIN"),
  plainKind("compositeTypes", "type", "type", typeKey, "TYPE"),
  plainKind("sequences", "sequence", "sequence", (o) => `sequence:${o.schema}.${o.name}`, "SEQUENCE"),
  {
    collection: "views",
    grantKind: "table",
    reference: "view",
    key: (o) => `view:${o.schema}.${o.name}`,
    // GRANT names every relation TABLE; ALTER must name the view's own kind.
    grantTarget: (o) => `TABLE ${q(o)}`,
    ownerTarget: (o) => `${o.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${q(o)}`,
    ownerLocks: true,
    label: (o) => `${o.materialized ? "materialized view" : "view"} ${o.schema}.${o.name}`,
  },
  {
    collection: "functions",
    grantKind: "function",
    reference: "function",
    key: (o) =>
      functionKey({
        schema: o.schema,
        name: o.name,
        kind: o.kind ?? "function",
        arguments: o.arguments ?? [],
      }),
    grantTarget: routine,
    ownerTarget: routine,
    ownerLocks: false,
    label: (o) => `${o.kind ?? "function"} ${o.schema}.${o.name}`,
  },
];

/** The objects of a kind in a model (an absent list is empty). */
export function aclObjects(model: SchemaModel, kind: AclKind): AclObject[] {
  return (model[kind.collection] ?? []) as AclObject[];
}

/** Does `live` stand for `declared` (same kind of object, same name or the name it was renamed from)? */
export function sameAclObject(live: AclObject, declared: AclObject): boolean {
  return (
    live.schema === declared.schema &&
    (live.name === declared.name || declared.renamedFrom === live.name) &&
    (live.kind ?? null) === (declared.kind ?? null)
  );
}

/** Both access-control properties of each object of every kind, set by `pick` (the copy is shallow per object). */
export function mapObjectAccess(
  model: SchemaModel,
  pick: (kind: AclKind, o: AclObject) => ObjectAccess,
): Partial<Pick<SchemaModel, AclCollection>> {
  const out: Record<string, AclObject[]> = {};
  for (const kind of aclKinds) {
    const list = model[kind.collection] as AclObject[] | undefined;
    if (list === undefined) continue;
    out[kind.collection] = list.map((o) => {
      const { owner: _o, grants: _g, ...rest } = o;
      const access = pick(kind, o);
      return {
        ...rest,
        ...(access.owner !== undefined ? { owner: access.owner } : {}),
        ...(access.grants !== undefined ? { grants: access.grants } : {}),
      };
    });
  }
  return out as Partial<Pick<SchemaModel, AclCollection>>;
}
