// Model -> a TypeScript program for the component API (`inspect --format ts`), for adopting an
// existing database into a Pulumi program.
import type { SchemaModel } from "../core/model/model";
import { compositeTypeToDeclaration } from "../core/model/composite-type";
import { domainToDeclaration } from "../core/model/domain";
import {
  enumToDeclaration,
  indexDeclaration,
  serialSequenceGrants,
  standaloneSequences,
  tableToDeclaration,
  toSpec,
} from "../core/model/to-declaration";
import { sequenceToDeclaration } from "../core/model/sequence";
import { extensionToDeclaration } from "../core/model/extension";
import { roleToDeclaration } from "../core/model/role";
import { functionToDeclaration } from "../core/model/function";
import { triggerToDeclaration } from "../core/model/trigger";
import { viewToDeclaration } from "../core/model/view";

function literal(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    const items = value.map((v) => literal(v, indent + "  "));
    const flat = `[${items.join(", ")}]`;
    return flat.length <= 80 && !flat.includes("\n")
      ? flat
      : `[\n${items.map((i) => `${indent}  ${i},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k);
      return `${key}: ${literal(v, indent + "  ")}`;
    });
    if (entries.length === 0) return "{}";
    const flat = `{ ${entries.join(", ")} }`;
    return flat.length <= 100 && !flat.includes("\n")
      ? flat
      : `{\n${entries.map((e) => `${indent}  ${e},`).join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

export interface TypeScriptOptions {
  /** Name of the Database component. */
  databaseName?: string;
  /** Module the components are imported from. */
  importFrom?: string;
}

export function toTypeScript(model: SchemaModel, options: TypeScriptOptions = {}): string {
  const secrets = (model.roles ?? []).some((r) => r.login);
  const lines = [
    ...(secrets ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
    `import { Database } from ${JSON.stringify(options.importFrom ?? "./components")};`,
    "",
    'const connection = process.env.SCHEMASTACK_DATABASE_URL ?? "";',
    ...(secrets ? ["const config = new pulumi.Config();"] : []),
    "// backup: false skips the pre-migration dump; set a target ({ target: ... }) for real databases.",
    `export const db = new Database(${JSON.stringify(options.databaseName ?? "app")}, { connection, backup: false });`,
    "",
  ];
  for (const r of model.roles ?? []) {
    const parts = Object.entries(roleToDeclaration(r)).map(([k, v]) => `${k}: ${literal(v, "")}`);
    // A login role's password is a secret of the stack, never written into the program.
    if (r.login) parts.push(`password: config.requireSecret(${JSON.stringify(`${r.name}Password`)})`);
    lines.push(`db.role(${JSON.stringify(r.name)}${parts.length ? `, { ${parts.join(", ")} }` : ""});`);
  }
  if (model.roles?.length) lines.push("");
  const byName = <T extends { schema: string; name: string }>(xs: T[]) =>
    [...xs].sort((a, b) => (`${a.schema}.${a.name}` < `${b.schema}.${b.name}` ? -1 : 1));
  // One db.schema() per schema: its comment and access control together (public only when it has either).
  const schemaNames = [...new Set([...model.schemas, ...(model.schemaAccess ?? []).map((a) => a.schema)])];
  const schemaLines = schemaNames.sort().flatMap((s) => {
    const ns = toSpec({
      version: null,
      schemas: [s],
      enums: [],
      tables: [],
      schemaAccess: (model.schemaAccess ?? []).filter((a) => a.schema === s),
      ...(model.schemaComments?.[s] !== undefined
        ? { schemaComments: { [s]: model.schemaComments[s] } }
        : {}),
    }).schemas[s];
    if (Object.keys(ns).length) return [`db.schema(${JSON.stringify(s)}, ${literal(ns, "")});`];
    return s !== "public" ? [`db.schema(${JSON.stringify(s)});`] : [];
  });
  lines.push(...schemaLines);
  if (schemaLines.length) lines.push("");
  for (const x of byName(model.extensions ?? [])) {
    const decl = { ...(x.schema !== "public" ? { schema: x.schema } : {}), ...extensionToDeclaration(x) };
    lines.push(
      `db.extension(${JSON.stringify(x.name)}${Object.keys(decl).length ? `, ${literal(decl, "")}` : ""});`,
    );
  }
  if (model.extensions?.length) lines.push("");
  for (const e of byName(model.enums)) {
    const decl = enumToDeclaration(e);
    const schemaArg = e.schema === "public" ? "" : `, ${JSON.stringify(e.schema)}`;
    lines.push(`db.enum(${JSON.stringify(e.name)}, ${literal(decl, "")}${schemaArg});`);
  }
  if (model.enums.length) lines.push("");
  for (const d of byName(model.domains ?? [])) {
    const schemaArg = d.schema === "public" ? "" : `, ${JSON.stringify(d.schema)}`;
    lines.push(`db.domain(${JSON.stringify(d.name)}, ${literal(domainToDeclaration(d), "")}${schemaArg});`);
  }
  for (const c of byName(model.compositeTypes ?? [])) {
    const schemaArg = c.schema === "public" ? "" : `, ${JSON.stringify(c.schema)}`;
    lines.push(
      `db.compositeType(${JSON.stringify(c.name)}, ${literal(compositeTypeToDeclaration(c), "")}${schemaArg});`,
    );
  }
  if (model.domains?.length || model.compositeTypes?.length) lines.push("");
  for (const q of byName(standaloneSequences(model))) {
    const decl = { ...(q.schema !== "public" ? { schema: q.schema } : {}), ...sequenceToDeclaration(q) };
    lines.push(`db.sequence(${JSON.stringify(q.name)}, ${literal(decl, "")});`);
  }
  for (const f of byName(model.functions ?? [])) {
    const schemaArg = f.schema === "public" ? "" : `, ${JSON.stringify(f.schema)}`;
    lines.push(
      `db.${f.kind}(${JSON.stringify(f.name)}, ${literal(functionToDeclaration(f), "")}${schemaArg});`,
    );
    lines.push("");
  }
  for (const t of byName(model.tables)) {
    const triggers = (model.triggers ?? []).filter((x) => x.schema === t.schema && x.table === t.name);
    const decl = {
      ...(t.schema !== "public" ? { schema: t.schema } : {}),
      ...tableToDeclaration(t, model.sequences ?? []),
      ...(triggers.length
        ? { triggers: Object.fromEntries(triggers.map((x) => [x.name, triggerToDeclaration(x)])) }
        : {}),
    };
    lines.push(`db.table(${JSON.stringify(t.name)}, ${literal(decl, "")});`);
    lines.push("");
  }
  for (const v of byName(model.views ?? [])) {
    const { materialized, ...decl } = viewToDeclaration(v, indexDeclaration);
    const withSchema = { ...(v.schema !== "public" ? { schema: v.schema } : {}), ...decl };
    lines.push(
      `db.${materialized ? "materializedView" : "view"}(${JSON.stringify(v.name)}, ${literal(withSchema, "")});`,
    );
    lines.push("");
  }
  for (const [ref, grants] of Object.entries(serialSequenceGrants(model)))
    lines.push(`db.grant(${JSON.stringify(ref)}, ${literal(grants, "")});`);
  // The Database component registers everything in version(), so the program always ends with it.
  if (model.version === null)
    lines.push("// No version row was found: name the adopted schema's version here.");
  lines.push(`db.version(${JSON.stringify(model.version ?? "0.0.0-adopted")});`);
  return lines.join("\n") + "\n";
}
