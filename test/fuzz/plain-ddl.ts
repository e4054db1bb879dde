// The fuzzer's oracle: a declaration written as the plain DDL a person would write for it, here,
// from the declaration (never through the planner), so that Postgres itself says what the
// declared schema is. Roles are cluster-wide and exist already (the apply made them); their
// login flags and memberships are compared apart (check-pair.ts).
import type {
  NamespaceDeclaration,
  SchemaSpec,
  TableDeclaration,
  TriggerDeclaration,
} from "../../core/model/declaration";
import type { GrantsDeclaration } from "../../core/model/privilege";
import { quoteIdent, quoteLiteral, quoteQualified } from "../../core/sql";
import { storedType } from "./generate";

const list = (xs: string[]) => xs.map(quoteIdent).join(", ");

/** GRANT statements for one object (`on` is e.g. `TABLE public.t`); an empty list grants nothing. */
function grantSql(on: string, grants: GrantsDeclaration | undefined): string[] {
  const out: string[] = [];
  for (const [grantee, decl] of Object.entries(grants ?? {})) {
    const privileges = Array.isArray(decl) ? decl : decl.privileges;
    if (!privileges.length) continue;
    const withOption = !Array.isArray(decl) && decl.grantOption ? " WITH GRANT OPTION" : "";
    const who = grantee.toUpperCase() === "PUBLIC" ? "PUBLIC" : quoteIdent(grantee);
    out.push(`GRANT ${privileges.map((p) => p.toUpperCase()).join(", ")} ON ${on} TO ${who}${withOption};`);
  }
  return out;
}

function columnType(s: SchemaSpec, schema: string, type: string): string {
  const user = storedType(s, schema, type).userType;
  return user ? quoteQualified(user.split(".")[0], user.split(".")[1]) : type;
}

function tableSql(
  s: SchemaSpec,
  schema: string,
  name: string,
  t: TableDeclaration,
  out: { early: string[]; late: string[] },
): void {
  const q = (n: string) => quoteQualified(schema, n);
  const lines: string[] = [];
  for (const [c, col] of Object.entries(t.columns)) {
    let line = `${quoteIdent(c)} ${columnType(s, schema, col.type)}`;
    if (col.collation) line += ` COLLATE ${quoteIdent(col.collation)}`;
    if (col.identity) line += ` GENERATED ${col.identity.toUpperCase()} AS IDENTITY`;
    if (col.nullable === false || col.primaryKey || col.identity) line += " NOT NULL";
    if (col.default !== undefined) line += ` DEFAULT ${col.default}`;
    lines.push(line);
    if (col.primaryKey) lines.push(`CONSTRAINT ${quoteIdent(`${name}_pkey`)} PRIMARY KEY (${quoteIdent(c)})`);
    if (col.comment)
      out.late.push(`COMMENT ON COLUMN ${q(name)}.${quoteIdent(c)} IS ${quoteLiteral(col.comment)};`);
  }
  for (const [k, con] of Object.entries(t.constraints ?? {})) {
    if (con.type === "check") lines.push(`CONSTRAINT ${quoteIdent(k)} CHECK (${con.expression})`);
    else if (con.type === "exclusion")
      lines.push(
        `CONSTRAINT ${quoteIdent(k)} EXCLUDE USING ${con.method ?? "gist"} (${con.elements
          .map((e) => `${e.column ? quoteIdent(e.column) : `(${e.expression})`} WITH ${e.operator}`)
          .join(", ")})${con.where ? ` WHERE (${con.where})` : ""}`,
      );
    else if (con.type === "unique") lines.push(`CONSTRAINT ${quoteIdent(k)} UNIQUE (${list(con.columns)})`);
    else if (con.type === "primaryKey")
      lines.push(`CONSTRAINT ${quoteIdent(k)} PRIMARY KEY (${list(con.columns)})`);
    else
      out.late.push(
        `ALTER TABLE ${q(name)} ADD CONSTRAINT ${quoteIdent(k)} FOREIGN KEY (${list(con.columns)}) REFERENCES ${quoteQualified(con.references.schema ?? schema, con.references.table)} (${list(con.references.columns)}) ON DELETE ${(con.onDelete ?? "no action").toUpperCase()};`,
      );
  }
  out.early.push(
    `CREATE TABLE ${q(name)} (\n  ${lines.join(",\n  ")}\n)${t.partitionBy ? ` PARTITION BY ${t.partitionBy}` : ""};`,
  );
  for (const [p, decl] of Object.entries(t.partitions ?? {})) {
    const values = typeof decl === "string" ? decl : decl.values;
    out.early.push(
      `CREATE TABLE ${q(p)} PARTITION OF ${q(name)} ${values === "DEFAULT" ? "DEFAULT" : `FOR VALUES ${values}`};`,
    );
    if (typeof decl !== "string" && decl.comment)
      out.late.push(`COMMENT ON TABLE ${q(p)} IS ${quoteLiteral(decl.comment)};`);
  }
  if (t.comment) out.late.push(`COMMENT ON TABLE ${q(name)} IS ${quoteLiteral(t.comment)};`);
  indexSql(q(name), schema, t.indexes, out.late);
  for (const [g, trigger] of Object.entries(t.triggers ?? {}))
    out.late.push(...triggerSql(schema, name, g, trigger));
  if (t.rowLevelSecurity === true || t.rowLevelSecurity === "force")
    out.late.push(`ALTER TABLE ${q(name)} ENABLE ROW LEVEL SECURITY;`);
  if (t.rowLevelSecurity === "force") out.late.push(`ALTER TABLE ${q(name)} FORCE ROW LEVEL SECURITY;`);
  for (const [p, policy] of Object.entries(t.policies ?? {}))
    out.late.push(
      `CREATE POLICY ${quoteIdent(p)} ON ${q(name)} AS ${(policy.as ?? "permissive").toUpperCase()} FOR ${(policy.command ?? "all").toUpperCase()}` +
        ` TO ${policy.to?.length ? list(policy.to) : "PUBLIC"}` +
        (policy.using ? ` USING ${policy.using}` : "") +
        (policy.withCheck ? ` WITH CHECK ${policy.withCheck}` : "") +
        ";",
    );
  out.late.push(...grantSql(`TABLE ${q(name)}`, t.grants));
  if (t.owner) out.late.push(`ALTER TABLE ${q(name)} OWNER TO ${quoteIdent(t.owner)};`);
}

