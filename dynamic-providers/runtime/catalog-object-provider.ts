// The provider behind Table and EnumType resources. It runs no DDL: the Database's migration
// resource applies the whole plan once. diff reports drift against the operation's live snapshot,
// property by property, and only differences made outside the program are called drift (a
// declared change shows in `preview --diff` instead); create/update verify that the live object
// is what the resource declares once the migration ran; delete does nothing (the plan dropped the
// object, or the data stays when the stack lets go of it).
import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { canonicalJson } from "../../core/model/canonical";
import type { SchemaModel } from "../../core/model/model";
import { ManagedScope, withinScope } from "../../core/model/scope";
import {
  CompositeTypeProps,
  compositeTypeProps,
  DomainProps,
  domainProps,
  EnumProps,
  enumProps,
  ExtensionProps,
  extensionProps,
  SequenceProps,
  sequenceProps,
  compactTable,
  expandTable,
  FullTableProps,
  keyedTable,
  TableProps,
  ViewProps,
  viewProps,
} from "../object-shape";
import {
  comparableRoutine,
  findFunction,
  functionPropertyNames,
  FunctionProps,
  functionProps,
  pickProps,
  triggerPropertyNames,
  TriggerProps,
  triggerProps,
} from "../routine-shape";
import { warn } from "./engine-log";
import { liveSnapshot } from "./live-catalog";
import type { LiveSchema } from "../../core/introspect";
import { withEveryAccess } from "../../core/model/access";
import { sequenceDeclarationKeys } from "../../core/model/sequence";
import { accessKeys, accessPart, accessProps, alignToDeclared, objectAccessKeys } from "../access-shape";

/** The snapshot's model with its access control read into it (once per snapshot). */
const withAccess = new WeakMap<LiveSchema, SchemaModel>();
function liveModel(snapshot: LiveSchema): SchemaModel {
  let model = withAccess.get(snapshot);
  if (!model) withAccess.set(snapshot, (model = withEveryAccess(snapshot.model, snapshot.access)));
  return model;
}
import { configureSettings } from "./settings";
import type { CatalogObjectKind, CatalogObjectProps } from "../provider-props";
export type { CatalogObjectKind, CatalogObjectProps };

/** What comparisons use: a table's children with every property (compact inputs are expanded). */
type ComparableProps =
  | FullTableProps
  | EnumProps
  | ViewProps
  | SequenceProps
  | (ExtensionProps & { schema: string })
  | DomainProps
  | CompositeTypeProps
  | FunctionProps
  | TriggerProps;

/**
 * Extensions are database-wide: found by name wherever they live (their schema is a property);
 * a trigger is named within its table.
 */
const indexKey = (kind: CatalogObjectKind, schema: string, name: string, table?: unknown) =>
  kind === "extension"
    ? `extension:${name}`
    : kind === "trigger"
      ? `trigger:${schema}.${String(table)}.${name}`
      : `${kind}:${schema}.${name}`;

/** `kind:schema.name` -> the live object; one index per snapshot so a diff is O(its own object). */
const indexes = new WeakMap<SchemaModel, Map<string, Map<string, ComparableProps>>>();

/** The live object as the scope sees it (ignored children left out); one index per snapshot and scope. */
function liveObject(
  model: SchemaModel,
  props: Pick<CatalogObjectProps, "kind" | "schema" | "name" | "managedScope">,
) {
  let byScope = indexes.get(model);
  if (!byScope) indexes.set(model, (byScope = new Map()));
  const scopeKey = canonicalJson(props.managedScope ?? null);
  let index = byScope.get(scopeKey);
  if (!index) {
    // The table's own schema counts as managed: it is declared (scope.schemas, when set, must list it).
    const scoped = props.managedScope ? withinScope(model, props.managedScope, model.schemas) : model;
    index = new Map<string, ComparableProps>();
    for (const t of scoped.tables) index.set(`table:${t.schema}.${t.name}`, keyedTable(t));
    for (const e of scoped.enums) index.set(`enum:${e.schema}.${e.name}`, enumProps(e));
    for (const d of scoped.domains ?? []) index.set(`domain:${d.schema}.${d.name}`, domainProps(d));
    for (const c of scoped.compositeTypes ?? [])
      index.set(`compositeType:${c.schema}.${c.name}`, compositeTypeProps(c));
    for (const q of scoped.sequences ?? []) index.set(`sequence:${q.schema}.${q.name}`, sequenceProps(q));
    for (const x of model.extensions ?? [])
      index.set(`extension:${x.name}`, { schema: x.schema, ...extensionProps(x) });
    for (const v of scoped.views ?? []) index.set(`view:${v.schema}.${v.name}`, viewProps(v));
    for (const f of [...(scoped.functions ?? [])].reverse())
      index.set(`function:${f.schema}.${f.name}`, {
        ...comparableRoutine(functionProps(f)),
        ...accessProps(f),
      });
    for (const t of scoped.triggers ?? [])
      index.set(`trigger:${t.schema}.${t.table}.${t.name}`, triggerProps(t));
    byScope.set(scopeKey, index);
  }
  return index.get(indexKey(props.kind, props.schema, props.name, tableOf(props)));
}

