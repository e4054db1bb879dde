// Grants and owners of sequences, views, materialized views, functions, procedures, domains and
// composite types against real Postgres: a GRANT made by hand on any of them is a planned REVOKE
// (what preview reports as drift and up undoes), and `inspect` prints every one of them so that
// the printed declaration plans nothing against the database it came from.
import * as assert from "assert";
import { Client } from "pg";
import { applySchema } from "../../../core/apply";
import { introspect } from "../../../core/introspect";
import { fromSpec, toSpec } from "../../../core/model";
import { withAllAccess } from "../../../core/model/access";
import type { SchemaSpec } from "../../../core/model/declaration";
import { buildPlan } from "../../../core/plan";
import { createTestDatabase, testEnv, TestDatabase } from "../../support/env";
import { query } from "../../support/sql";

describe("grants on every object kind with an ACL (issue 17)", function () {
  this.timeout(120_000);
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const app = `og_app_${suffix}`;
  const owner = `og_owner_${suffix}`;
  let db: TestDatabase;
  let adminUrl: string;
  let client: Client;

  const spec: SchemaSpec = {
    schemas: {
      public: {
        tables: {
          t: { columns: { id: { type: "serial", primaryKey: true }, body: { type: "text" } } },
        },
        sequences: { ticket: { grants: { [app]: ["usage"] }, owner } },
        views: {
          bodies: { query: "SELECT t.body\n   FROM public.t", grants: { [app]: ["select"] } },
          counts: { query: "SELECT count(*) AS n\n   FROM public.t", materialized: true, owner },
        },
        functions: {
          one: {
            returns: "integer",
            language: "sql",
            body: "select 1",
            grants: { [app]: ["execute"], PUBLIC: [] },
          },
        },
        procedures: { noop: { language: "sql", body: "select 1", owner } },
        domains: { positive: { type: "integer", grants: { [app]: ["usage"], PUBLIC: [] } } },
        compositeTypes: { pair: { attributes: { a: "integer" }, grants: { [app]: ["usage"] } } },
      },
    },
    grants: { "sequence:public.t_id_seq": { [app]: ["usage", "select"] } },
  };

  before(async () => {
    adminUrl = (await testEnv()).adminUrl;
    for (const role of [app, owner]) await query(adminUrl, `create role ${role} nologin`);
    db = await createTestDatabase("obj_grants");
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await db?.drop();
    for (const role of [app, owner])
      await query(adminUrl, `drop role if exists ${role}`).catch(() => undefined);
  });

  it("applies them, and a second plan is empty", async () => {
    const desired = fromSpec(spec);
    assert.ok((await applySchema(client, desired)).executedSteps > 0);
    const can = await query<{ v: boolean; f: boolean; pf: boolean; s: boolean }>(
      db.url,
      `select has_table_privilege($1, 'public.bodies', 'SELECT') as v,
              has_function_privilege($1, 'public.one()', 'EXECUTE') as f,
              has_function_privilege('public', 'public.one()', 'EXECUTE') as pf,
              has_sequence_privilege($1, 'public.t_id_seq', 'USAGE') as s`,
      [app],
    );
    assert.deepStrictEqual(can, [{ v: true, f: true, pf: false, s: true }]);
    const owners = await query<{ o: string }>(
      db.url,
      "select pg_get_userbyid(relowner) as o from pg_class where oid in ('public.ticket'::regclass, 'public.counts'::regclass)",
    );
    assert.deepStrictEqual(
      owners.map((r) => r.o),
      [owner, owner],
    );
    const live = await introspect(client, { schemas: ["public"] });
    assert.deepStrictEqual(buildPlan(live, desired).steps, []);
  });

  it("a GRANT made by hand on a view, a function, a sequence or a type is planned away", async () => {
    await query(db.url, `grant insert on public.bodies to ${app}`);
    await query(db.url, `grant execute on function public.one() to public`);
    await query(db.url, `grant update on sequence public.ticket to ${app}`);
    await query(db.url, `grant usage on type public.pair to ${owner}`);
    await query(db.url, `alter procedure public.noop() owner to ${app}`);
    const live = await introspect(client, { schemas: ["public"] });
    const sql = buildPlan(live, fromSpec(spec)).steps.map((s) => s.sql);
    assert.deepStrictEqual(sql.sort(), [
      `ALTER PROCEDURE public.noop() OWNER TO ${owner}`,
      `REVOKE EXECUTE ON FUNCTION public.one() FROM PUBLIC`,
      `REVOKE INSERT ON TABLE public.bodies FROM ${app}`,
      `REVOKE UPDATE ON SEQUENCE public.ticket FROM ${app}`,
      `REVOKE USAGE ON TYPE public.pair FROM ${owner}`,
    ]);
    await applySchema(client, fromSpec(spec));
  });

  it("inspect prints every kind's grants and owner; the printed declaration plans nothing", async () => {
    const live = await introspect(client, { schemas: ["public"] });
    const printed = toSpec(withAllAccess(live.model, live.access));
    const ns = printed.schemas.public;
    assert.deepStrictEqual(ns.views?.bodies.grants, { [app]: ["select"] });
    assert.strictEqual(ns.views?.counts.owner, owner);
    assert.deepStrictEqual(ns.functions?.one.grants, { [app]: ["execute"], PUBLIC: [] });
    assert.strictEqual(ns.procedures?.noop.owner, owner);
    assert.deepStrictEqual(ns.domains?.positive.grants, { [app]: ["usage"], PUBLIC: [] });
    assert.deepStrictEqual(printed.grants, { "sequence:public.t_id_seq": { [app]: ["usage", "select"] } });
    assert.deepStrictEqual(buildPlan(live, fromSpec(printed)).steps, []);
  });
});
