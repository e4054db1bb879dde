// Sequence changes: create, options (ALTER SEQUENCE without RESTART, so the current value is never
// touched), owner, comment, rename (an owned sequence follows its renamed table or column) and drop.
import { dollarQuote } from "../model/function";
import { nextvalDefault, sequenceFromDeclaration } from "../model/sequence";
import type { SchemaModel, SequenceModel } from "../model/model";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { Phase, PlanBuilder } from "./builder";
import { commentLiteral } from "./ddl";
import { hazard } from "./hazards";
import { columnKey, schemaKey, sequenceKey, tableKey } from "./keys";
import type { Hazard } from "./step";

const label = (s: SequenceModel) => `${s.schema}.${s.name}`;
const owner = (o: SequenceModel["ownedBy"]) => (o ? `${o.table}.${o.column}` : null);

function optionClauses(s: SequenceModel, only?: (k: keyof SequenceModel) => boolean): string[] {
  const want = only ?? (() => true);
  const out: string[] = [];
  if (want("type")) out.push(`AS ${s.type}`);
  if (want("increment")) out.push(`INCREMENT BY ${s.increment}`);
  if (want("minValue")) out.push(`MINVALUE ${s.minValue}`);
  if (want("maxValue")) out.push(`MAXVALUE ${s.maxValue}`);
  if (want("start")) out.push(`START WITH ${s.start}`);
  if (want("cache")) out.push(`CACHE ${s.cache}`);
  if (want("cycle")) out.push(s.cycle ? "CYCLE" : "NO CYCLE");
  return out;
}

/** CREATE SEQUENCE's clauses: the type, then only options that differ from what it defaults to. */
function createClauses(d: SequenceModel): string[] {
  const defaults = sequenceFromDeclaration(d.schema, d.name, { type: d.type, increment: d.increment }, []);
  return optionClauses(
    d,
    (k) =>
      k === "type" ||
      (k === "increment" ? d.increment !== "1" : k !== "ownedBy" && k !== "comment" && d[k] !== defaults[k]),
  );
}

/** Live owners as the desired model names them (a renamed table or column keeps its sequences). */
function ownerAfterRenames(desired: SchemaModel, s: SequenceModel): SequenceModel["ownedBy"] {
  if (!s.ownedBy) return null;
  const t =
    desired.tables.find((x) => x.schema === s.schema && x.renamedFrom === s.ownedBy!.table) ??
    desired.tables.find((x) => x.schema === s.schema && x.name === s.ownedBy!.table);
  if (!t) return s.ownedBy;
  const c = t.columns.find((x) => x.renamedFrom === s.ownedBy!.column);
  return { table: t.name, column: c ? c.name : s.ownedBy.column };
}

function planOwner(plan: PlanBuilder, s: SequenceModel): void {
  const target = s.ownedBy
    ? `${quoteQualified(s.schema, s.ownedBy.table)}.${quoteIdent(s.ownedBy.column)}`
    : "NONE";
  plan.add(Phase.alterSequences, {
    objectKey: sequenceKey(s.schema, s.name),
    description: s.ownedBy
      ? `make sequence ${label(s)} owned by ${s.schema}.${owner(s.ownedBy)}`
      : `make sequence ${label(s)} owned by no column`,
    sql: `ALTER SEQUENCE ${quoteQualified(s.schema, s.name)} OWNED BY ${target}`,
    lock: "none",
    needs: [
      sequenceKey(s.schema, s.name),
      ...(s.ownedBy
        ? [tableKey(s.schema, s.ownedBy.table), columnKey(s.schema, s.ownedBy.table, s.ownedBy.column)]
        : []),
    ],
  });
}

function planComment(plan: PlanBuilder, s: SequenceModel): void {
  plan.add(Phase.comments, {
    objectKey: sequenceKey(s.schema, s.name),
    description: `set comment of sequence ${label(s)}`,
    sql: `COMMENT ON SEQUENCE ${quoteQualified(s.schema, s.name)} IS ${commentLiteral(s.comment)}`,
    lock: "none",
  });
}

