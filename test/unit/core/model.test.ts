import { strict as assert } from "assert";
import {
  SchemaSpec,
  SchemaValidationError,
  fromSpec,
  modelFromJson,
  normalizeType,
  schemaFingerprint,
  toSpec,
  sameSchema,
} from "../../../core/model";
import { toTypeScript } from "../../../cli/to-typescript";

function issuesOf(spec: SchemaSpec): string[] {
  try {
    fromSpec(spec);
  } catch (e) {
    assert.ok(e instanceof SchemaValidationError, String(e));
    return e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  }
  return [];
}

const users = (extra: Record<string, unknown> = {}): SchemaSpec =>
  ({
    schemas: {
      public: {
        tables: {
          users: {
            columns: {
              id: { type: "bigint", identity: "always", primaryKey: true },
              email: { type: "text" },
            },
            ...extra,
          },
        },
      },
    },
  }) as SchemaSpec;

describe("core/model normalizeType", () => {
  const cases: Array<[string, string]> = [
    ["int4", "integer"],
    ["INT", "integer"],
    ["int8", "bigint"],
    ["int2", "smallint"],
    ["varchar(20)", "character varying(20)"],
    ["character varying(20)", "character varying(20)"],
    ["varchar", "character varying"],
    ["char", "character(1)"],
    ["char(3)", "character(3)"],
    ["numeric(10, 2)", "numeric(10,2)"],
    ["decimal(5)", "numeric(5,0)"],
    ["numeric", "numeric"],
    ["float8", "double precision"],
    ["float(10)", "real"],
    ["float4", "real"],
    ["bool", "boolean"],
    ["timestamptz", "timestamp with time zone"],
    ["timestamp", "timestamp without time zone"],
    ["timestamp(3) with time zone", "timestamp(3) with time zone"],
    ["timestamptz(3)", "timestamp(3) with time zone"],
    ["time", "time without time zone"],
    ["timetz", "time with time zone"],
    ["text[]", "text[]"],
    ["int4[][]", "integer[]"],
    ["integer array", "integer[]"],
    ["varchar(5)[3]", "character varying(5)[]"],
    ["uuid", "uuid"],
    ["jsonb", "jsonb"],
    ["pg_catalog.int4", "integer"],
    ["interval", "interval"],
  ];
  for (const [input, expected] of cases) {
    it(`${input} -> ${expected}`, () => {
      const r = normalizeType(input);
      assert.deepEqual(r, { ok: true, type: expected });
    });
  }
  it("rejects unknown and serial types with a reason", () => {
    assert.deepEqual(normalizeType("txet"), { ok: false, reason: 'unknown type "txet"' });
    const serial = normalizeType("serial");
    assert.equal(serial.ok, false);
    assert.match(serial.ok ? "" : serial.reason, /serial types cannot be arrays or take modifiers/);
    assert.equal(normalizeType("numeric(2,5)").ok, false);
  });
  it("resolves enums schema-qualified", () => {
    const resolve = (s: string | null, n: string) =>
      n === "mood" ? { schema: s ?? "public", name: n } : undefined;
    assert.deepEqual(normalizeType("mood[]", resolve), { ok: true, type: "public.mood[]" });
    assert.deepEqual(normalizeType('"Sales".mood', resolve), { ok: true, type: '"Sales".mood' });
  });
});

