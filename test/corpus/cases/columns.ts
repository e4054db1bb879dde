import type { ColumnDeclaration } from "../../../core/model/declaration";
import { CorpusCase, tableChange, withId } from "../corpus-case";

/** Adding a column of every supported type, nullable and NOT NULL with a default. */
const typesWithDefaults: Array<[string, string]> = [
  ["smallint", "0"],
  ["integer", "0"],
  ["bigint", "0"],
  ["numeric(10,2)", "0"],
  ["numeric", "1.5"],
  ["real", "0"],
  ["double precision", "0"],
  ["text", "''::text"],
  ["character varying(20)", "'x'::character varying"],
  ["character(3)", "'abc'::bpchar"],
  ["boolean", "false"],
  ["date", "CURRENT_DATE"],
  ["time without time zone", "'12:00:00'::time without time zone"],
  ["timestamp without time zone", "'2020-01-01 00:00:00'::timestamp without time zone"],
  ["timestamp with time zone", "now()"],
  ["timestamp(3) with time zone", "CURRENT_TIMESTAMP"],
  ["interval", "'1 day'::interval"],
  ["uuid", "gen_random_uuid()"],
  ["json", "'{}'::json"],
  ["jsonb", "'{}'::jsonb"],
  ["bytea", "'\\x00'::bytea"],
  ["inet", "'127.0.0.1'::inet"],
  ["cidr", "'10.0.0.0/8'::cidr"],
  ["text[]", "'{}'::text[]"],
  ["integer[]", "'{1,2}'::integer[]"],
  ["macaddr", "'08:00:2b:01:02:03'::macaddr"],
  ["tsvector", "''::tsvector"],
];

const addColumnCases: CorpusCase[] = typesWithDefaults.flatMap(([type, dflt]): CorpusCase[] => [
  tableChange(
    `add nullable ${type} column`,
    withId({ a: { type: "text" } }),
    withId({ a: { type: "text" }, c: { type } }),
  ),
  tableChange(
    `add NOT NULL ${type} column with default`,
    withId({ a: { type: "text" } }),
    withId({ a: { type: "text" }, c: { type, nullable: false, default: dflt } }),
  ),
]);

const c = (type: string, more: Partial<ColumnDeclaration> = {}): ColumnDeclaration => ({ type, ...more });