const kindLabels: Record<CatalogObjectKind, string> = {
  table: "table",
  enum: "enum",
  view: "view",
  sequence: "sequence",
  extension: "extension",
  domain: "domain",
  compositeType: "composite type",
  function: "function",
  trigger: "trigger",
};
const what = (kind: CatalogObjectKind, schema: string, name: string, table?: unknown) =>
  kind === "extension"
    ? `extension "${name}"`
    : kind === "trigger"
      ? `trigger "${name}" on "${schema}.${String(table)}"`
      : `${kindLabels[kind]} "${schema}.${name}"`;
const tableOf = (props: object) => (props as { table?: unknown }).table;

const childNames = { columns: "column", constraints: "constraint", indexes: "index" } as const;
const topLevel: Record<CatalogObjectKind, readonly string[]> = {
  table: ["unlogged", "comment", "partitionBy", "partitions", ...accessKeys],
  enum: ["values", "comment", ...objectAccessKeys],
  domain: ["type", "nullable", "default", "collation", "checks", "comment", ...objectAccessKeys],
  compositeType: ["attributes", "comment", ...objectAccessKeys],
  sequence: sequenceDeclarationKeys,
  extension: ["schema", "version", "comment"],
  view: [
    "materialized",
    "query",
    "securityBarrier",
    "securityInvoker",
    "checkOption",
    "indexes",
    "comment",
    ...objectAccessKeys,
  ],
  function: [...functionPropertyNames, ...objectAccessKeys],
  trigger: triggerPropertyNames,
};

const json = (value: unknown) => canonicalJson(value ?? null);

/**
 * Live vs declared, one line per property (a missing or undeclared column, constraint or index is
 * one line). `previous` is what the program declared last time: where the database still matches
 * it, the difference is the program's own change (a new column, a rename, a drop), not drift.
 * Without it (verification, or state written by an earlier release) every difference counts.
 */
export function objectDrift(
  owner: string,
  kind: CatalogObjectKind,
  live: ComparableProps | undefined,
  declared: ComparableProps,
  previous: ComparableProps | undefined,
): string[] {
  if (!live) return [`${owner} is missing from the database`];
  const lines: string[] = [];
  const record = (o: ComparableProps | undefined) => o as unknown as Record<string, unknown> | undefined;
  for (const key of topLevel[kind]) {
    const l = json(record(live)![key]);
    const d = json(record(declared)![key]);
    // An extension declared without a version takes whatever the server installs.
    if (kind === "extension" && key === "version" && d === "null") continue;
    if (l === d || (previous && json(record(previous)![key]) === l)) continue;
    lines.push(`${owner}: ${key} is ${l} in the database, declared ${d}`);
  }
  if (kind !== "table") return lines;
  for (const collection of ["columns", "constraints", "indexes"] as const) {
    const of = (o: ComparableProps | undefined) =>
      o &&
      ((o as FullTableProps)[collection] as unknown as Record<string, Record<string, unknown>> | undefined);
    const L = of(live) ?? {};
    const D = of(declared) ?? {};
    const P = of(previous);
    for (const name of [...new Set([...Object.keys(L), ...Object.keys(D)])].sort()) {
      const subject = `${owner}, ${childNames[collection]} "${name}"`;
      const l = L[name];
      const d = D[name];
      const p = P?.[name];
      if (!d) {
        // Declared last time and dropped (or renamed) by the program: its change, not drift.
        if (!p) lines.push(`${subject} exists in the database but is not declared`);
        continue;
      }
      if (!l) {
        // New in the program: not drift. Declared before and gone from the database: drift.
        if (!P || p) lines.push(`${subject} is missing from the database`);
        continue;
      }
      for (const key of [...new Set([...Object.keys(l), ...Object.keys(d)])].sort()) {
        const lv = json(l[key]);
        const dv = json(d[key]);
        if (lv === dv || (p && json(p[key]) === lv)) continue;
        lines.push(`${subject}: ${key} is ${lv} in the database, declared ${dv}`);
      }
    }
  }
  return lines;
}

