// Access control (issue 17) without a database: validation messages, the grant diff, the choice
// between ALTER POLICY and drop + create, the unknown-role refusal, and the SCRAM verifier that
// carries a login role's password (checked against RFC 7677's worked example).
import * as assert from "assert";
import { createHmac } from "crypto";
import { scramVerifier } from "../../../core/apply/role-admin";
import { SchemaValidationError, fromSpec } from "../../../core/model";
import type { LiveAccess } from "../../../core/model/access";
import type { SchemaSpec } from "../../../core/model/declaration";
import { UnknownRoleError, buildPlan } from "../../../core/plan";

const table = (extra: Record<string, unknown>) =>
  ({
    schemas: {
      public: { tables: { t: { columns: { id: { type: "bigint" }, a: { type: "text" } }, ...extra } } },
    },
  }) as SchemaSpec;

const errorOf = (spec: SchemaSpec) => {
  try {
    fromSpec(spec);
  } catch (e) {
    assert.ok(e instanceof SchemaValidationError);
    return e.message;
  }
  return "";
};

const noAccess: LiveAccess = {
  tables: {},
  objects: {},
  schemas: {},
  roles: [{ name: "app", login: false, memberOf: [] }],
  currentUser: "me",
};

describe("access control (issue 17)", () => {
  it("validation names the object, the property and why", () => {
    assert.match(
      errorOf(table({ grants: { app: ["selct"] } })),
      /table "t", grants "app": unknown privilege "selct" for a table/,
    );
    assert.match(
      errorOf(table({ grants: { PUBLIC: ["all"] } })),
      /refusing to grant every privilege to PUBLIC/,
    );
    assert.match(
      errorOf(table({ rowLevelSecurity: true, policies: { p: { using: "true; delete from t" } } })),
      /policy "p": using "true; delete from t" /,
    );
    assert.match(errorOf(table({ policies: { p: { using: "true" } } })), /without rowLevelSecurity/);
    assert.match(
      errorOf({ ...table({}), grants: { "table:public.nope": { app: ["select"] } } }),
      /table "public.nope" is not declared/,
    );
    assert.match(
      errorOf({ ...table({}), roles: { r: { login: true, password: "x" } as never } }),
      /passwords are not read from declarations/,
    );
    assert.match(
      errorOf({ ...table({}), roles: { a: { memberOf: ["b"] }, b: { memberOf: ["a"] } } }),
      /membership cycle/,
    );
  });

  it("plans the grant difference: grants, revokes, grant options", () => {
    const live = fromSpec(
      table({ grants: { app: { privileges: ["select", "insert"], grantOption: true }, old: ["delete"] } }),
    );
    const desired = fromSpec(table({ grants: { app: ["select", "update"] } }));
    assert.deepStrictEqual(
      buildPlan(live, desired).steps.map((s) => s.sql),
      [
        "REVOKE INSERT ON TABLE public.t FROM app",
        "REVOKE GRANT OPTION FOR SELECT ON TABLE public.t FROM app",
        "GRANT UPDATE ON TABLE public.t TO app",
        "REVOKE DELETE ON TABLE public.t FROM old",
      ],
    );
  });

  it("alters a policy in place unless its command changes or an expression is removed", () => {
    const p = (policy: Record<string, unknown>) =>
      fromSpec(table({ rowLevelSecurity: true, policies: { p: policy } }));
    const base = { command: "update", using: "(a = 'x'::text)", withCheck: "true" };
    const sql = (from: Record<string, unknown>, to: Record<string, unknown>) =>
      buildPlan(p(from), p(to)).steps.map((s) => s.sql.split(" ON ")[0]);
    assert.deepStrictEqual(sql(base, { ...base, to: ["app"] }), ["ALTER POLICY p"]);
    assert.deepStrictEqual(sql(base, { ...base, using: "false" }), ["ALTER POLICY p"]);
    assert.deepStrictEqual(sql(base, { command: "update", withCheck: "true" }), [
      "DROP POLICY p",
      "CREATE POLICY p",
    ]);
    assert.deepStrictEqual(sql(base, { ...base, command: "all" }), ["DROP POLICY p", "CREATE POLICY p"]);
  });

  it("refuses a role that neither exists nor is declared, before planning anything", () => {
    const desired = fromSpec(table({ grants: { app: ["select"], ghost: ["select"] } }));
    assert.throws(
      () => buildPlan({ model: fromSpec(table({})), access: noAccess }, desired),
      (e: unknown) => e instanceof UnknownRoleError && /role "ghost" \(grants of table "t"\)/.test(e.message),
    );
    const declared = fromSpec({
      ...table({ grants: { app: ["select"], ghost: ["select"] } }),
      roles: { ghost: {} },
    });
    const steps = buildPlan({ model: fromSpec(table({})), access: noAccess }, declared).steps.map(
      (s) => s.sql,
    );
    assert.strictEqual(steps[0], "CREATE ROLE ghost NOLOGIN");
  });

  it("leaves grants, owners and policies alone on objects that do not declare them", () => {
    const live = fromSpec(
      table({
        owner: "x",
        grants: { app: ["all"] },
        rowLevelSecurity: true,
        policies: { p: { using: "true" } },
      }),
    );
    assert.deepStrictEqual(buildPlan(live, fromSpec(table({}))).steps, []);
  });

  it("the SCRAM verifier proves the password as in RFC 7677's example", () => {
    const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
    const verifier = scramVerifier("pencil", salt, 4096);
    const m = /^SCRAM-SHA-256\$4096:([^$]+)\$([^:]+):(.+)$/.exec(verifier);
    assert.ok(m);
    const serverKey = Buffer.from(m[3], "base64");
    const nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    const authMessage = `n=user,r=rOprNGfwEbeRWgbNEkqO,r=${nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=${nonce}`;
    const serverSignature = createHmac("sha256", serverKey).update(authMessage).digest("base64");
    assert.strictEqual(serverSignature, "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    assert.ok(!verifier.includes("pencil"));
  });
});
