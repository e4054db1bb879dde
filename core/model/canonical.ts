// Canonical form of a model: unordered collections sorted, migration hints removed. Two models
// describe the same schema exactly when their canonical JSON is equal.
import { canonicalView } from "./view";
import type {
  ColumnModel,
  CompositeTypeModel,
  ConstraintModel,
  DomainModel,
  EnumModel,
  ExtensionModel,
  IndexModel,
  SchemaModel,
  SequenceModel,
  TableModel,
} from "./model";
import { sortPolicies } from "./policy";
import { SchemaAccessModel, sortDefaultPrivileges, sortedGrants } from "./privilege";
import type { RoleModel } from "./role";
import { FunctionModel, canonicalFunction, identityArguments } from "./function";
import type { TriggerModel } from "./trigger";

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byKey = <T extends { schema: string; name: string }>(a: T, b: T) =>
  byName({ name: `${a.schema}\u0000${a.name}` }, { name: `${b.schema}\u0000${b.name}` });

export type CanonicalColumn = Omit<ColumnModel, "renamedFrom">;
export type CanonicalTable = Omit<TableModel, "renamedFrom" | "columns"> & { columns: CanonicalColumn[] };
export type CanonicalEnum = Omit<EnumModel, "renamedFrom" | "renamedValues">;
export interface CanonicalSchema {
  schemas: string[];
  /** Present only when some schema has a comment (older fingerprints stay as they were). */
  schemaComments?: Record<string, string>;
  enums: CanonicalEnum[];
  tables: CanonicalTable[];
  /** Only when declared (absent for schemas without access control, so their fingerprint is unchanged). */
  schemaAccess?: SchemaAccessModel[];
  roles?: RoleModel[];
  /** Present only when there are any, so schemas without them keep their fingerprint. */
  functions?: FunctionModel[];
  triggers?: TriggerModel[];
  /** Present only when the schema has any (older fingerprints stay as they were). */
  domains?: DomainModel[];
  compositeTypes?: CompositeTypeModel[];
  /** Present only when the schema has any (fingerprints of schemas without them are unchanged). */
  sequences?: Array<Omit<SequenceModel, "renamedFrom">>;
  extensions?: ExtensionModel[];
  /** Present only when the schema has views (older fingerprints stay the same). */
  views?: Array<ReturnType<typeof canonicalView>>;
}

function canonicalColumn(c: ColumnModel): CanonicalColumn {
  return {
    name: c.name,
    type: c.type,
    nullable: c.nullable,
    default: c.default,
    identity: c.identity,
    generated: c.generated,
    collation: c.collation,
    comment: c.comment,
    ...(c.grants ? { grants: sortedGrants(c.grants) } : {}),
  };
}

function canonicalConstraint(c: ConstraintModel): ConstraintModel {
  // Column lists of keys are ordered (they define the key); nothing to sort inside.
  return JSON.parse(JSON.stringify(c)) as ConstraintModel;
}

function canonicalIndex(i: IndexModel): IndexModel {
  return JSON.parse(JSON.stringify(i)) as IndexModel;
}

export function canonicalTable(t: TableModel): CanonicalTable {
  return {
    schema: t.schema,
    name: t.name,
    unlogged: t.unlogged,
    comment: t.comment,
    columns: t.columns.map(canonicalColumn).sort(byName),
    constraints: t.constraints.map(canonicalConstraint).sort(byName),
    indexes: t.indexes.map(canonicalIndex).sort(byName),
    ...(t.owner !== undefined ? { owner: t.owner } : {}),
    ...(t.grants ? { grants: sortedGrants(t.grants) } : {}),
    ...(t.rowLevelSecurity ? { rowLevelSecurity: { ...t.rowLevelSecurity } } : {}),
    ...(t.policies ? { policies: sortPolicies(t.policies) } : {}),
    ...(t.partitionBy !== undefined ? { partitionBy: t.partitionBy } : {}),
    ...(t.partitions?.length ? { partitions: t.partitions.map((p) => ({ ...p })).sort(byName) } : {}),
  };
}

export function canonicalEnum(e: EnumModel): CanonicalEnum {
  return {
    schema: e.schema,
    name: e.name,
    values: [...e.values],
    comment: e.comment,
    ...(e.owner !== undefined ? { owner: e.owner } : {}),
    ...(e.grants ? { grants: sortedGrants(e.grants) } : {}),
  };
}

