import { CorpusCase, spec, withId } from "../corpus-case";

const mood = (values: string[], more: object = {}) => ({ mood: { values, ...more } });
const table = (type = "public.mood", dflt?: string) => ({
  t: withId({ m: { type, ...(dflt ? { default: dflt } : {}) } }),
});

export const enumCases: CorpusCase[] = [
  { name: "create an enum and a column using it", old: spec({}), new: spec(table(), mood(["a", "b"])) },
  {
    name: "enum column with a default",
    old: spec({}),
    new: spec(table("public.mood", "'a'::public.mood"), mood(["a", "b"])),
  },
  {
    name: "add an enum value at the end",
    old: spec(table(), mood(["a", "b"])),
    new: spec(table(), mood(["a", "b", "c"])),
    rows: { t: [{ m: "a" }, { m: "b" }] },
  },
  {
    name: "add an enum value in the middle",
    old: spec(table(), mood(["a", "c"])),
    new: spec(table(), mood(["a", "b", "c"])),
    rows: { t: [{ m: "c" }] },
  },
  {
    name: "add an enum value at the start",
    old: spec(table(), mood(["b"])),
    new: spec(table(), mood(["a", "b"])),
  },
  {
    name: "add several enum values",
    old: spec(table(), mood(["b"])),
    new: spec(table(), mood(["a", "b", "c", "d"])),
  },
  {
    name: "add an enum value and use it as a default",
    old: spec(table(), mood(["a"])),
    new: spec(table("public.mood", "'z'::public.mood"), mood(["a", "z"])),
  },
  {
    name: "rename an enum value",
    old: spec(table(), mood(["a", "b"])),
    new: spec(table(), mood(["a", "bee"], { renamedValues: { bee: "b" } })),
    rows: { t: [{ m: "b" }] },
  },
  {
    name: "rename an enum value used in a default",
    old: spec(table("public.mood", "'b'::public.mood"), mood(["a", "b"])),
    new: spec(
      table("public.mood", "'bee'::public.mood"),
      mood(["a", "bee"], { renamedValues: { bee: "b" } }),
    ),
  },
  {
    name: "rename an enum type",
    old: spec(table(), mood(["a", "b"])),
    new: spec(table("public.feeling"), { feeling: { values: ["a", "b"], renamedFrom: "mood" } }),
    rows: { t: [{ m: "a" }] },
  },
  { name: "enum array column", old: spec({}, mood(["a"])), new: spec(table("public.mood[]"), mood(["a"])) },
  {
    name: "text column becomes an enum",
    old: spec({ t: withId({ m: { type: "text" } }) }, mood(["a", "b"])),
    new: spec(table(), mood(["a", "b"])),
    rows: { t: [{ m: "a" }, { m: "b" }] },
  },
  {
    name: "enum column becomes text",
    old: spec(table(), mood(["a", "b"])),
    new: spec({ t: withId({ m: { type: "text" } }) }, mood(["a", "b"])),
    rows: { t: [{ m: "a" }] },
  },
  {
    name: "enum comment",
    old: spec(table(), mood(["a"])),
    new: spec(table(), mood(["a"], { comment: "how it feels" })),
  },
  { name: "drop an unused enum", old: spec({}, mood(["a"])), new: spec({}), destructive: true },
  {
    name: "drop an enum and the column using it",
    old: spec(table(), mood(["a"])),
    new: spec({ t: withId({}) }),
    destructive: true,
  },
  {
    name: "enum in another schema",
    old: spec({}),
    new: spec({ t: withId({ s: { type: "ops.state" } }) }, {}, { ops: { enums: { state: ["up", "down"] } } }),
  },
  {
    name: "enum value with quotes and spaces",
    old: spec({}, mood(["it's ok"])),
    new: spec(table(), mood(["it's ok", 'not "great"'])),
  },
  {
    name: "removing an enum value is refused as unsupported",
    old: spec(table(), mood(["a", "b"])),
    new: spec(table(), mood(["a"])),
    unsupported: true,
  },
  {
    name: "reordering enum values is refused as unsupported",
    old: spec(table(), mood(["a", "b"])),
    new: spec(table(), mood(["b", "a"])),
    unsupported: true,
  },
];