describe("core/model validation", () => {
  it("reports an unknown type with table and column", () => {
    const spec = users();
    spec.schemas.public.tables!.users.columns.email.type = "txet";
    assert.deepEqual(issuesOf(spec), ['table "users", column "email": unknown type "txet"']);
  });

  it("reports names over 63 bytes", () => {
    const long = "é".repeat(32); // 64 bytes in UTF-8
    const issues = issuesOf({
      schemas: { public: { tables: { [long]: { columns: { id: { type: "int" } } } } } },
    });
    assert.equal(issues.length, 1);
    assert.match(issues[0], /64 bytes, over Postgres' limit of 63/);
  });

  it("reports case-folding collisions and relation-name clashes", () => {
    const issues = issuesOf({
      schemas: {
        public: {
          tables: {
            users: {
              columns: { Email: { type: "text" }, email: { type: "text" } },
              indexes: { users: { columns: ["email"] } },
            },
          },
        },
      },
    });
    assert.ok(
      issues.includes('table "users": columns "Email" and "email" differ only in case'),
      issues.join("\n"),
    );
    assert.ok(
      issues.some((i) => /duplicate table\/index\/constraint name "users"/.test(i)),
      issues.join("\n"),
    );
  });

  it("reports FKs to undeclared tables and to non-unique columns", () => {
    const spec: SchemaSpec = {
      schemas: {
        public: {
          tables: {
            users: { columns: { id: { type: "bigint", primaryKey: true }, email: { type: "text" } } },
            posts: {
              columns: { id: { type: "bigint" }, author: { type: "text" }, team: { type: "int" } },
              constraints: {
                posts_author_fkey: {
                  type: "foreignKey",
                  columns: ["author"],
                  references: { table: "users", columns: ["email"] },
                },
                posts_team_fkey: {
                  type: "foreignKey",
                  columns: ["team"],
                  references: { table: "teams", columns: ["id"] },
                },
              },
            },
          },
        },
      },
    };
    assert.deepEqual(issuesOf(spec), [
      'table "posts", constraint "posts_author_fkey": references (email) of table "users", which has no primary key or unique constraint on exactly those columns',
      'table "posts", constraint "posts_team_fkey": references undeclared table "teams" (declare it, or leave it outside the managed scope with an ignore rule)',
    ]);
  });

  it("reports conflicting declarations", () => {
    const issues = issuesOf({
      schemas: {
        public: {
          tables: {
            t: {
              columns: {
                a: { type: "bigint", identity: "always", default: "1" },
                b: { type: "text", identity: "by default" },
                c: { type: "int", primaryKey: true, nullable: true },
              },
            },
          },
        },
      },
    });
    assert.deepEqual(issues, [
      'table "t", column "a": identity columns cannot have a default',
      'table "t", column "b": identity columns must be smallint, integer or bigint, not "text"',
      'table "t", column "c": a primary key column cannot be nullable',
    ]);
  });

  it("reports unknown properties in JSON specs", () => {
    assert.throws(
      () =>
        modelFromJson(
          JSON.stringify({
            schemas: { public: { tables: { t: { columns: { a: { type: "int", nullabel: false } } } } } },
          }),
        ),
      /table "t", column "a": unknown property "nullabel"/,
    );
  });

  it("accepts a valid schema and applies shorthands", () => {
    const model = fromSpec(users({ indexes: { users_email_idx: { columns: ["email"] } } }));
    const t = model.tables[0];
    assert.deepEqual(t.constraints, [{ kind: "primaryKey", name: "users_pkey", columns: ["id"] }]);
    assert.equal(t.columns[0].nullable, false);
    assert.equal(t.indexes[0].keys[0].nulls, "last");
  });
});

describe("core/model fingerprint", () => {
  const a: SchemaSpec = {
    version: "1",
    schemas: {
      public: {
        enums: { mood: ["happy", "sad"] },
        tables: {
          a: { columns: { id: { type: "int4", primaryKey: true }, name: { type: "varchar(20)" } } },
          b: {
            columns: { x: { type: "text" } },
            indexes: { b_x: { columns: ["x"] }, b_y: { columns: ["x"], unique: true } },
          },
        },
      },
    },
  };
  const reordered: SchemaSpec = {
    schemas: {
      public: {
        tables: {
          b: {
            indexes: { b_y: { unique: true, columns: ["x"] }, b_x: { columns: ["x"] } },
            columns: { x: { type: "text" } },
          },
          a: {
            columns: { name: { type: "character varying(20)" }, id: { primaryKey: true, type: "integer" } },
          },
        },
        enums: { mood: ["happy", "sad"] },
      },
    },
    version: "2",
  };
  it("ignores key order, declaration order of unordered things, type spelling and version", () => {
    assert.equal(schemaFingerprint(fromSpec(a)), schemaFingerprint(fromSpec(reordered)));
    assert.match(schemaFingerprint(fromSpec(a)), /^[0-9a-f]{64}$/);
  });
  it("changes when the schema changes, including enum value order", () => {
    const changed = JSON.parse(JSON.stringify(a)) as SchemaSpec;
    changed.schemas.public.enums!.mood = ["sad", "happy"];
    assert.notEqual(schemaFingerprint(fromSpec(a)), schemaFingerprint(fromSpec(changed)));
    const nullable = JSON.parse(JSON.stringify(a)) as SchemaSpec;
    nullable.schemas.public.tables!.a.columns.name.nullable = false;
    assert.notEqual(schemaFingerprint(fromSpec(a)), schemaFingerprint(fromSpec(nullable)));
  });
  it("toSpec round-trips to the same model", () => {
    const model = fromSpec(a);
    assert.ok(sameSchema(model, fromSpec(toSpec(model))));
  });
});

describe("core/model validation of persistence", () => {
  it("refuses a foreign key from a logged table to an unlogged one", () => {
    const issues = issuesOf({
      schemas: {
        public: {
          tables: {
            cache: { columns: { id: { type: "int", primaryKey: true } }, unlogged: true },
            t: {
              columns: { c: { type: "int" } },
              constraints: {
                t_c: { type: "foreignKey", columns: ["c"], references: { table: "cache", columns: ["id"] } },
              },
            },
          },
        },
      },
    });
    assert.deepEqual(issues, [
      'table "t", constraint "t_c": a logged table cannot reference unlogged table "cache"',
    ]);
  });
});

describe("core/model toTypeScript", () => {
  it("emits the component API: Database, enums with their schema, tables, version", () => {
    const model = fromSpec({
      version: "2026.11.3",
      schemas: {
        public: {
          tables: { users: { columns: { id: { type: "bigint", identity: "always", primaryKey: true } } } },
        },
        ops: {
          enums: { state: ["up", "down"] },
          tables: { events: { columns: { s: { type: "ops.state" } } } },
        },
      },
    });
    const ts = toTypeScript(model);
    assert.match(ts, /^import \{ Database \} from "\.\/components";/);
    assert.match(ts, /new Database\("app", \{ connection, backup: false \}\);/);
    assert.match(ts, /db\.enum\("state", \["up", "down"\], "ops"\);/);
    assert.match(
      ts,
      /db\.table\("users", \{ columns: \{ id: \{ type: "bigint", primaryKey: true, identity: "always" \} \} \}\);/,
    );
    assert.match(
      ts,
      /db\.table\("events", \{ schema: "ops", columns: \{ s: \{ type: "ops\.state" \} \} \}\);/,
    );
    assert.match(ts, /db\.version\("2026\.11\.3"\);\n$/);
  });
});
