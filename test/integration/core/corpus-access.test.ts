// Convergence of the access-control corpus. Roles are cluster-wide and the test cluster is shared
// by parallel suites: the three roles the cases name are created here (when missing) and dropped
// after, with everything they own or were granted in this suite's databases gone by then.
import { Client } from "pg";
import { accessCases, accessCorpusRoles } from "../../corpus/cases/access";
import { testEnv } from "../../support/env";
import { convergenceSuite } from "./corpus-harness";

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: (await testEnv()).adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("access-control corpus (roles created by the set-up)", function () {
  before(async () => {
    for (const role of accessCorpusRoles)
      await admin(
        `do $$ begin if not exists (select 1 from pg_roles where rolname = '${role}') then create role ${role} nologin; end if; end $$`,
      );
  });
  after(async () => {
    for (const role of accessCorpusRoles) await admin(`drop role if exists ${role}`).catch(() => undefined);
  });
  convergenceSuite("access", accessCases);
});
