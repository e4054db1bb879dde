// Triggers on tables: created after their table and function, replaced in place, enabled and
// disabled, dropped before the columns and functions they use.
import type {
  FunctionDeclaration,
  TableDeclaration,
  TriggerDeclaration,
} from "../../../core/model/declaration";
import { CorpusCase, withId } from "../corpus-case";
import { withRoutines } from "./functions";

const touch: FunctionDeclaration = {
  returns: "trigger",
  language: "plpgsql",
  body: "begin new.updated_at := now(); return new; end",
};
const audit: FunctionDeclaration = {
  returns: "trigger",
  language: "plpgsql",
  body: "begin insert into public.audit_log (what) values (TG_ARGV[0] || ':' || TG_OP); return null; end",
};

const updatedAt: TriggerDeclaration = {
  timing: "before",
  events: ["update"],
  forEach: "row",
  function: "touch",
};

const table = (
  triggers?: Record<string, TriggerDeclaration>,
  extra: TableDeclaration["columns"] = {},
): TableDeclaration => ({
  ...withId({ v: { type: "integer" }, updated_at: { type: "timestamp with time zone" }, ...extra }),
  ...(triggers ? { triggers } : {}),
});
const auditLog = withId({ what: { type: "text" } });

export const triggerCases: CorpusCase[] = [
  {
    name: "create an updated_at trigger with its function and table",
    old: withRoutines({}),
    new: withRoutines({ t: table({ t_touch: updatedAt }) }, { touch }),
  },
  {
    name: "add a trigger to an existing table",
    old: withRoutines({ t: table() }),
    new: withRoutines({ t: table({ t_touch: updatedAt }) }, { touch }),
  },
  {
    name: "change a trigger's events replaces it",
    old: withRoutines({ t: table({ t_touch: updatedAt }) }, { touch }),
    new: withRoutines({ t: table({ t_touch: { ...updatedAt, events: ["insert", "update"] } }) }, { touch }),
  },
  {
    name: "trigger on update of some columns",
    old: withRoutines({ t: table() }),
    new: withRoutines({ t: table({ t_touch: { ...updatedAt, updateOf: ["v"] } }) }, { touch }),
  },
  {
    name: "trigger with a when condition",
    old: withRoutines({ t: table({ t_touch: updatedAt }) }, { touch }),
    new: withRoutines(
      { t: table({ t_touch: { ...updatedAt, when: "(old.v IS DISTINCT FROM new.v)" } }) },
      { touch },
    ),
  },
  {
    name: "disable a trigger and enable another for replicas",
    old: withRoutines({ t: table({ t_touch: updatedAt, t_touch2: updatedAt }) }, { touch }),
    new: withRoutines(
      {
        t: table({
          t_touch: { ...updatedAt, enabled: false },
          t_touch2: { ...updatedAt, enabled: "replica" },
        }),
      },
      { touch },
    ),
  },
  {
    // Fuzz seed 30221: CREATE OR REPLACE TRIGGER resets the enabled state, which was not set again.
    name: "change the events of a trigger enabled for replicas: replaced, then enabled for replicas again",
    old: withRoutines({ t: table({ t_touch: { ...updatedAt, enabled: "replica" } }) }, { touch }),
    new: withRoutines(
      { t: table({ t_touch: { ...updatedAt, enabled: "replica", events: ["insert", "update"] } }) },
      { touch },
    ),
  },
  {
    name: "create a disabled trigger",
    old: withRoutines({ t: table() }, { touch }),
    new: withRoutines({ t: table({ t_touch: { ...updatedAt, enabled: false } }) }, { touch }),
  },
  {
    name: "drop a trigger and keep its function",
    old: withRoutines({ t: table({ t_touch: updatedAt }) }, { touch }),
    new: withRoutines({ t: table() }, { touch }),
  },
  {
    name: "drop a trigger and its function",
    old: withRoutines({ t: table({ t_touch: updatedAt }) }, { touch }),
    new: withRoutines({ t: table() }),
  },
  {
    name: "drop a table with a trigger and the trigger's function",
    old: withRoutines({ t: table({ t_touch: updatedAt }), keep: withId({}) }, { touch }),
    new: withRoutines({ keep: withId({}) }),
    destructive: true,
  },
  {
    name: "statement trigger with arguments writing an audit table",
    old: withRoutines({ t: table(), audit_log: auditLog }),
    new: withRoutines(
      {
        t: table({
          t_audit: {
            timing: "after",
            events: ["insert", "update", "delete", "truncate"],
            function: "audit",
            arguments: ["t's rows"],
          },
        }),
        audit_log: auditLog,
      },
      { audit },
    ),
  },
  {
    name: "change a trigger function's body keeps the trigger",
    old: withRoutines({ t: table({ t_touch: updatedAt }) }, { touch }),
    new: withRoutines(
      { t: table({ t_touch: updatedAt }) },
      { touch: { ...touch, body: "begin new.updated_at := clock_timestamp(); return new; end" } },
    ),
  },
  {
    name: "function used by a trigger and a default",
    old: withRoutines({}),
    new: withRoutines(
      {
        t: table(
          { t_stamp: { timing: "before", events: ["insert", "update"], forEach: "row", function: "stamp" } },
          {
            created_at: { type: "timestamp with time zone", default: "public.stamp_now()" },
          },
        ),
      },
      {
        stamp_now: {
          returns: "timestamp with time zone",
          language: "sql",
          body: "select now()",
          volatility: "stable",
        },
        stamp: {
          returns: "trigger",
          language: "plpgsql",
          body: "begin new.updated_at := public.stamp_now(); return new; end",
        },
      },
    ),
  },
  {
    name: "comment on a trigger",
    old: withRoutines({ t: table({ t_touch: updatedAt }) }, { touch }),
    new: withRoutines(
      { t: table({ t_touch: { ...updatedAt, comment: "keeps updated_at current" } }) },
      { touch },
    ),
  },
  {
    name: "rename a table with a trigger",
    old: withRoutines({ t: table({ t_touch: updatedAt }) }, { touch }),
    new: withRoutines({ t2: { ...table({ t_touch: updatedAt }), renamedFrom: "t" } }, { touch }),
    rows: { t: [{ v: 1 }] },
  },
  {
    name: "drop the column a trigger's update of uses",
    old: withRoutines(
      { t: table({ t_touch: { ...updatedAt, updateOf: ["v", "w"] } }, { w: { type: "integer" } }) },
      { touch },
    ),
    new: withRoutines({ t: table({ t_touch: { ...updatedAt, updateOf: ["v"] } }) }, { touch }),
    destructive: true,
  },
  // Postgres refuses a type change of a column a trigger's UPDATE OF or WHEN uses, and DROP
  // FUNCTION of one its WHEN calls: the trigger is dropped before and created again after.
  {
    name: "change the type of a column a trigger's update of uses: the trigger is re-created around it",
    old: withRoutines({ t: table({ t_touch: { ...updatedAt, updateOf: ["v"] } }) }, { touch }),
    new: withRoutines(
      { t: table({ t_touch: { ...updatedAt, updateOf: ["v"] } }, { v: { type: "bigint" } }) },
      { touch },
    ),
  },
  {
    name: "change the type of a column a trigger's when condition uses",
    old: withRoutines(
      { t: table({ t_touch: { ...updatedAt, when: "(old.v IS DISTINCT FROM new.v)" } }) },
      { touch },
    ),
    new: withRoutines(
      {
        t: table(
          { t_touch: { ...updatedAt, when: "(old.v IS DISTINCT FROM new.v)" } },
          { v: { type: "bigint" } },
        ),
      },
      { touch },
    ),
  },
  {
    name: "re-create a function a trigger's when condition calls",
    old: withRoutines(
      { t: table({ t_touch: { ...updatedAt, when: "public.positive(new.v)" } }) },
      {
        touch,
        positive: positive("x"),
      },
    ),
    new: withRoutines(
      { t: table({ t_touch: { ...updatedAt, when: "public.positive(new.v)" } }) },
      {
        touch,
        positive: positive("n"),
      },
    ),
  },
];

function positive(arg: string): FunctionDeclaration {
  return {
    arguments: [{ name: arg, type: "integer" }],
    returns: "boolean",
    language: "sql",
    body: `select ${arg} > 0`,
    volatility: "immutable",
  };
}
