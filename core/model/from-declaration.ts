// Declarations (spec / component API) -> normalised model. Declaration-level problems (unknown types,
// contradicting shorthands) are collected here; cross-object rules live in validate.ts.
import type {
  ColumnDeclaration,
  ConstraintDeclaration,
  EnumDeclaration,
  IndexDeclaration,
  SchemaSpec,
  TableDeclaration,
} from "./declaration";
import { SchemaValidationError, ValidationIssue, enumLabel, tableLabel } from "./errors";
import type {
  ColumnModel,
  CompositeTypeModel,
  DomainModel,
  ConstraintModel,
  EnumModel,
  ExtensionModel,
  SequenceModel,
  IndexKey,
  IndexModel,
  SchemaModel,
  TableModel,
} from "./model";
import { compositeTypeFromDeclaration } from "./composite-type";
import { domainFromDeclaration } from "./domain";
import { exclusionFromDeclaration } from "./exclusion";
import { normalizeExpression } from "./normalize-expression";
import { normalizePartitionBy, partitionFromDeclaration } from "./partition";
import { UserTypeResolver, isIntegerType, normalizeType, resolveIn } from "./normalize-type";
import { validateModel } from "./validate";
import { addAccessFromSpec } from "./access";
import { FunctionModel, functionFromDeclaration } from "./function";
import { TriggerModel, triggerFromDeclaration } from "./trigger";
import { expandSerialColumns, sequenceFromDeclaration } from "./sequence";
import { extensionFromDeclaration, withExtensionTypes } from "./extension";
import { columnDataMoves, dataMoveIssues, migrationsFromDeclaration } from "./migration";
import type { ManagedScope } from "./scope";
import { viewFromDeclaration, viewLabel, withDeclaredViewDependencies } from "./view";

const expr = (text: string | undefined): string | null =>
  text === undefined ? null : normalizeExpression(text);

export function enumFromDeclaration(schema: string, name: string, decl: EnumDeclaration): EnumModel {
  const d = Array.isArray(decl) ? { values: decl } : decl;
  return {
    schema,
    name,
    values: [...d.values],
    comment: d.comment ?? null,
    renamedFrom: d.renamedFrom ?? null,
    renamedValues: { ...(d.renamedValues ?? {}) },
  };
}

function columnFromDeclaration(
  name: string,
  decl: ColumnDeclaration,
  resolve: UserTypeResolver,
  schema: string,
  report: (message: string) => void,
): ColumnModel {
  const type = normalizeType(decl.type, resolveIn(resolve, schema));
  if (!type.ok) report(type.reason);
  if (decl.identity && decl.default !== undefined) report("identity columns cannot have a default");
  if (decl.identity && decl.generated !== undefined) report("a column cannot be both identity and generated");
  if (decl.generated !== undefined && decl.default !== undefined)
    report("generated columns cannot have a default");
  if (decl.identity && type.ok && !isIntegerType(type.type)) {
    report(`identity columns must be smallint, integer or bigint, not "${decl.type}"`);
  }
  if (decl.identity && decl.identity !== "always" && decl.identity !== "by default") {
    report(`identity must be "always" or "by default", not "${String(decl.identity)}"`);
  }
  if (decl.nullable === true && (decl.primaryKey || decl.identity)) {
    report(`a ${decl.primaryKey ? "primary key" : "identity"} column cannot be nullable`);
  }
  return {
    name,
    type: type.ok ? type.type : decl.type,
    nullable: decl.primaryKey || decl.identity ? false : (decl.nullable ?? true),
    default: expr(decl.default),
    identity: decl.identity ?? null,
    generated: expr(decl.generated),
    collation: decl.collation ?? null,
    comment: decl.comment ?? null,
    renamedFrom: decl.renamedFrom ?? null,
    ...columnDataMoves(decl, report),
  };
}

