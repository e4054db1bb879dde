// Domains: CREATE/DROP DOMAIN, ALTER DOMAIN for defaults, NOT NULL and checks (a new or changed
// check is added NOT VALID and validated as its own step), and a re-creation when the base type or
// collation changes: the old domain is renamed aside, the new one created, every column typed by
// it converted, then the old one dropped.
import type { DomainCheck, DomainModel } from "../model/domain";
import type { SchemaModel } from "../model/model";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral, quoteCollation } from "./ddl";
import type { TypeKeyOf } from "./dependencies";
import { hazard } from "./hazards";
import { columnKey, schemaKey, tableKey } from "./keys";
import { UnsupportedChangeError } from "./step";

export const domainKey = (schema: string, name: string) => `type:${schema}.${name}`;
/** The key of a domain check, for NOT VALID bookkeeping (introspect/domains.ts). */
export const domainCheckKey = (schema: string, name: string, check: string) =>
  `domain-check:${schema}.${name}.${check}`;

const label = (d: { schema: string; name: string }) => `${d.schema}.${d.name}`;

function createDomainSql(d: DomainModel): string {
  const parts = [`CREATE DOMAIN ${quoteQualified(d.schema, d.name)} AS ${d.type}`];
  if (d.collation !== null) parts.push(`COLLATE ${quoteCollation(d.collation)}`);
  if (d.default !== null) parts.push(`DEFAULT ${d.default}`);
  if (!d.nullable) parts.push("NOT NULL");
  for (const c of d.checks) parts.push(`CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expression})`);
  return parts.join(" ");
}

export interface DomainContext {
  plan: PlanBuilder;
  typeKeyOf: TypeKeyOf;
  /** Keys of live domain checks not validated yet. */
  notValid: ReadonlySet<string>;
  offline: boolean;
}

function planComment(ctx: DomainContext, d: DomainModel): void {
  ctx.plan.add(Phase.comments, {
    objectKey: domainKey(d.schema, d.name),
    description: `set comment of domain ${label(d)}`,
    sql: `COMMENT ON DOMAIN ${quoteQualified(d.schema, d.name)} IS ${commentLiteral(d.comment)}`,
    lock: "none",
    needs: [domainKey(d.schema, d.name)],
  });
}

function planCreate(ctx: DomainContext, d: DomainModel, extraNeeds: string[] = []): void {
  const base = ctx.typeKeyOf(d.type);
  ctx.plan.add(Phase.createEnums, {
    objectKey: domainKey(d.schema, d.name),
    description: `create domain ${label(d)}`,
    sql: createDomainSql(d),
    lock: "none",
    creates: [domainKey(d.schema, d.name)],
    needs: [schemaKey(d.schema), ...(base ? [base] : []), ...extraNeeds],
  });
  if (d.comment !== null) planComment(ctx, d);
}

/** VALIDATE a domain check added NOT VALID, as its own step (it scans every column of the domain). */
export function planValidateCheck(plan: PlanBuilder, d: DomainModel, c: DomainCheck): void {
  plan.add(Phase.validateConstraints, {
    objectKey: domainKey(d.schema, d.name),
    description: `validate check ${c.name} of domain ${label(d)}`,
    sql: `ALTER DOMAIN ${quoteQualified(d.schema, d.name)} VALIDATE CONSTRAINT ${quoteIdent(c.name)}`,
    // Postgres scans every column of the domain, holding SHARE on its table meanwhile.
    lock: "SHARE",
    hazards: [
      hazard.mayFailOnExistingData(
        `fails if a value stored in a column of ${label(d)} violates ${c.expression}`,
      ),
      hazard.blocksWrites("holds SHARE on each table using the domain while it scans it"),
    ],
  });
}

/**
 * Columns that hold the domain inside a composite type: Postgres cannot check values there, so
 * it refuses to add a check or NOT NULL to the domain while any exists ("cannot alter type").
 */