const typeChanges: Array<[string, string, unknown[]?]> = [
  ["integer", "bigint"],
  ["smallint", "integer"],
  ["integer", "numeric(12,0)"],
  ["character varying(10)", "character varying(20)"],
  ["character varying(20)", "text"],
  ["text", "character varying(50)"],
  ["numeric(10,2)", "numeric(12,2)"],
  ["integer", "text"],
  ["text", "integer", ["1", "2", null]],
  ["timestamp without time zone", "timestamp with time zone"],
  ["date", "timestamp without time zone"],
  ["json", "jsonb"],
  ["text", "jsonb", ['{"a": 1}', "[]", null]],
  ["character(3)", "character varying(3)"],
  ["uuid", "text"],
  ["boolean", "text"],
  ["real", "double precision"],
  ["text", "uuid", ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", null]],
  ["integer", "integer[]", []],
  ["text", "text[]", []],
];

const lossy = new Set(["json->jsonb"]);

const typeChangeCases: CorpusCase[] = typeChanges.map(([from, to, values]) =>
  tableChange(`change type ${from} -> ${to}`, withId({ v: c(from) }), withId({ v: c(to) }), {
    ...(values ? { rows: { t: values.map((v) => ({ v })) } } : {}),
    ...(lossy.has(`${from.split("(")[0]}->${to.split("(")[0]}`) ? { destructive: true } : {}),
  }),
);

const attributeCases: CorpusCase[] = [
  tableChange(
    "set NOT NULL on a column without NULLs",
    withId({ v: c("text") }),
    withId({ v: c("text", { nullable: false }) }),
  ),
  tableChange("drop NOT NULL", withId({ v: c("text", { nullable: false }) }), withId({ v: c("text") })),
  tableChange(
    "set NOT NULL and a default together",
    withId({ v: c("integer") }),
    withId({ v: c("integer", { nullable: false, default: "7" }) }),
  ),
  tableChange(
    "add a default",
    withId({ v: c("text") }),
    withId({ v: c("text", { default: "'none'::text" }) }),
  ),
  tableChange(
    "change a default",
    withId({ v: c("integer", { default: "1" }) }),
    withId({ v: c("integer", { default: "2" }) }),
  ),
  tableChange("drop a default", withId({ v: c("integer", { default: "1" }) }), withId({ v: c("integer") })),
  tableChange(
    "change type and default together",
    withId({ v: c("integer", { default: "1" }) }),
    withId({ v: c("text", { default: "'one'::text" }) }),
  ),
  tableChange(
    "make an integer column an identity (starts after existing values)",
    { columns: { id: c("bigint", { primaryKey: true }), v: c("text") } },
    { columns: { id: c("bigint", { primaryKey: true, identity: "by default" }), v: c("text") } },
    { rows: { t: [{ id: 10 }, { id: 20 }] } },
  ),
  tableChange(
    "drop identity",
    { columns: { id: c("bigint", { primaryKey: true, identity: "always" }), v: c("text") } },
    { columns: { id: c("bigint", { primaryKey: true }), v: c("text") } },
  ),
  tableChange(
    "identity always -> by default",
    { columns: { id: c("bigint", { primaryKey: true, identity: "always" }), v: c("text") } },
    { columns: { id: c("bigint", { primaryKey: true, identity: "by default" }), v: c("text") } },
  ),
  tableChange(
    "identity by default -> always",
    { columns: { id: c("integer", { primaryKey: true, identity: "by default" }), v: c("text") } },
    { columns: { id: c("integer", { primaryKey: true, identity: "always" }), v: c("text") } },
  ),
  tableChange("widen an identity column", withId({}), {
    columns: { id: c("bigint", { primaryKey: true, identity: "by default" }) },
  }),
  tableChange(
    "add a generated column",
    withId({ price: c("integer") }),
    withId({ price: c("integer"), double_price: c("integer", { generated: "(price * 2)" }) }),
  ),
  tableChange(
    "change a generated expression",
    withId({ price: c("integer"), g: c("integer", { generated: "(price * 2)" }) }),
    withId({ price: c("integer"), g: c("integer", { generated: "(price * 3)" }) }),
  ),
  tableChange(
    "generated column becomes a plain column",
    withId({ price: c("integer"), g: c("integer", { generated: "(price * 2)" }) }),
    withId({ price: c("integer"), g: c("integer") }),
  ),
  tableChange("add a collation", withId({ v: c("text") }), withId({ v: c("text", { collation: "C" }) })),
  tableChange(
    "change a collation",
    withId({ v: c("text", { collation: "C" }) }),
    withId({ v: c("text", { collation: "POSIX" }) }),
  ),
  tableChange(
    "add a column comment",
    withId({ v: c("text") }),
    withId({ v: c("text", { comment: "the value's text \\ here" }) }),
  ),
  tableChange(
    "change a column comment",
    withId({ v: c("text", { comment: "a" }) }),
    withId({ v: c("text", { comment: "b" }) }),
  ),
  tableChange("drop a column comment", withId({ v: c("text", { comment: "a" }) }), withId({ v: c("text") })),
  tableChange(
    "add an identity column",
    withId({ v: c("text") }),
    withId({ v: c("text"), n: c("integer", { identity: "always" }) }),
  ),
  tableChange("drop a column", withId({ v: c("text"), w: c("text") }), withId({ v: c("text") }), {
    destructive: true,
  }),
  tableChange(
    "drop a generated column",
    withId({ v: c("integer"), g: c("integer", { generated: "(v + 1)" }) }),
    withId({ v: c("integer") }),
  ),
  tableChange(
    "drop two columns",
    withId({ v: c("text"), w: c("text"), x: c("integer") }),
    withId({ v: c("text") }),
    { destructive: true },
  ),
  tableChange(
    "lossy numeric scale change",
    withId({ v: c("numeric(10,4)") }),
    withId({ v: c("numeric(10,2)") }),
    { destructive: true },
  ),
  tableChange("lossy float -> integer", withId({ v: c("double precision") }), withId({ v: c("integer") }), {
    destructive: true,
  }),
  tableChange("rename a column", withId({ v: c("text") }), withId({ w: c("text", { renamedFrom: "v" }) })),
  tableChange(
    "rename a column and change its type",
    withId({ v: c("integer") }),
    withId({ w: c("bigint", { renamedFrom: "v" }) }),
  ),
  tableChange(
    "spelling only: int4/varchar/timestamptz aliases",
    withId({ a: c("int4"), b: c("varchar(5)"), d: c("timestamptz") }),
    withId({ a: c("integer"), b: c("character varying(5)"), d: c("timestamp with time zone") }),
  ),
  tableChange(
    "spelling only: bool/float8/decimal",
    withId({ a: c("bool"), b: c("float8"), d: c("decimal(6,1)") }),
    withId({ a: c("boolean"), b: c("double precision"), d: c("numeric(6,1)") }),
  ),
];

export const columnCases: CorpusCase[] = [...addColumnCases, ...typeChangeCases, ...attributeCases];

columnCases.push(
  tableChange(
    "array -> scalar keeps the first element",
    withId({ v: c("integer[]") }),
    withId({ v: c("integer") }),
    { destructive: true },
  ),
);