function constraintFromDeclaration(
  schema: string,
  name: string,
  decl: ConstraintDeclaration,
): ConstraintModel {
  const model = constraintShape(schema, name, decl);
  return decl.comment !== undefined ? { ...model, comment: decl.comment } : model;
}

function constraintShape(schema: string, name: string, decl: ConstraintDeclaration): ConstraintModel {
  switch (decl.type) {
    case "primaryKey":
      return { kind: "primaryKey", name, columns: [...decl.columns] };
    case "unique":
      return {
        kind: "unique",
        name,
        columns: [...decl.columns],
        nullsNotDistinct: decl.nullsNotDistinct ?? false,
        deferrable: decl.deferrable ?? decl.initiallyDeferred ?? false,
        initiallyDeferred: decl.initiallyDeferred ?? false,
      };
    case "check":
      return {
        kind: "check",
        name,
        expression: normalizeExpression(decl.expression),
        ...(decl.noInherit ? { noInherit: true as const } : {}),
      };
    case "foreignKey":
      return {
        kind: "foreignKey",
        name,
        columns: [...decl.columns],
        references: {
          schema: decl.references.schema ?? schema,
          table: decl.references.table,
          columns: [...decl.references.columns],
        },
        onDelete: decl.onDelete ?? "no action",
        onUpdate: decl.onUpdate ?? "no action",
        deferrable: decl.deferrable ?? decl.initiallyDeferred ?? false,
        initiallyDeferred: decl.initiallyDeferred ?? false,
      };
    case "exclusion":
      return exclusionFromDeclaration(name, decl);
  }
}

export function indexFromDeclaration(name: string, decl: IndexDeclaration): IndexModel {
  const keys: IndexKey[] = decl.columns.map((k) => {
    const key = typeof k === "string" ? { column: k } : k;
    const order = key.order ?? "asc";
    return {
      column: key.column ?? null,
      expression: expr(key.expression),
      order,
      nulls: key.nulls ?? (order === "desc" ? "first" : "last"),
      opclass: key.opclass ?? null,
      collation: key.collation ?? null,
    };
  });
  return {
    name,
    method: decl.method ?? "btree",
    unique: decl.unique ?? false,
    nullsNotDistinct: decl.nullsNotDistinct ?? false,
    keys,
    include: [...(decl.include ?? [])],
    where: expr(decl.where),
    ...(decl.with && Object.keys(decl.with).length
      ? { with: Object.fromEntries(Object.entries(decl.with).map(([k, v]) => [k.toLowerCase(), String(v)])) }
      : {}),
    ...(decl.comment !== undefined ? { comment: decl.comment } : {}),
  };
}

/**
 * One table declaration -> TableModel. `resolveType` finds enums by (schema, name); issues go to
 * `issues` (nothing is thrown here so one run reports every problem).
 */