/** The declared part of a resource's properties (inputs or outputs, without connection or provider). */
export function declaredPart(
  props: CatalogObjectProps | Record<string, unknown>,
): ComparableProps | undefined {
  if (props.kind === "table") {
    const {
      unlogged,
      comment,
      columns,
      constraints,
      indexes: idx,
      partitionBy,
      partitions,
    } = props as unknown as TableProps;
    return expandTable({
      unlogged,
      comment,
      columns,
      constraints,
      indexes: idx,
      ...(partitionBy !== undefined && partitionBy !== null ? { partitionBy, partitions } : {}),
      ...accessPart(props),
    });
  }
  if (props.kind === "domain") {
    const p = props as unknown as DomainProps;
    return {
      type: p.type,
      nullable: p.nullable,
      default: p.default ?? null,
      collation: p.collation ?? null,
      checks: p.checks ?? {},
      comment: p.comment ?? null,
      ...accessPart(props),
    };
  }
  if (props.kind === "compositeType") {
    const p = props as unknown as CompositeTypeProps;
    return { attributes: p.attributes, comment: p.comment ?? null, ...accessPart(props) };
  }
  if (props.kind === "enum") {
    const { values, comment } = props as unknown as EnumProps;
    return { values, comment, ...accessPart(props) };
  }
  if (props.kind === "sequence") {
    const { type, increment, minValue, maxValue, start, cache, cycle, ownedBy, comment } =
      props as unknown as SequenceProps;
    return {
      type,
      increment,
      minValue,
      maxValue,
      start,
      cache,
      cycle,
      ownedBy: ownedBy ?? null,
      comment,
      ...accessPart(props),
    };
  }
  if (props.kind === "extension") {
    const { version, comment } = props as unknown as ExtensionProps;
    return {
      schema: String(props.schema),
      version: version ?? null,
      ...(comment !== undefined && comment !== null ? { comment } : {}),
    };
  }
  if (props.kind === "view") {
    const v = props as unknown as ViewProps;
    return {
      materialized: v.materialized,
      query: v.query,
      securityBarrier: v.securityBarrier,
      securityInvoker: v.securityInvoker,
      checkOption: v.checkOption ?? null,
      indexes: v.indexes ?? {},
      comment: v.comment ?? null,
      ...accessPart(props),
    };
  }
  if (props.kind === "function")
    return {
      ...comparableRoutine(pickProps<FunctionProps>(props as Record<string, unknown>, functionPropertyNames)),
      ...accessPart(props),
    };
  if (props.kind === "trigger")
    return pickProps<TriggerProps>(props as Record<string, unknown>, triggerPropertyNames);
  return undefined; // written by an earlier release (one resource per column, index, constraint)
}

function identity(props: Pick<CatalogObjectProps, "kind" | "schema" | "name"> & { table?: unknown }): string {
  // A trigger is named within its table.
  const table = props.kind === "trigger" ? `${String(props.table)}.` : "";
  return `${props.kind}:${props.schema}.${table}${props.name}`;
}

async function verify(props: CatalogObjectProps): Promise<void> {
  const live = liveModel(await liveSnapshot(props.connection));
  const owner = what(props.kind, props.schema, props.name, tableOf(props));
  const declared = declaredPart(props)!;
  const remaining = objectDrift(
    owner,
    props.kind,
    alignToDeclared(liveObject(live, props), declared),
    declared,
    undefined,
  );
  if (remaining.length)
    throw new Error(
      `${owner} does not match its declaration after the migration:\n  ${remaining.join("\n  ")}`,
    );
}

/**
 * What a catalog object's resource keeps as its outputs: who it is (kind, schema, name; a trigger's
 * table), where (the connection, which refresh needs), its scope, and a digest of the declaration
 * it was last verified against. Not the declaration itself: the engine keeps that as the resource's
 * inputs, and a copy in the outputs was a fifth of a table's state. `diff` gets the previous
 * declaration from `check` instead (the engine hands check the old inputs); `declaredAccess` names
 * the access control the declaration manages, which refresh needs to leave the rest out.
 */
export interface CatalogObjectRecord {
  connection: string;
  kind: CatalogObjectKind;
  schema: string;
  name: string;
  table?: string;
  managedScope?: ManagedScope | null;
  /** sha256 of the declaration in full canonical form (declarationDigest). */
  declared: string;
  /** Access-control properties the declaration manages ("grants", "columns.email"...); absent: none. */
  declaredAccess?: string[];
}

export function declarationDigest(declared: ComparableProps | undefined): string {
  return `sha256:${createHash("sha256").update(json(declared)).digest("base64").slice(0, 22)}`;
}

