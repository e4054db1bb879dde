// Normalised model -> declarations (the spec format `inspect` prints). Uses the shorthands a person
// would write (primaryKey: true, plain column names in indexes) whenever they mean exactly the same.
import type {
  ColumnDeclaration,
  ConstraintDeclaration,
  EnumDeclaration,
  IndexDeclaration,
  IndexKeyDeclaration,
  SchemaSpec,
  TableDeclaration,
} from "./declaration";
import { functionToDeclaration } from "./function";
import { triggerToDeclaration } from "./trigger";
import { compositeTypeToDeclaration } from "./composite-type";
import { domainToDeclaration } from "./domain";
import { exclusionToDeclaration } from "./exclusion";
import { viewToDeclaration } from "./view";
import type { ConstraintModel, EnumModel, IndexModel, SchemaModel, SequenceModel, TableModel } from "./model";
import { serialOf, sequenceToDeclaration } from "./sequence";
import { extensionToDeclaration } from "./extension";
import { policyToDeclaration, rowLevelSecurityToDeclaration } from "./policy";
import { defaultPrivilegesToDeclaration, grantsToDeclaration } from "./privilege";
import { roleToDeclaration } from "./role";
import { partitionToDeclaration } from "./partition";

function constraintDeclaration(c: ConstraintModel): ConstraintDeclaration {
  const d = constraintShape(c);
  return c.comment !== undefined ? { ...d, comment: c.comment } : d;
}