function nestedUses(live: SchemaModel, d: DomainModel): string[] {
  const domain = quoteQualified(d.schema, d.name);
  const composites = (live.compositeTypes ?? [])
    .filter((c) => c.attributes.some((a) => a.type === domain || a.type === `${domain}[]`))
    .map((c) => quoteQualified(c.schema, c.name));
  return live.tables.flatMap((t) =>
    t.columns
      .filter((c) => composites.includes(c.type.replace(/\[\]$/, "")))
      .map((c) => `${t.schema}.${t.name}.${c.name} (${c.type})`),
  );
}

function refuseNested(liveModel: SchemaModel, d: DomainModel, what: string): void {
  const uses = nestedUses(liveModel, d);
  if (uses.length)
    throw new UnsupportedChangeError(
      domainKey(d.schema, d.name),
      `${what} is not supported while columns hold the domain inside a composite type (${uses.join(", ")}): Postgres cannot check those values and refuses it`,
    );
}

function planCheckChanges(
  ctx: DomainContext,
  liveModel: SchemaModel,
  live: DomainModel,
  d: DomainModel,
): void {
  const { plan } = ctx;
  const tightened = d.checks.filter(
    (c) => live.checks.find((x) => x.name === c.name)?.expression !== c.expression,
  );
  if (tightened.length) refuseNested(liveModel, d, `adding check ${tightened[0].name} to domain ${label(d)}`);
  const type = quoteQualified(d.schema, d.name);
  const key = domainKey(d.schema, d.name);
  for (const l of live.checks) {
    const same = d.checks.find((c) => c.name === l.name);
    if (same && same.expression === l.expression) continue;
    plan.add(Phase.dropConstraints, {
      objectKey: key,
      description: `drop check ${l.name} of domain ${label(d)}`,
      sql: `ALTER DOMAIN ${type} DROP CONSTRAINT ${quoteIdent(l.name)}`,
      lock: "none",
    });
  }
  for (const c of d.checks) {
    const l = live.checks.find((x) => x.name === c.name);
    if (l && l.expression === c.expression) {
      if (ctx.notValid.has(domainCheckKey(d.schema, d.name, c.name))) planValidateCheck(ctx.plan, d, c);
      continue;
    }
    plan.add(Phase.addChecks, {
      objectKey: key,
      description: `add check ${c.name} to domain ${label(d)}${ctx.offline ? "" : " NOT VALID"}`,
      sql: `ALTER DOMAIN ${type} ADD CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expression})${ctx.offline ? "" : " NOT VALID"}`,
      lock: "none",
      // New rows are checked from here on; existing ones by the validation below.
      hazards: ctx.offline
        ? [hazard.mayFailOnExistingData(`fails if a stored value violates ${c.expression}`)]
        : [],
    });
    if (!ctx.offline) planValidateCheck(ctx.plan, d, c);
  }
}

/** Columns of live tables typed by the domain (or an array of it) that keep that type. */
function columnsOf(live: SchemaModel, desired: SchemaModel, d: DomainModel) {
  const type = quoteQualified(d.schema, d.name);
  const out: Array<{ schema: string; table: string; column: string; array: boolean }> = [];
  for (const t of live.tables) {
    const dt = desired.tables.find((x) => x.schema === t.schema && x.name === t.name);
    for (const c of t.columns) {
      if (c.type !== type && c.type !== `${type}[]`) continue;
      if (dt?.columns.find((x) => x.name === c.name)?.type !== c.type) continue;
      out.push({ schema: t.schema, table: t.name, column: c.name, array: c.type.endsWith("[]") });
    }
  }
  return out;
}

