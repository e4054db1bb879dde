// Sequences and serial columns in the model (issue 15): declared the way users write them, with
// precise errors, and printed back as serial only when the objects follow the convention.
import { strict as assert } from "assert";
import { SchemaValidationError, fromSpec, toSpec } from "../../../core/model";
import { toTypeScript } from "../../../cli/to-typescript";
import { serialSequenceName } from "../../../core/model/sequence";
import { schemaFingerprint } from "../../../core/model/fingerprint";
import { buildPlan } from "../../../core/plan";

/** The validation message fromSpec throws for `spec` ("" when it is valid). */
function problems(spec: Parameters<typeof fromSpec>[0]): string {
  try {
    fromSpec(spec);
    return "";
  } catch (e) {
    assert.ok(e instanceof SchemaValidationError);
    return e.message;
  }
}

describe("sequences and serial columns (model)", () => {
  it("names a serial's sequence as Postgres does, cut to 63 bytes", () => {
    assert.equal(serialSequenceName("employees", "employee_id"), "employees_employee_id_seq");
    const long = serialSequenceName("a".repeat(60), "id");
    assert.equal(long, `${"a".repeat(56)}_id_seq`);
    assert.equal(Buffer.byteLength(long), 63);
  });

  it("expands bigserial into a NOT NULL bigint with a nextval default and an owned sequence", () => {
    const m = fromSpec({
      schemas: { public: { tables: { t: { columns: { id: { type: "bigserial", primaryKey: true } } } } } },
    });
    assert.deepEqual(
      {
        type: m.tables[0].columns[0].type,
        nullable: m.tables[0].columns[0].nullable,
        default: m.tables[0].columns[0].default,
      },
      { type: "bigint", nullable: false, default: "nextval('public.t_id_seq'::regclass)" },
    );
    assert.deepEqual(
      m.sequences?.map((s) => [s.name, s.type, s.ownedBy]),
      [["t_id_seq", "bigint", { table: "t", column: "id" }]],
    );
    // and prints back as written
    assert.deepEqual(toSpec(m).schemas.public.tables!.t.columns.id, { type: "bigserial", primaryKey: true });
    assert.equal(toSpec(m).schemas.public.sequences, undefined);
  });

  it("a serial declaration and the same objects written out are one model", () => {
    const short = fromSpec({
      schemas: { public: { tables: { t: { columns: { id: { type: "serial" } } } } } },
    });
    const long = fromSpec({
      schemas: {
        public: {
          tables: {
            t: {
              columns: {
                id: { type: "integer", nullable: false, default: "nextval('public.t_id_seq'::regclass)" },
              },
            },
          },
          sequences: { t_id_seq: { type: "integer", ownedBy: { table: "t", column: "id" } } },
        },
      },
    });
    assert.equal(schemaFingerprint(short), schemaFingerprint(long));
  });

  it("prints a sequence that breaks the convention as a standalone sequence", () => {
    const m = fromSpec({
      schemas: {
        public: {
          tables: {
            t: {
              columns: {
                id: { type: "integer", nullable: false, default: "nextval('public.t_id_seq'::regclass)" },
              },
            },
          },
          sequences: { t_id_seq: { type: "integer", cache: 20, ownedBy: { table: "t", column: "id" } } },
        },
      },
    });
    const spec = toSpec(m);
    assert.equal(spec.schemas.public.tables!.t.columns.id.type, "integer");
    assert.deepEqual(spec.schemas.public.sequences, {
      t_id_seq: { type: "integer", cache: 20, ownedBy: { table: "t", column: "id" } },
    });
    assert.equal(schemaFingerprint(fromSpec(JSON.parse(JSON.stringify(spec)))), schemaFingerprint(m));
  });

  it("refuses conflicting serial declarations and impossible options, naming the object", () => {
    assert.match(
      problems({
        schemas: { public: { tables: { t: { columns: { id: { type: "serial", default: "1" } } } } } },
      }),
      /table "t", column "id": a serial column cannot also declare a default/,
    );
    assert.match(
      problems({
        schemas: { public: { tables: { t: { columns: { id: { type: "serial", nullable: true } } } } } },
      }),
      /table "t", column "id": a serial column is NOT NULL/,
    );
    assert.match(
      problems({ schemas: { public: { sequences: { s: { type: "smallint", maxValue: 100000 } } } } }),
      /sequence "s": minValue and maxValue must fit type smallint/,
    );
    assert.match(
      problems({ schemas: { public: { sequences: { s: { increment: 0 } } } } }),
      /sequence "s": increment must not be zero/,
    );
    assert.match(
      problems({
        schemas: {
          public: {
            tables: { t: { columns: { id: { type: "serial" } } } },
            sequences: { t_id_seq: {} },
          },
        },
      }),
      /duplicate table\/index\/constraint name "t_id_seq"/,
    );
    assert.match(
      problems({
        schemas: { public: { extensions: { citext: {} } }, other: { extensions: { citext: {} } } },
      }),
      /extension "citext": declared in schemas "public" and "other"/,
    );
  });

  it("refuses bad comments and renames of schemas, extensions and sequences, naming the object", () => {
    assert.match(
      problems({ schemas: { public: {}, app: { comment: "" } } }),
      /schema "app": comment must be a non-empty string/,
    );
    assert.match(
      problems({ schemas: { public: { extensions: { citext: { comment: 7 as unknown as string } } } } }),
      /extension "citext": comment must be a non-empty string, not 7/,
    );
    assert.match(
      problems({ schemas: { public: { sequences: { a: { renamedFrom: "b" }, b: {} } } } }),
      /sequence "a": renamedFrom "b", but a sequence of that name is also declared/,
    );
  });

  it("a serial's sequence of a renamed table or column is renamed from the name Postgres gave it", () => {
    const m = fromSpec({
      schemas: {
        public: {
          tables: {
            staff: {
              renamedFrom: "employees",
              columns: { id: { type: "serial", renamedFrom: "employee_id" }, n: { type: "smallserial" } },
            },
          },
        },
      },
    });
    assert.deepEqual(
      m.sequences?.map((q) => [q.name, q.renamedFrom]),
      [
        ["staff_id_seq", "employees_employee_id_seq"],
        ["staff_n_seq", "employees_n_seq"],
      ],
    );
    // A rename hint is not part of the schema's shape.
    const plain = fromSpec({
      schemas: {
        public: { tables: { staff: { columns: { id: { type: "serial" }, n: { type: "smallserial" } } } } },
      },
    });
    assert.equal(schemaFingerprint(m), schemaFingerprint(plain));
  });

  it("public's stock comment is no comment, and inspect prints a schema's comment with its grants", () => {
    const m = fromSpec({
      schemas: {
        public: { comment: "standard public schema" },
        app: { comment: "the app", grants: { r: ["usage"] } },
      },
    });
    assert.deepEqual(m.schemaComments, { app: "the app" });
    const ts = toTypeScript(m);
    assert.match(ts, /db\.schema\("app", \{ comment: "the app", grants: \{ r: \["usage"\] \} \}\);/);
    assert.equal(ts.match(/db\.schema\("app"/g)?.length, 1, ts);
    assert.deepEqual(toSpec(m).schemas.app.comment, "the app");
  });

  it("models without sequences or extensions keep their shape and fingerprint", () => {
    const m = fromSpec({ schemas: { public: { tables: { t: { columns: { id: { type: "bigint" } } } } } } });
    assert.equal("sequences" in m, false);
    assert.equal("extensions" in m, false);
  });

  it("keeps an undeclared sequence that a declared column default still calls", () => {
    const column = { type: "integer", nullable: false, default: "nextval('public.t_id_seq'::regclass)" };
    const live = fromSpec({
      schemas: {
        public: {
          tables: { t: { columns: { id: column } } },
          sequences: { t_id_seq: { type: "integer", ownedBy: { table: "t", column: "id" } }, unused: {} },
        },
      },
    });
    const desired = fromSpec({ schemas: { public: { tables: { t: { columns: { id: column } } } } } });
    assert.deepEqual(
      buildPlan(live, desired).steps.map((s) => s.description),
      ["drop sequence public.unused"],
    );
  });

  it("changing options never restarts the sequence", () => {
    const spec = (cache: number) =>
      fromSpec({ schemas: { public: { sequences: { s: { cache, start: 5 } } } } });
    const steps = buildPlan(spec(1), spec(30)).steps;
    assert.deepEqual(
      steps.map((s) => s.sql),
      ["ALTER SEQUENCE public.s CACHE 30"],
    );
    assert.ok(!steps.some((s) => /RESTART|setval/i.test(s.sql)));
  });
});
