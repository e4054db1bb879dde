// Partitioned tables (issue 15): range, list and hash; partitions added (LIKE + ATTACH), dropped
// (DETACH CONCURRENTLY, then DROP), re-bounded (DETACH + ATTACH in one transaction); indexes,
// constraints and columns declared on the parent.
import type { TableDeclaration } from "../../../core/model/declaration";
import { CorpusCase, spec } from "../corpus-case";

type Partitions = NonNullable<TableDeclaration["partitions"]>;
const y2024 = { values: "FROM ('2024-01-01') TO ('2025-01-01')" };
const y2025 = { values: "FROM ('2025-01-01') TO ('2026-01-01')" };
const events = (partitions: Partitions, extra: Partial<TableDeclaration> = {}): TableDeclaration => ({
  columns: {
    id: { type: "bigint", nullable: false },
    at: { type: "date", nullable: false },
    body: { type: "text" },
    ...(extra.columns ?? {}),
  },
  constraints: { events_pkey: { type: "primaryKey", columns: ["id", "at"] }, ...(extra.constraints ?? {}) },
  partitionBy: "RANGE (at)",
  partitions,
  ...(extra.indexes ? { indexes: extra.indexes } : {}),
  ...(extra.comment ? { comment: extra.comment } : {}),
});
const rows = {
  events: [
    { id: 1, at: "2024-06-01", body: "a" },
    { id: 2, at: "2024-07-01", body: "b" },
  ],
};

export const partitionCases: CorpusCase[] = [
  {
    name: "create a range-partitioned table with two partitions",
    old: spec({}),
    new: spec({ events: events({ events_2024: y2024, events_2025: y2025 }) }),
    rows,
  },
  {
    name: "create a list-partitioned table with a default partition",
    old: spec({}),
    new: spec({
      sales: {
        columns: { id: { type: "bigint" }, region: { type: "text" } },
        partitionBy: "LIST (region)",
        partitions: { sales_eu: { values: "IN ('de', 'fr')" }, sales_other: { values: "DEFAULT" } },
      },
    }),
    rows: {
      sales: [
        { id: 1, region: "de" },
        { id: 2, region: "us" },
      ],
    },
  },
  {
    name: "create a hash-partitioned table",
    old: spec({}),
    new: spec({
      shards: {
        columns: { id: { type: "bigint", nullable: false } },
        constraints: { shards_pkey: { type: "primaryKey", columns: ["id"] } },
        partitionBy: "HASH (id)",
        partitions: {
          shards_0: { values: "WITH (modulus 2, remainder 0)" },
          shards_1: { values: "WITH (modulus 2, remainder 1)" },
        },
      },
    }),
    rows: { shards: [{ id: 1 }, { id: 2 }] },
  },
  {
    name: "add a partition to a live partitioned table",
    old: spec({ events: events({ events_2024: y2024 }) }),
    new: spec({ events: events({ events_2024: y2024, events_2025: y2025 }) }),
    rows,
  },
  {
    name: "add a default partition",
    old: spec({ events: events({ events_2024: y2024 }) }),
    new: spec({ events: events({ events_2024: y2024, events_other: { values: "DEFAULT" } }) }),
    rows,
  },
  {
    name: "add a partition next to a default partition",
    old: spec({ events: events({ events_2024: y2024, events_other: { values: "DEFAULT" } }) }),
    new: spec({
      events: events({ events_2024: y2024, events_2025: y2025, events_other: { values: "DEFAULT" } }),
    }),
    rows,
  },
  {
    name: "drop a partition",
    old: spec({ events: events({ events_2024: y2024, events_2025: y2025 }) }),
    new: spec({ events: events({ events_2024: y2024 }) }),
    rows,
    destructive: true,
  },
  {
    name: "drop a partition of a table with a default partition",
    old: spec({
      events: events({ events_2024: y2024, events_2025: y2025, events_other: { values: "DEFAULT" } }),
    }),
    new: spec({ events: events({ events_2024: y2024, events_other: { values: "DEFAULT" } }) }),
    rows,
    destructive: true,
  },
  {
    name: "widen a partition bound (detach and attach again)",
    old: spec({ events: events({ events_2024: y2024 }) }),
    new: spec({ events: events({ events_2024: { values: "FROM ('2023-01-01') TO ('2025-01-01')" } }) }),
    rows,
  },
  {
    name: "add an index to a partitioned table",
    old: spec({ events: events({ events_2024: y2024 }) }),
    new: spec({
      events: events({ events_2024: y2024 }, { indexes: { events_body_idx: { columns: ["body"] } } }),
    }),
    rows,
  },
  {
    name: "add a unique index to a partitioned table with two partitions",
    old: spec({ events: events({ events_2024: y2024, events_2025: y2025 }) }),
    new: spec({
      events: events(
        { events_2024: y2024, events_2025: y2025 },
        { indexes: { events_id_at_key: { columns: ["id", "at"], unique: true } } },
      ),
    }),
    rows,
  },
  {
    name: "add an index and a partition to a partitioned table at once",
    old: spec({ events: events({ events_2024: y2024 }) }),
    new: spec({
      events: events(
        { events_2024: y2024, events_2025: y2025 },
        { indexes: { events_body_idx: { columns: ["body"] } } },
      ),
    }),
    rows,
  },
  {
    name: "a partition detached by hand is attached again, not dropped",
    old: spec({
      events: events({ events_2024: y2024 }),
      events_2025: {
        columns: {
          id: { type: "bigint", nullable: false },
          at: { type: "date", nullable: false },
          body: { type: "text" },
        },
        constraints: { events_2025_pkey: { type: "primaryKey", columns: ["id", "at"] } },
      },
    }),
    new: spec({ events: events({ events_2024: y2024, events_2025: y2025 }) }),
    // Its rows would count as gained by events, which the harness reads as a mismatch: the e2e checks them.
    rows: { ...rows, events_2025: [] },
  },
  {
    name: "add a column and a check to a partitioned table",
    old: spec({ events: events({ events_2024: y2024 }) }),
    new: spec({
      events: events(
        { events_2024: y2024 },
        {
          columns: { size: { type: "integer" } },
          constraints: { events_size_check: { type: "check", expression: "(size > 0)" } },
        },
      ),
    }),
    rows,
  },
  {
    name: "partition comment",
    old: spec({ events: events({ events_2024: y2024 }) }),
    new: spec({ events: events({ events_2024: { ...y2024, comment: "the year 2024" } }) }),
    rows,
  },
  {
    name: "drop a partitioned table and its partitions",
    old: spec({ events: events({ events_2024: y2024, events_2025: y2025 }) }),
    new: spec({}),
    rows,
    destructive: true,
  },
  {
    name: "change the partition key",
    old: spec({ events: events({ events_2024: y2024 }) }),
    new: spec({ events: { ...events({}), partitionBy: "RANGE (id, at)", partitions: {} } }),
    rows,
    unsupported: true,
  },
];