/** Base type or collation changed: rename aside, create, convert the columns, drop the old one. */
function planRecreate(
  ctx: DomainContext,
  live: SchemaModel,
  desired: SchemaModel,
  l: DomainModel,
  d: DomainModel,
): void {
  const { plan } = ctx;
  const key = domainKey(d.schema, d.name);
  const aside = `${d.name.slice(0, 40)}__schemastack_old`;
  const asideKey = `${key}#old`;
  plan.add(Phase.enumRenames, {
    objectKey: key,
    description: `rename domain ${label(d)} aside to ${aside} (its base type changes from ${l.type} to ${d.type})`,
    sql: `ALTER DOMAIN ${quoteQualified(d.schema, d.name)} RENAME TO ${quoteIdent(aside)}`,
    lock: "none",
    drops: [key],
    creates: [asideKey],
    needs: [],
  });
  planCreate(ctx, d, [asideKey]);
  const converted: string[] = [];
  for (const c of columnsOf(live, desired, d)) {
    const target = `${quoteQualified(d.schema, d.name)}${c.array ? "[]" : ""}`;
    const using = `${quoteIdent(c.column)}::${d.type}${c.array ? "[]" : ""}`;
    const ck = columnKey(c.schema, c.table, c.column);
    converted.push(ck);
    plan.add(Phase.alterColumns, {
      objectKey: ck,
      description: `convert column ${c.schema}.${c.table}.${c.column} to the re-created domain ${label(d)}`,
      sql: `ALTER TABLE ${quoteQualified(c.schema, c.table)} ALTER COLUMN ${quoteIdent(c.column)} TYPE ${target} USING ${using}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: `${c.schema}.${c.table}`,
      hazards: [
        hazard.rewritesTable(),
        hazard.blocksReads("holds ACCESS EXCLUSIVE while it rewrites the table: reads wait"),
        hazard.blocksWrites("holds ACCESS EXCLUSIVE while it rewrites the table: writes wait"),
        hazard.mayFailOnExistingData(`fails if a stored value does not fit ${d.type} or the domain's checks`),
      ],
      creates: [ck],
      needs: [key, tableKey(c.schema, c.table)],
    });
  }
  plan.add(Phase.dropEnums, {
    objectKey: key,
    description: `drop the old domain ${d.schema}.${aside}`,
    sql: `DROP DOMAIN ${quoteQualified(d.schema, aside)}`,
    lock: "none",
    // Declares no drop of the aside key: the rename creates it, and a drop would have to run first.
    needs: [asideKey, ...converted],
  });
}

export function planDomains(ctx: DomainContext, live: SchemaModel, desired: SchemaModel): void {
  const { plan } = ctx;
  const liveDomains = live.domains ?? [];
  for (const d of desired.domains ?? []) {
    const l = liveDomains.find((x) => x.schema === d.schema && x.name === d.name);
    if (!l) {
      planCreate(ctx, d);
      continue;
    }
    if (l.type !== d.type || l.collation !== d.collation) {
      planRecreate(ctx, live, desired, l, d);
      continue;
    }
    const type = quoteQualified(d.schema, d.name);
    if (l.default !== d.default) {
      plan.add(Phase.alterColumns, {
        objectKey: domainKey(d.schema, d.name),
        description: `${d.default === null ? "drop" : "set"} default of domain ${label(d)}`,
        sql: `ALTER DOMAIN ${type} ${d.default === null ? "DROP DEFAULT" : `SET DEFAULT ${d.default}`}`,
        lock: "none",
      });
    }
    if (l.nullable !== d.nullable) {
      if (!d.nullable) refuseNested(live, d, `setting NOT NULL on domain ${label(d)}`);
      plan.add(d.nullable ? Phase.alterColumns : Phase.setNotNull, {
        objectKey: domainKey(d.schema, d.name),
        description: `${d.nullable ? "drop" : "set"} NOT NULL on domain ${label(d)}`,
        sql: `ALTER DOMAIN ${type} ${d.nullable ? "DROP" : "SET"} NOT NULL`,
        lock: d.nullable ? "none" : "SHARE",
        hazards: d.nullable
          ? []
          : [
              hazard.mayFailOnExistingData(`fails if a column of ${label(d)} holds NULL`),
              hazard.blocksWrites("holds SHARE on each table using the domain while it scans it"),
            ],
      });
    }
    planCheckChanges(ctx, live, l, d);
    if (l.comment !== d.comment) planComment(ctx, d);
  }
  for (const l of liveDomains) {
    if ((desired.domains ?? []).some((d) => d.schema === l.schema && d.name === l.name)) continue;
    plan.add(Phase.dropEnums, {
      objectKey: domainKey(l.schema, l.name),
      description: `drop domain ${label(l)}`,
      sql: `DROP DOMAIN ${quoteQualified(l.schema, l.name)}`,
      lock: "none",
      drops: [domainKey(l.schema, l.name)],
    });
  }
}
