// Composite types (issue 15): create, ALTER TYPE ADD / DROP / ALTER ATTRIBUTE where Postgres can,
// a re-creation that converts the columns where it cannot (an attribute's type or the order while a
// column uses the type), a refusal for array columns, drop.
import type { CompositeTypeDeclaration } from "../../../core/model/declaration";
import { CorpusCase, spec, withId } from "../corpus-case";

const withTypes = (
  tables: Parameters<typeof spec>[0],
  compositeTypes: Record<string, CompositeTypeDeclaration>,
): CorpusCase["old"] => {
  const s = spec(tables);
  s.schemas.public.compositeTypes = compositeTypes;
  return s;
};
const address = (attributes: CompositeTypeDeclaration["attributes"], comment?: string) => ({
  address: { attributes, ...(comment ? { comment } : {}) },
});
const uses = { t: withId({ home: { type: "public.address" } }) };
const rows = { t: [{ home: "(Main St,1)" }] };
const base = { street: "text", number: "integer" };

export const compositeTypeCases: CorpusCase[] = [
  {
    name: "create a composite type and a column using it",
    old: spec({}),
    new: withTypes(uses, address(base)),
  },
  {
    name: "add an attribute to a composite type in use",
    old: withTypes(uses, address(base)),
    new: withTypes(uses, address({ ...base, city: "text" })),
    rows,
  },
  {
    name: "drop an attribute of a composite type in use",
    old: withTypes(uses, address(base)),
    new: withTypes(uses, address({ street: "text" })),
    rows,
    destructive: true,
  },
  {
    name: "change an attribute type of an unused composite type",
    old: withTypes({}, address(base)),
    new: withTypes({}, address({ street: "text", number: "bigint" })),
  },
  {
    name: "change an attribute type of a composite type in use (re-create it and convert the column)",
    old: withTypes(uses, address(base)),
    new: withTypes(uses, address({ street: "text", number: "bigint" })),
    rows: { t: [{ home: "(Main St,1)" }, { home: null }, { home: "(,)" }] },
  },
  {
    name: "reorder the attributes of a composite type in use",
    old: withTypes(uses, address(base)),
    new: withTypes(uses, address({ number: "integer", street: "text" })),
    rows,
  },
  {
    name: "reorder the attributes of an unused composite type",
    old: withTypes({}, address(base)),
    new: withTypes({}, address({ number: "integer", street: "text" })),
  },
  {
    name: "composite type used by an array column: an attribute type change is refused",
    old: withTypes({ t: withId({ homes: { type: "public.address[]" } }) }, address(base)),
    new: withTypes(
      { t: withId({ homes: { type: "public.address[]" } }) },
      address({ street: "text", number: "bigint" }),
    ),
    unsupported: true,
  },
  {
    name: "composite type comment",
    old: withTypes(uses, address(base)),
    new: withTypes(uses, address(base, "a postal address")),
  },
  { name: "drop an unused composite type", old: withTypes({}, address(base)), new: spec({}) },
  {
    name: "drop a composite type and the column using it",
    old: withTypes(uses, address(base)),
    new: spec({ t: withId({}) }),
    rows,
    destructive: true,
  },
  {
    name: "composite type with an attribute typed by a domain",
    old: spec({}),
    new: (() => {
      const s = withTypes(uses, address({ street: "text", number: "public.positive" }));
      s.schemas.public.domains = { positive: { type: "integer", checks: { positive_check: "(VALUE > 0)" } } };
      return s;
    })(),
  },
];