function indexSql(on: string, schema: string, indexes: TableDeclaration["indexes"], out: string[]): void {
  for (const [ix, index] of Object.entries(indexes ?? {})) {
    const keys = index.columns
      .map((k) =>
        typeof k === "string"
          ? quoteIdent(k)
          : `${quoteIdent(k.column!)}${k.order === "desc" ? " DESC" : ""}`,
      )
      .join(", ");
    const storage = Object.entries(index.with ?? {}).map(([k, v]) => `${k}=${String(v)}`);
    out.push(
      `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${quoteIdent(ix)} ON ${on} (${keys})` +
        (index.include?.length ? ` INCLUDE (${list(index.include)})` : "") +
        (storage.length ? ` WITH (${storage.join(", ")})` : "") +
        (index.where ? ` WHERE ${index.where}` : "") +
        ";",
    );
    if (index.comment)
      out.push(`COMMENT ON INDEX ${quoteQualified(schema, ix)} IS ${quoteLiteral(index.comment)};`);
  }
}

function triggerSql(schema: string, table: string, name: string, t: TriggerDeclaration): string[] {
  const on = quoteQualified(schema, table);
  const events = t.events
    .map((e) => (e === "update" && t.updateOf?.length ? `UPDATE OF ${list(t.updateOf)}` : e.toUpperCase()))
    .join(" OR ");
  const fn = t.function.includes(".") ? t.function : `${quoteIdent(schema)}.${quoteIdent(t.function)}`;
  const out = [
    `CREATE TRIGGER ${quoteIdent(name)} ${t.timing.toUpperCase()} ${events} ON ${on} FOR EACH ${(t.forEach ?? "statement").toUpperCase()}` +
      (t.when ? ` WHEN ${t.when}` : "") +
      ` EXECUTE FUNCTION ${fn}(${(t.arguments ?? []).map(quoteLiteral).join(", ")});`,
  ];
  if (t.enabled === false) out.push(`ALTER TABLE ${on} DISABLE TRIGGER ${quoteIdent(name)};`);
  if (t.enabled === "replica" || t.enabled === "always")
    out.push(`ALTER TABLE ${on} ENABLE ${t.enabled.toUpperCase()} TRIGGER ${quoteIdent(name)};`);
  if (t.comment) out.push(`COMMENT ON TRIGGER ${quoteIdent(name)} ON ${on} IS ${quoteLiteral(t.comment)};`);
  return out;
}

function routineSql(schema: string, n: NamespaceDeclaration, out: string[]): void {
  const routines = [
    ...Object.entries(n.functions ?? {}).map(([name, f]) => ["FUNCTION", name, f] as const),
    ...Object.entries(n.procedures ?? {}).map(([name, f]) => ["PROCEDURE", name, f] as const),
  ];
  for (const [kind, name, f] of routines) {
    const args = (f.arguments ?? []).map(
      (a) =>
        `${a.name ? `${quoteIdent(a.name)} ` : ""}${a.type}${a.default !== undefined ? ` DEFAULT ${a.default}` : ""}`,
    );
    const signature = `${quoteQualified(schema, name)}(${args.join(", ")})`;
    const fn = f as { returns?: string; volatility?: string; strict?: boolean };
    out.push(
      `CREATE ${kind} ${signature}` +
        (fn.returns ? ` RETURNS ${fn.returns}` : "") +
        ` LANGUAGE ${f.language}` +
        (fn.volatility ? ` ${fn.volatility.toUpperCase()}` : "") +
        (fn.strict ? " STRICT" : "") +
        ` AS ${dollarQuote(f.body)};`,
    );
    if (f.comment)
      out.push(
        `COMMENT ON ${kind} ${quoteQualified(schema, name)}(${(f.arguments ?? []).map((a) => a.type).join(", ")}) IS ${quoteLiteral(f.comment)};`,
      );
  }
}