function constraintShape(c: ConstraintModel): ConstraintDeclaration {
  switch (c.kind) {
    case "primaryKey":
      return { type: "primaryKey", columns: [...c.columns] };
    case "unique":
      return {
        type: "unique",
        columns: [...c.columns],
        ...(c.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
        ...(c.deferrable ? { deferrable: true } : {}),
        ...(c.initiallyDeferred ? { initiallyDeferred: true } : {}),
      };
    case "check":
      return { type: "check", expression: c.expression, ...(c.noInherit ? { noInherit: true } : {}) };
    case "foreignKey":
      return {
        type: "foreignKey",
        columns: [...c.columns],
        references: {
          schema: c.references.schema,
          table: c.references.table,
          columns: [...c.references.columns],
        },
        ...(c.onDelete !== "no action" ? { onDelete: c.onDelete } : {}),
        ...(c.onUpdate !== "no action" ? { onUpdate: c.onUpdate } : {}),
        ...(c.deferrable ? { deferrable: true } : {}),
        ...(c.initiallyDeferred ? { initiallyDeferred: true } : {}),
      };
    case "exclusion":
      return exclusionToDeclaration(c);
  }
}

export function indexDeclaration(i: IndexModel): IndexDeclaration {
  const columns = i.keys.map((k): string | IndexKeyDeclaration => {
    const plain = k.order === "asc" && k.nulls === "last" && k.opclass === null && k.collation === null;
    if (k.column !== null && plain) return k.column;
    const defaultNulls = k.order === "desc" ? "first" : "last";
    return {
      ...(k.column !== null ? { column: k.column } : { expression: k.expression as string }),
      ...(k.order !== "asc" ? { order: k.order } : {}),
      ...(k.nulls !== defaultNulls ? { nulls: k.nulls } : {}),
      ...(k.opclass !== null ? { opclass: k.opclass } : {}),
      ...(k.collation !== null ? { collation: k.collation } : {}),
    };
  });
  return {
    columns,
    ...(i.method !== "btree" ? { method: i.method } : {}),
    ...(i.unique ? { unique: true } : {}),
    ...(i.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
    ...(i.include.length ? { include: [...i.include] } : {}),
    ...(i.where !== null ? { where: i.where } : {}),
    ...(i.with ? { with: { ...i.with } } : {}),
    ...(i.comment !== undefined ? { comment: i.comment } : {}),
  };
}

/**
 * `sequences`: the model's sequences; a column that follows the serial convention with its owned
 * sequence is printed as `type: "serial"` (and the sequence is left out of the spec, see toSpec).
 */
export function tableToDeclaration(
  t: TableModel,
  sequences: readonly SequenceModel[] = [],
): TableDeclaration {
  const pk = t.constraints.find((c) => c.kind === "primaryKey");
  const pkShorthand = pk && pk.columns.length === 1 && pk.name === `${t.name}_pkey` ? pk.columns[0] : null;
  const columns: Record<string, ColumnDeclaration> = {};
  for (const c of t.columns) {
    const isPk = c.name === pkShorthand;
    const serial = serialOf(t.schema, t.name, c, sequences);
    if (serial) {
      columns[c.name] = {
        type: serial.type,
        ...(isPk ? { primaryKey: true } : {}),
        ...(c.collation !== null ? { collation: c.collation } : {}),
        ...(c.comment !== null ? { comment: c.comment } : {}),
        ...(c.renamedFrom !== null ? { renamedFrom: c.renamedFrom } : {}),
      };
      continue;
    }
    columns[c.name] = {
      type: c.type,
      ...(isPk ? { primaryKey: true } : {}),
      ...(!c.nullable && !isPk && !c.identity ? { nullable: false } : {}),
      ...(c.default !== null ? { default: c.default } : {}),
      ...(c.identity !== null ? { identity: c.identity } : {}),
      ...(c.generated !== null ? { generated: c.generated } : {}),
      ...(c.collation !== null ? { collation: c.collation } : {}),
      ...(c.comment !== null ? { comment: c.comment } : {}),
      ...(c.renamedFrom !== null ? { renamedFrom: c.renamedFrom } : {}),
      ...(c.grants !== undefined ? { grants: grantsToDeclaration("column", c.grants) } : {}),
    };
  }
  const constraints: Record<string, ConstraintDeclaration> = {};
  for (const c of t.constraints) {
    if (pkShorthand !== null && c === pk) continue;
    constraints[c.name] = constraintDeclaration(c);
  }
  const indexes: Record<string, IndexDeclaration> = {};
  for (const i of t.indexes) indexes[i.name] = indexDeclaration(i);
  return {
    columns,
    ...(Object.keys(constraints).length ? { constraints } : {}),
    ...(Object.keys(indexes).length ? { indexes } : {}),
    ...(t.unlogged ? { unlogged: true } : {}),
    ...(t.comment !== null ? { comment: t.comment } : {}),
    ...(t.renamedFrom !== null ? { renamedFrom: t.renamedFrom } : {}),
    ...(t.owner !== undefined ? { owner: t.owner } : {}),
    ...(t.grants !== undefined ? { grants: grantsToDeclaration("table", t.grants) } : {}),
    ...(t.rowLevelSecurity !== undefined
      ? { rowLevelSecurity: rowLevelSecurityToDeclaration(t.rowLevelSecurity) }
      : {}),
    ...(t.policies !== undefined
      ? { policies: Object.fromEntries(t.policies.map((p) => [p.name, policyToDeclaration(p)])) }
      : {}),
    ...(t.partitionBy !== undefined ? { partitionBy: t.partitionBy } : {}),
    ...(t.partitions?.length
      ? { partitions: Object.fromEntries(t.partitions.map((p) => [p.name, partitionToDeclaration(p)])) }
      : {}),
  };
}

export function enumToDeclaration(e: EnumModel): EnumDeclaration {
  const extra =
    e.comment !== null ||
    e.renamedFrom !== null ||
    Object.keys(e.renamedValues).length > 0 ||
    e.owner !== undefined ||
    e.grants !== undefined;
  if (!extra) return [...e.values];
  return {
    values: [...e.values],
    ...(e.comment !== null ? { comment: e.comment } : {}),
    ...(e.renamedFrom !== null ? { renamedFrom: e.renamedFrom } : {}),
    ...(Object.keys(e.renamedValues).length ? { renamedValues: { ...e.renamedValues } } : {}),
    ...(e.owner !== undefined ? { owner: e.owner } : {}),
    ...(e.grants !== undefined ? { grants: grantsToDeclaration("type", e.grants) } : {}),
  };
}

/** Model -> spec; schemas, tables and enums sorted by name so the output is stable. */
export function toSpec(model: SchemaModel): SchemaSpec {
  const spec: SchemaSpec = { ...(model.version !== null ? { version: model.version } : {}), schemas: {} };
  for (const s of [...model.schemas].sort()) spec.schemas[s] = {};
  const sorted = <T extends { name: string }>(xs: T[]) => [...xs].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of sorted(model.enums)) {
    const ns = (spec.schemas[e.schema] ??= {});
    (ns.enums ??= {})[e.name] = enumToDeclaration(e);
  }
  for (const d of sorted(model.domains ?? [])) {
    const ns = (spec.schemas[d.schema] ??= {});
    (ns.domains ??= {})[d.name] = domainToDeclaration(d);
  }
  for (const c of sorted(model.compositeTypes ?? [])) {
    const ns = (spec.schemas[c.schema] ??= {});
    (ns.compositeTypes ??= {})[c.name] = compositeTypeToDeclaration(c);
  }
  const sequences = model.sequences ?? [];
  for (const t of sorted(model.tables)) {
    const ns = (spec.schemas[t.schema] ??= {});
    (ns.tables ??= {})[t.name] = tableToDeclaration(t, sequences);
  }
  for (const q of sorted(standaloneSequences(model))) {
    const ns = (spec.schemas[q.schema] ??= {});
    (ns.sequences ??= {})[q.name] = sequenceToDeclaration(q);
  }
  for (const x of sorted(model.extensions ?? [])) {
    const ns = (spec.schemas[x.schema] ??= {});
    (ns.extensions ??= {})[x.name] = extensionToDeclaration(x);
  }
  for (const a of model.schemaAccess ?? []) {
    const ns = (spec.schemas[a.schema] ??= {});
    if (a.owner !== undefined) ns.owner = a.owner;
    if (a.grants !== undefined) ns.grants = grantsToDeclaration("schema", a.grants);
    if (a.defaultPrivileges !== undefined)
      ns.defaultPrivileges = defaultPrivilegesToDeclaration(a.defaultPrivileges);
  }
  if (model.roles?.length)
    spec.roles = Object.fromEntries(model.roles.map((r) => [r.name, roleToDeclaration(r)]));
  for (const f of sorted(model.functions ?? [])) {
    const ns = (spec.schemas[f.schema] ??= {});
    if (f.kind === "procedure") (ns.procedures ??= {})[f.name] = functionToDeclaration(f);
    else (ns.functions ??= {})[f.name] = functionToDeclaration(f);
  }
  for (const t of sorted(model.triggers ?? [])) {
    const table = spec.schemas[t.schema]?.tables?.[t.table];
    if (table) (table.triggers ??= {})[t.name] = triggerToDeclaration(t);
  }
  for (const v of sorted(model.views ?? [])) {
    const ns = (spec.schemas[v.schema] ??= {});
    (ns.views ??= {})[v.name] = viewToDeclaration(v, indexDeclaration);
  }
  const serialGrants = serialSequenceGrants(model);
  if (Object.keys(serialGrants).length) spec.grants = serialGrants;
  return spec;
}

/**
 * Grants on the sequences behind serial columns, by reference (`sequence:public.t_id_seq`): the
 * column's short form has no place for them. (Their owner is the table's.)
 */
export function serialSequenceGrants(model: SchemaModel): NonNullable<SchemaSpec["grants"]> {
  const standalone = new Set(standaloneSequences(model));
  const out: NonNullable<SchemaSpec["grants"]> = {};
  for (const q of model.sequences ?? [])
    if (!standalone.has(q) && q.grants !== undefined)
      out[`sequence:${q.schema}.${q.name}`] = grantsToDeclaration("sequence", q.grants);
  return out;
}

/** Sequences that are not printed as a serial column's (those are part of the column declaration). */
export function standaloneSequences(model: SchemaModel): SequenceModel[] {
  const sequences = model.sequences ?? [];
  const serial = new Set<SequenceModel>();
  for (const t of model.tables)
    for (const c of t.columns) {
      const s = serialOf(t.schema, t.name, c, sequences);
      if (s) serial.add(s.sequence);
    }
  return sequences.filter((q) => !serial.has(q));
}