export function tableFromDeclaration(
  schema: string,
  name: string,
  decl: TableDeclaration,
  resolveType: UserTypeResolver,
  issues: ValidationIssue[],
): TableModel {
  const label = tableLabel(schema, name);
  const columns = Object.entries(decl.columns ?? {}).map(([columnName, c]) =>
    columnFromDeclaration(columnName, c, resolveType, schema, (message) =>
      issues.push({ path: `${label}, column "${columnName}"`, message }),
    ),
  );
  if (columns.length === 0 && decl.columns === undefined)
    issues.push({ path: label, message: "no columns declared" });
  const constraints = Object.entries(decl.constraints ?? {}).map(([n, c]) =>
    constraintFromDeclaration(schema, n, c),
  );
  const pkColumns = Object.entries(decl.columns ?? {})
    .filter(([, c]) => c.primaryKey)
    .map(([n]) => n);
  if (pkColumns.length > 1) {
    issues.push({
      path: label,
      message: `primaryKey: true on several columns (${pkColumns.join(", ")}): declare a primaryKey constraint with all of them`,
    });
  } else if (pkColumns.length === 1) {
    if (constraints.some((c) => c.kind === "primaryKey")) {
      issues.push({ path: label, message: "primary key declared both on a column and as a constraint" });
    }
    constraints.unshift({ kind: "primaryKey", name: `${name}_pkey`, columns: pkColumns });
  }
  for (const [columnName, c] of Object.entries(decl.columns ?? {})) {
    if (!c.unique) continue;
    constraints.push({
      kind: "unique",
      name: `${name}_${columnName}_key`,
      columns: [columnName],
      nullsNotDistinct: false,
      deferrable: false,
      initiallyDeferred: false,
    });
  }
  // Primary key columns are NOT NULL in Postgres whatever was declared.
  const pk = constraints.find((c) => c.kind === "primaryKey");
  for (const col of columns) {
    if (pk && pk.columns.includes(col.name)) {
      if (decl.columns[col.name]?.nullable === true && !decl.columns[col.name]?.primaryKey) {
        issues.push({
          path: `${label}, column "${col.name}"`,
          message: "a primary key column cannot be nullable",
        });
      }
      col.nullable = false;
    }
  }
  return {
    schema,
    name,
    unlogged: decl.unlogged ?? false,
    comment: decl.comment ?? null,
    renamedFrom: decl.renamedFrom ?? null,
    columns,
    constraints,
    indexes: Object.entries(decl.indexes ?? {}).map(([n, i]) => indexFromDeclaration(n, i)),
    ...(decl.partitionBy !== undefined
      ? { partitionBy: normalizePartitionBy(String(decl.partitionBy)) }
      : {}),
    ...(decl.partitions !== undefined
      ? { partitions: Object.entries(decl.partitions).map(([n, p]) => partitionFromDeclaration(n, p)) }
      : {}),
  };
}

/** Resolves enum names: qualified as given, else in the table's schema, else in public. */
export function enumResolver(enums: readonly { schema: string; name: string }[]): UserTypeResolver {
  const known = new Set(enums.map((e) => `${e.schema}\u0000${e.name}`));
  return (schema, name) => {
    for (const s of [schema, "public"]) {
      if (s !== null && known.has(`${s}\u0000${name}`)) return { schema: s, name };
    }
    return undefined;
  };
}