/** The schema's shape without version and rename hints, every unordered list sorted. */
export function canonicalSchema(model: SchemaModel): CanonicalSchema {
  return {
    schemas: [...model.schemas].sort(),
    ...(model.schemaComments && Object.keys(model.schemaComments).length
      ? { schemaComments: { ...model.schemaComments } }
      : {}),
    enums: model.enums.map(canonicalEnum).sort(byKey),
    tables: model.tables.map(canonicalTable).sort(byKey),
    ...(model.schemaAccess?.length ? { schemaAccess: canonicalSchemaAccess(model.schemaAccess) } : {}),
    ...(model.roles?.length
      ? { roles: model.roles.map((r) => ({ ...r, memberOf: [...r.memberOf].sort() })).sort(byName) }
      : {}),
    ...(model.functions?.length
      ? {
          functions: model.functions
            .map(canonicalFunction)
            .sort((a, b) => byKey(functionSortKey(a), functionSortKey(b))),
        }
      : {}),
    ...(model.triggers?.length
      ? {
          triggers: model.triggers
            .map((t) => structuredClone(t))
            .sort((a, b) =>
              byKey({ ...a, name: `${a.table}\u0000${a.name}` }, { ...b, name: `${b.table}\u0000${b.name}` }),
            ),
        }
      : {}),
    ...(model.domains?.length
      ? {
          domains: model.domains
            .map((d) => ({ ...d, checks: d.checks.map((c) => ({ ...c })).sort(byName) }))
            .sort(byKey),
        }
      : {}),
    ...(model.compositeTypes?.length
      ? { compositeTypes: model.compositeTypes.map((c) => structuredClone(c)).sort(byKey) }
      : {}),
    ...(model.sequences?.length
      ? { sequences: model.sequences.map(({ renamedFrom: _hint, ...q }) => structuredClone(q)).sort(byKey) }
      : {}),
    ...(model.extensions?.length
      ? { extensions: structuredClone(model.extensions).sort((a, b) => byName(a, b)) }
      : {}),
    ...(model.views?.length ? { views: model.views.map(canonicalView).sort(byKey) } : {}),
  };
}

function canonicalSchemaAccess(list: SchemaAccessModel[]): SchemaAccessModel[] {
  return list
    .map((s) => ({
      schema: s.schema,
      ...(s.owner !== undefined ? { owner: s.owner } : {}),
      ...(s.grants ? { grants: sortedGrants(s.grants) } : {}),
      ...(s.defaultPrivileges
        ? {
            defaultPrivileges: sortDefaultPrivileges(s.defaultPrivileges).map((d) => ({
              ...d,
              grants: sortedGrants(d.grants),
            })),
          }
        : {}),
    }))
    .sort((a, b) => (a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : 0));
}

const functionSortKey = (f: FunctionModel) => ({
  schema: f.schema,
  name: `${f.name}(${identityArguments(f)})`,
});

/** JSON with object keys sorted at every level, so key order never changes the text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((k) => [k, o[k]]),
      );
    }
    return v;
  });
}

/** Same schema shape? (ignores version, rename hints and declaration order of unordered things) */
export function sameSchema(a: SchemaModel, b: SchemaModel): boolean {
  return canonicalJson(canonicalSchema(a)) === canonicalJson(canonicalSchema(b));
}

/** Readable list of where two models differ, for test failures and `verify`. */
export function describeDifferences(a: SchemaModel, b: SchemaModel): string[] {
  const ca = canonicalSchema(a);
  const cb = canonicalSchema(b);
  const out: string[] = [];
  if (canonicalJson(ca.schemas) !== canonicalJson(cb.schemas))
    out.push(`schemas: ${ca.schemas} vs ${cb.schemas}`);
  for (const key of ["schemaComments", "schemaAccess", "roles"] as const) {
    const x = canonicalJson(ca[key] ?? null);
    const y = canonicalJson(cb[key] ?? null);
    if (x !== y) out.push(`${key}:\n    ${x}\n    ${y}`);
  }
  const keyed = <T extends { schema: string; name: string }>(list: T[]) =>
    new Map(list.map((x) => [`${x.schema}.${x.name}`, x]));
  const functions = (list: FunctionModel[] = []) => keyed(list.map((f) => ({ ...f, ...functionSortKey(f) })));
  const triggers = (list: TriggerModel[] = []) =>
    keyed(list.map((t) => ({ ...t, name: `${t.table}.${t.name}` })));
  for (const [kind, la, lb] of [
    ["enum", keyed(ca.enums), keyed(cb.enums)],
    ["table", keyed(ca.tables), keyed(cb.tables)],
    ["function", functions(ca.functions), functions(cb.functions)],
    ["trigger", triggers(ca.triggers), triggers(cb.triggers)],
    ["domain", keyed(ca.domains ?? []), keyed(cb.domains ?? [])],
    ["composite type", keyed(ca.compositeTypes ?? []), keyed(cb.compositeTypes ?? [])],
    ["sequence", keyed(ca.sequences ?? []), keyed(cb.sequences ?? [])],
    ["extension", keyed(ca.extensions ?? []), keyed(cb.extensions ?? [])],
    ["view", keyed(ca.views ?? []), keyed(cb.views ?? [])],
  ] as const) {
    for (const key of new Set([...la.keys(), ...lb.keys()])) {
      const x = canonicalJson((la as Map<string, unknown>).get(key) ?? null);
      const y = canonicalJson((lb as Map<string, unknown>).get(key) ?? null);
      if (x !== y) out.push(`${kind} ${key}:\n    ${x}\n    ${y}`);
    }
  }
  return out;
}