const dollarQuote = (body: string) => `$body$${body}$body$`;

/** The declaration as plain DDL, in an order Postgres accepts. */
export function declarationSql(s: SchemaSpec): string {
  const types: string[] = [];
  const routines: string[] = [];
  const tables = { early: [] as string[], late: [] as string[] };
  const views: string[] = [];
  const access: string[] = [];
  for (const [schema, n] of Object.entries(s.schemas)) {
    const q = (name: string) => quoteQualified(schema, name);
    if (schema !== "public") types.push(`CREATE SCHEMA ${quoteIdent(schema)};`);
    for (const e of Object.keys(n.extensions ?? {}))
      types.push(`CREATE EXTENSION ${quoteIdent(e)} WITH SCHEMA ${quoteIdent(schema)};`);
    for (const [name, e] of Object.entries(n.enums ?? {})) {
      const decl = Array.isArray(e) ? { values: e } : e;
      types.push(`CREATE TYPE ${q(name)} AS ENUM (${decl.values.map(quoteLiteral).join(", ")});`);
      if ("grants" in decl) access.push(...grantSql(`TYPE ${q(name)}`, decl.grants));
    }
    for (const [name, d] of Object.entries(n.domains ?? {})) {
      const checks = Object.entries(d.checks ?? {}).map(
        ([c, x]) => ` CONSTRAINT ${quoteIdent(c)} CHECK (${x})`,
      );
      types.push(
        `CREATE DOMAIN ${q(name)} AS ${d.type}${d.default !== undefined ? ` DEFAULT ${d.default}` : ""}${checks.join("")};`,
      );
      if (d.comment) types.push(`COMMENT ON DOMAIN ${q(name)} IS ${quoteLiteral(d.comment)};`);
    }
    for (const [name, t] of Object.entries(n.compositeTypes ?? {})) {
      const attrs = Object.entries(t.attributes).map(
        ([a, x]) => `${quoteIdent(a)} ${typeof x === "string" ? x : x.type}`,
      );
      types.push(`CREATE TYPE ${q(name)} AS (${attrs.join(", ")});`);
      if (t.comment) types.push(`COMMENT ON TYPE ${q(name)} IS ${quoteLiteral(t.comment)};`);
    }
    for (const [name, sq] of Object.entries(n.sequences ?? {})) {
      types.push(
        `CREATE SEQUENCE ${q(name)}` +
          (sq.type ? ` AS ${sq.type}` : "") +
          (sq.increment !== undefined ? ` INCREMENT BY ${sq.increment}` : "") +
          (sq.minValue !== undefined ? ` MINVALUE ${sq.minValue}` : "") +
          (sq.maxValue !== undefined ? ` MAXVALUE ${sq.maxValue}` : "") +
          (sq.start !== undefined ? ` START WITH ${sq.start}` : "") +
          (sq.cache !== undefined ? ` CACHE ${sq.cache}` : "") +
          (sq.cycle ? " CYCLE" : "") +
          ";",
      );
      if (sq.comment) types.push(`COMMENT ON SEQUENCE ${q(name)} IS ${quoteLiteral(sq.comment)};`);
    }
    routineSql(schema, n, routines);
    for (const [name, t] of Object.entries(n.tables ?? {})) tableSql(s, schema, name, t, tables);
    for (const [name, v] of Object.entries(n.views ?? {})) {
      const kind = v.materialized ? "MATERIALIZED VIEW" : "VIEW";
      const options = v.securityBarrier ? " WITH (security_barrier=true)" : "";
      views.push(`CREATE ${kind} ${q(name)}${options} AS ${v.query};`);
      indexSql(q(name), schema, v.indexes, views);
      if (v.comment) views.push(`COMMENT ON ${kind} ${q(name)} IS ${quoteLiteral(v.comment)};`);
    }
    access.push(...grantSql(`SCHEMA ${quoteIdent(schema)}`, n.grants));
    if (n.owner) access.push(`ALTER SCHEMA ${quoteIdent(schema)} OWNER TO ${quoteIdent(n.owner)};`);
    for (const [role, byKind] of Object.entries(n.defaultPrivileges ?? {}))
      for (const [objects, grants] of Object.entries(byKind))
        access.push(
          ...grantSql(objects.toUpperCase(), grants).map(
            (g) =>
              `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(role)} IN SCHEMA ${quoteIdent(schema)} ${g}`,
          ),
        );
  }
  return [...types, ...routines, ...tables.early, ...tables.late, ...views, ...access].join("\n");
}