export function planSequences(
  live: SchemaModel,
  desired: SchemaModel,
  plan: PlanBuilder,
  liveTables: ReadonlySet<string>,
): void {
  const want = desired.sequences ?? [];
  const have = new Map(
    (live.sequences ?? []).map((s) => [label(s), { ...s, ownedBy: ownerAfterRenames(desired, s) }]),
  );
  const wanted = new Set(want.map(label));
  // A sequence declared with renamedFrom, or an owned sequence whose name changed with its table or
  // column, is renamed, never dropped and created again (that would start it over and hand out ids
  // already in use).
  for (const d of want) {
    if (have.has(label(d))) continue;
    const previous = d.renamedFrom !== undefined ? have.get(`${d.schema}.${d.renamedFrom}`) : undefined;
    const from =
      previous && !wanted.has(label(previous))
        ? previous
        : d.ownedBy
          ? [...have.values()].find(
              (l) => !wanted.has(label(l)) && l.schema === d.schema && owner(l.ownedBy) === owner(d.ownedBy),
            )
          : undefined;
    if (!from) continue;
    plan.add(Phase.renameTables, {
      objectKey: sequenceKey(d.schema, d.name),
      description: `rename sequence ${label(from)} to ${d.name}`,
      sql: `ALTER SEQUENCE ${quoteQualified(from.schema, from.name)} RENAME TO ${quoteIdent(d.name)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: label(from),
      drops: [sequenceKey(from.schema, from.name)],
      creates: [sequenceKey(d.schema, d.name)],
      rename: { from: sequenceKey(from.schema, from.name), to: sequenceKey(d.schema, d.name) },
    });
    // Column defaults refer to the sequence by OID: they print the new name once it is renamed.
    const before = nextvalDefault(from.schema, from.name);
    for (const t of live.tables)
      for (const c of t.columns) if (c.default === before) c.default = nextvalDefault(d.schema, d.name);
    have.delete(label(from));
    have.set(label(d), { ...from, name: d.name });
  }
  for (const d of want) {
    const key = sequenceKey(d.schema, d.name);
    const l = have.get(label(d));
    if (!l) {
      plan.add(Phase.createSequences, {
        objectKey: key,
        description: `create sequence ${label(d)}`,
        sql: `CREATE SEQUENCE ${quoteQualified(d.schema, d.name)} ${createClauses(d).join(" ")}`,
        lock: "none",
        creates: [key],
        needs: [schemaKey(d.schema)],
      });
      if (d.ownedBy) {
        planOwner(plan, d);
        if (liveTables.has(`${d.schema}.${d.ownedBy.table}`) && BigInt(d.increment) > 0n) {
          // A new sequence for a column that already has rows starts after the largest value.
          const column = quoteIdent(d.ownedBy.column);
          const table = quoteQualified(d.schema, d.ownedBy.table);
          plan.add(Phase.alterSequences, {
            objectKey: key,
            description: `start sequence ${label(d)} after the largest ${d.ownedBy.column} of ${d.schema}.${d.ownedBy.table}`,
            sql:
              `SELECT pg_catalog.setval(${quoteLiteral(quoteQualified(d.schema, d.name))}, ` +
              `greatest(coalesce(max(${column}) + 1, ${d.start}), ${d.start}), false) FROM ${table}`,
            lock: "ACCESS SHARE",
            lockTarget: `${d.schema}.${d.ownedBy.table}`,
            needs: [key, columnKey(d.schema, d.ownedBy.table, d.ownedBy.column)],
          });
        }
      }
      if (d.comment !== null) planComment(plan, d);
      continue;
    }
    const changed = (k: keyof SequenceModel) => JSON.stringify(l[k]) !== JSON.stringify(d[k]);
    const clauses = optionClauses(d, changed);
    if (clauses.length) {
      const hazards: Hazard[] = [];
      if (changed("minValue") || changed("maxValue") || changed("type") || changed("increment"))
        hazards.push(
          hazard.mayFailOnExistingData(
            "fails if the current value lies outside the new bounds (the current value is kept, never reset)",
          ),
        );
      const alter = `ALTER SEQUENCE ${quoteQualified(d.schema, d.name)} ${clauses.join(" ")}`;
      const liveStart = BigInt(l.start);
      const startOutside = liveStart < BigInt(d.minValue) || liveStart > BigInt(d.maxValue);
      plan.add(Phase.alterSequences, {
        objectKey: key,
        // No RESTART: the current value stays where it is. Except for a sequence that never handed
        // out a value while the new bounds exclude where it stands (its start: a descending
        // sequence turned ascending): Postgres refuses to keep that value ("RESTART value (-1)
        // cannot be less than MINVALUE (1)"), and with nothing handed out, starting over at the new
        // start loses nothing. A sequence that did hand out values is never reset.
        description:
          `change options of sequence ${label(d)} (${clauses.join(", ")}), keeping its current value` +
          (startOutside ? "; if it never handed out a value, it starts over at its new start" : ""),
        sql: startOutside
          ? `DO ${dollarQuote(
              `BEGIN IF (SELECT NOT is_called AND last_value = ${liveStart} FROM ${quoteQualified(d.schema, d.name)})` +
                ` THEN ${alter} RESTART; ELSE ${alter}; END IF; END`,
            )}`
          : alter,
        lock: "SHARE ROW EXCLUSIVE",
        lockTarget: label(d),
        hazards,
      });
    }
    if (changed("ownedBy")) planOwner(plan, d);
    if (changed("comment")) planComment(plan, d);
  }
  // A sequence a desired column default still calls is kept, declared or not (Postgres would refuse
  // the drop; a declaration written before sequences were managed names only the default).
  const called = new Set(
    desired.tables
      .flatMap((t) => t.columns.map((c) => c.default ?? ""))
      .filter((d) => d.startsWith("nextval(")),
  );
  for (const l of have.values()) {
    if (wanted.has(label(l)) || called.has(nextvalDefault(l.schema, l.name))) continue;
    plan.add(Phase.dropSequences, {
      objectKey: sequenceKey(l.schema, l.name),
      description: `drop sequence ${label(l)}`,
      // IF EXISTS: an owned sequence goes with its table or column when the plan drops those first.
      sql: `DROP SEQUENCE IF EXISTS ${quoteQualified(l.schema, l.name)}`,
      lock: "ACCESS EXCLUSIVE",
      lockTarget: label(l),
      hazards: [
        hazard.deletesData(`drops sequence ${label(l)} and its current value`),
        hazard.notReversible("a sequence created again starts over"),
      ],
      drops: [sequenceKey(l.schema, l.name)],
    });
  }
}
