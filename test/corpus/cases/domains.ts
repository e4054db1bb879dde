// Domains (issue 15): create, change (default, NOT NULL, checks), drop, and a base-type change that
// re-creates the domain and converts the columns typed by it.
import type { DomainDeclaration } from "../../../core/model/declaration";
import { CorpusCase, spec, withId } from "../corpus-case";

const withDomains = (
  tables: Parameters<typeof spec>[0],
  domains: Record<string, DomainDeclaration>,
): CorpusCase["old"] => {
  const s = spec(tables);
  s.schemas.public.domains = domains;
  return s;
};
const positive = (
  checks: Record<string, string> = { positive_check: "(VALUE > 0)" },
  more: Partial<DomainDeclaration> = {},
) => ({
  positive: { type: "integer", checks, ...more },
});
const uses = (type = "public.positive") => ({ t: withId({ q: { type } }) });

export const domainCases: CorpusCase[] = [
  { name: "create a domain and a column using it", old: spec({}), new: withDomains(uses(), positive()) },
  {
    name: "domain with a default, NOT NULL and a comment",
    old: spec({}),
    new: withDomains(uses("public.code"), {
      code: { type: "text", nullable: false, default: "'x'::text", comment: "a short code" },
    }),
    rows: { t: [{ q: "a" }] },
  },
  {
    name: "add a check to a domain in use",
    old: withDomains(uses(), positive({})),
    new: withDomains(uses(), positive({ small: "(VALUE < 1000)" })),
    rows: { t: [{ q: 5 }] },
  },
  {
    name: "change a domain check",
    old: withDomains(uses(), positive()),
    new: withDomains(uses(), positive({ positive_check: "(VALUE >= 0)" })),
    rows: { t: [{ q: 0 + 1 }] },
  },
  {
    name: "drop a domain check",
    old: withDomains(uses(), positive({ positive_check: "(VALUE > 0)", small: "(VALUE < 1000)" })),
    new: withDomains(uses(), positive()),
  },
  {
    name: "set NOT NULL on a domain in use",
    old: withDomains(uses(), positive()),
    new: withDomains(uses(), positive(undefined, { nullable: false })),
    rows: { t: [{ q: 3 }] },
  },
  {
    name: "drop NOT NULL from a domain",
    old: withDomains(uses(), positive(undefined, { nullable: false })),
    new: withDomains(uses(), positive()),
    rows: { t: [{ q: 3 }] },
  },
  {
    name: "set and change a domain default",
    old: withDomains(uses(), positive(undefined, { default: "1" })),
    new: withDomains(uses(), positive(undefined, { default: "7" })),
  },
  {
    name: "domain comment",
    old: withDomains(uses(), positive()),
    new: withDomains(uses(), positive(undefined, { comment: "strictly above zero" })),
  },
  { name: "drop an unused domain", old: withDomains({}, positive()), new: spec({}) },
  {
    name: "drop a domain and the column using it",
    old: withDomains(uses(), positive()),
    new: spec({ t: withId({}) }),
    destructive: true,
  },
  {
    name: "column changes from text to a domain",
    old: withDomains({ t: withId({ q: { type: "integer" } }) }, positive()),
    new: withDomains(uses(), positive()),
    rows: { t: [{ q: 4 }] },
  },
  {
    name: "widen the base type of a domain in use (re-create it and convert the columns)",
    old: withDomains(
      { t: withId({ q: { type: "public.label" }, qs: { type: "public.label[]" } }) },
      {
        label: { type: "character varying(10)", checks: { label_check: "(length((VALUE)::text) > 0)" } },
      },
    ),
    new: withDomains(
      { t: withId({ q: { type: "public.label" }, qs: { type: "public.label[]" } }) },
      {
        label: { type: "character varying(20)", checks: { label_check: "(length((VALUE)::text) > 0)" } },
      },
    ),
    rows: { t: [{ q: "abc", qs: ["x"] }] },
  },
  {
    name: "domain over an enum, dropped together with the enum",
    old: (() => {
      const s = withDomains(
        {},
        {
          happy_mood: { type: "public.mood", checks: { happy_mood_check: "(VALUE <> 'sad'::public.mood)" } },
        },
      );
      s.schemas.public.enums = { mood: ["happy", "sad"] };
      return s;
    })(),
    new: spec({}),
    destructive: true,
  },
  {
    name: "domain over another domain",
    old: spec({}),
    new: withDomains(uses("public.small"), {
      ...positive(),
      small: { type: "public.positive", checks: { small_check: "((VALUE)::integer < 100)" } },
    }),
  },
  {
    name: "add a check to a domain held inside a composite type column (refused: Postgres cannot check it)",
    old: (() => {
      const s = withDomains({ t: withId({ home: { type: "public.address" } }) }, positive());
      s.schemas.public.compositeTypes = {
        address: { attributes: { street: "text", number: "public.positive" } },
      };
      return s;
    })(),
    new: (() => {
      const s = withDomains(
        { t: withId({ home: { type: "public.address" } }) },
        positive({ positive_check: "(VALUE > 0)", small: "(VALUE < 1000)" }),
      );
      s.schemas.public.compositeTypes = {
        address: { attributes: { street: "text", number: "public.positive" } },
      };
      return s;
    })(),
    unsupported: true,
  },
];