/** Builds the model without validating it (validateModel / fromSpec do that). */
export function modelFromSpecUnchecked(spec: SchemaSpec, issues: ValidationIssue[]): SchemaModel {
  const enums: EnumModel[] = [];
  for (const [schema, ns] of Object.entries(spec.schemas ?? {})) {
    for (const [name, decl] of Object.entries(ns.enums ?? {})) {
      const values = Array.isArray(decl) ? decl : decl?.values;
      if (!Array.isArray(values)) {
        issues.push({ path: enumLabel(schema, name), message: "values must be a list of strings" });
        continue;
      }
      enums.push(enumFromDeclaration(schema, name, decl));
    }
  }
  const extensions: ExtensionModel[] = [];
  const sequences: SequenceModel[] = [];
  for (const [schema, ns] of Object.entries(spec.schemas ?? {})) {
    for (const [name, decl] of Object.entries(ns.extensions ?? {}))
      extensions.push(extensionFromDeclaration(schema, name, decl));
    for (const [name, decl] of Object.entries(ns.sequences ?? {}))
      sequences.push(sequenceFromDeclaration(schema, name, decl ?? {}, issues));
  }
  // Domains and composite types are user types too: columns, attributes and domains may use them.
  const typeNames: Array<{ schema: string; name: string }> = [...enums];
  for (const [schema, ns] of Object.entries(spec.schemas ?? {})) {
    for (const name of Object.keys(ns.domains ?? {})) typeNames.push({ schema, name });
    for (const name of Object.keys(ns.compositeTypes ?? {})) typeNames.push({ schema, name });
  }
  const resolve = withExtensionTypes(extensions, enumResolver(typeNames));
  const domains: DomainModel[] = [];
  const compositeTypes: CompositeTypeModel[] = [];
  for (const [schema, ns] of Object.entries(spec.schemas ?? {})) {
    for (const [name, decl] of Object.entries(ns.domains ?? {}))
      domains.push(domainFromDeclaration(schema, name, decl, resolve, issues));
    for (const [name, decl] of Object.entries(ns.compositeTypes ?? {}))
      compositeTypes.push(compositeTypeFromDeclaration(schema, name, decl, resolve, issues));
  }
  const tables: TableModel[] = [];
  for (const [schema, ns] of Object.entries(spec.schemas ?? {})) {
    for (const [name, declared] of Object.entries(ns.tables ?? {})) {
      if (declared.schema !== undefined && declared.schema !== schema) {
        issues.push({
          path: tableLabel(schema, name),
          message: `declared under schema "${schema}" but says schema "${declared.schema}"`,
        });
      }
      const serial = expandSerialColumns(schema, name, declared, issues);
      sequences.push(...serial.sequences);
      tables.push(tableFromDeclaration(schema, name, serial.table, resolve, issues));
    }
  }
  const functions: FunctionModel[] = [];
  const triggers: TriggerModel[] = [];
  for (const [schema, ns] of Object.entries(spec.schemas ?? {})) {
    for (const [name, decl] of Object.entries(ns.functions ?? {}))
      functions.push(functionFromDeclaration(schema, name, "function", decl, resolve, issues));
    for (const [name, decl] of Object.entries(ns.procedures ?? {}))
      functions.push(functionFromDeclaration(schema, name, "procedure", decl, resolve, issues));
    for (const [table, decl] of Object.entries(ns.tables ?? {}))
      for (const [name, t] of Object.entries(decl?.triggers ?? {}))
        triggers.push(triggerFromDeclaration(schema, table, name, t, issues));
  }
  const migrations = migrationsFromDeclaration(spec.migrations, issues);
  const model: SchemaModel = {
    version: spec.version ?? null,
    schemas: Object.keys(spec.schemas ?? {}),
    enums,
    tables,
    // Only when declared: a schema without them keeps the model (and stack inputs) it always had.
    ...(functions.length ? { functions } : {}),
    ...(triggers.length ? { triggers } : {}),
    ...(domains.length ? { domains } : {}),
    ...(compositeTypes.length ? { compositeTypes } : {}),
    // Only when used: a schema without them keeps the model (and fingerprint) it always had.
    ...(sequences.length ? { sequences } : {}),
    ...(extensions.length ? { extensions } : {}),
    ...(migrations.length ? { migrations } : {}),
  };
  const views = Object.entries(spec.schemas ?? {}).flatMap(([schema, ns]) =>
    Object.entries(ns.views ?? {}).map(([name, decl]) => {
      if (decl.schema !== undefined && decl.schema !== schema)
        issues.push({
          path: viewLabel(schema, name, decl.materialized),
          message: `declared under schema "${schema}" but says schema "${decl.schema}"`,
        });
      return viewFromDeclaration(schema, name, decl, indexFromDeclaration);
    }),
  );
  // Absent unless the spec mentions views (`"views": {}` manages them, with none declared), so
  // schemas without views keep their shape, fingerprint and plans.
  if (views.length || Object.values(spec.schemas ?? {}).some((ns) => ns.views !== undefined)) {
    model.views = views;
    withDeclaredViewDependencies(model);
  }
  // Last: every object that may carry an owner or grants exists by now (views included).
  addAccessFromSpec(spec, model, issues);
  return model;
}

/**
 * Spec -> validated, normalised model; throws SchemaValidationError listing every problem. With a
 * scope, foreign keys may reference tables outside it, and declaring an ignored object is an error.
 */
export function fromSpec(spec: SchemaSpec, options: { scope?: ManagedScope } = {}): SchemaModel {
  const issues: ValidationIssue[] = [];
  const model = modelFromSpecUnchecked(spec, issues);
  issues.push(...validateModel(model, options.scope), ...dataMoveIssues(model));
  if (issues.length) throw new SchemaValidationError(issues);
  return model;
}