/** The outputs' form of a resource's properties (inputs, or a refreshed object). */
export function recordOf(props: CatalogObjectProps): CatalogObjectRecord {
  const declared = declaredPart(props);
  const access = [
    ...accessKeys.filter((k) => declared && (declared as Record<string, unknown>)[k] != null),
    ...Object.entries((declared as FullTableProps | undefined)?.columns ?? {})
      .filter(([, c]) => (c as { grants?: unknown }).grants != null)
      .map(([name]) => `columns.${name}`),
  ];
  const table = tableOf(props);
  return {
    connection: props.connection,
    kind: props.kind,
    schema: props.schema,
    name: props.name,
    ...(typeof table === "string" ? { table } : {}),
    ...(props.managedScope ? { managedScope: props.managedScope } : {}),
    declared: declarationDigest(declared),
    ...(access.length ? { declaredAccess: access } : {}),
  };
}

const isRecord = (props: object): props is CatalogObjectRecord =>
  typeof (props as { declared?: unknown }).declared === "string";

/** The declaration stored with a resource: none in a record, the whole of it in outputs of earlier releases. */
function storedDeclaration(props: CatalogObjectProps | CatalogObjectRecord): ComparableProps | undefined {
  return isRecord(props) ? undefined : declaredPart(props);
}

/** What alignToDeclared needs of a declaration known only by its record: which access it manages. */
function accessShape(record: CatalogObjectRecord): Record<string, unknown> {
  const shape: Record<string, unknown> = {};
  const columns: Record<string, unknown> = {};
  for (const key of record.declaredAccess ?? []) {
    if (key.startsWith("columns.")) columns[key.slice("columns.".length)] = { grants: true };
    else shape[key] = true;
  }
  return { ...shape, columns };
}

/**
 * The declaration each resource had before this operation (its old inputs, as `check` got them),
 * by connection and identity: check runs before diff for every resource, in this provider process.
 */
const previousDeclarations = new Map<string, ComparableProps | undefined>();
const operationKey = (props: Pick<CatalogObjectProps, "connection" | "kind" | "schema" | "name">) =>
  `${props.connection}\n${identity(props)}`;

export const catalogObjectProvider: pulumi.dynamic.ResourceProvider<
  CatalogObjectProps,
  CatalogObjectRecord | CatalogObjectProps
> = {
  async configure(req) {
    configureSettings(req.config);
  },

  async check(olds, news) {
    const previous = olds && Object.keys(olds).length ? declaredPart(olds) : undefined;
    previousDeclarations.set(operationKey(news), previous);
    return { inputs: news };
  },

  async diff(_id, olds, news) {
    const live = liveModel(await liveSnapshot(news.connection));
    const key = operationKey(news);
    const previous = previousDeclarations.has(key) ? previousDeclarations.get(key) : storedDeclaration(olds);
    const renamed = olds.kind === news.kind && (olds.schema !== news.schema || olds.name !== news.name);
    // Before the migration runs, a declared rename finds the object under its old name.
    const current =
      liveObject(live, news) ??
      (renamed ? liveObject(live, { ...olds, managedScope: news.managedScope }) : undefined);
    const declared = declaredPart(news)!;
    const drift = objectDrift(
      what(news.kind, news.schema, news.name, tableOf(news)),
      news.kind,
      alignToDeclared(current, declared),
      declared,
      previous,
    );
    for (const line of drift) await warn(`drift: ${line}`);
    // Compared in full form: the same declaration in compact form stays the same.
    const sameDeclaration = isRecord(olds)
      ? olds.declared === declarationDigest(declared)
      : previous !== undefined && json(previous) === json(declared);
    const inputsChanged =
      !sameDeclaration || identity(olds) !== identity(news) || olds.connection !== news.connection;
    return { changes: inputsChanged || drift.length > 0 };
  },

  async create(inputs) {
    await verify(inputs);
    return { id: identity(inputs), outs: recordOf(inputs) };
  },

  async update(_id, _olds, news) {
    await verify(news);
    return { outs: recordOf(news) };
  },

  async delete() {
    // No DDL: the migration's plan already dropped what the program no longer declares.
  },

  async read(id, props) {
    if (!props)
      throw new Error(
        `cannot import ${id}: declare it in the program instead (schemastack inspect --format ts)`,
      );
    const live = liveModel(await liveSnapshot(props.connection));
    const shape = isRecord(props) ? accessShape(props) : (declaredPart(props) ?? {});
    const current = alignToDeclared(liveObject(live, props), shape);
    if (!current) return { id: "", props, inputs: props };
    const { declared: _digest, declaredAccess: _access, ...identityPart } = props as CatalogObjectRecord;
    const refreshed = {
      ...(isRecord(props) ? identityPart : props),
      ...("columns" in current ? compactTable(current) : current),
      // The body as the database stores it (the index holds the comparable form).
      ...(props.kind === "function" ? { body: findFunction(live, props.schema, props.name)?.body } : {}),
    } as CatalogObjectProps;
    return { id, props: recordOf(refreshed), inputs: refreshed };
  },
};
