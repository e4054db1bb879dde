// Shared access to the local test environment (private Postgres cluster, versitygw, file backend).
// `npm test` starts it once (toolchain/test.sh) and every mocha worker reads env.json; running a
// single file with plain `npx mocha` starts it on first use instead.
import { Client } from "pg";
import { LocalEnv, readLocalEnv, startLocalEnv } from "../../localenv/env";

const envName = process.env.SCHEMASTACK_TEST_ENV ?? "test";
let started: Promise<LocalEnv> | undefined;

export function testEnv(): Promise<LocalEnv> {
  started ??= (async () => {
    const existing = readLocalEnv(envName);
    if (existing && (await reachable(existing.adminUrl))) return existing;
    return startLocalEnv(envName, { fresh: true, durable: false });
  })();
  return started;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

let counter = 0;

/** A new empty database on the test cluster, unique per call (safe under parallel mocha workers). */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const env = await testEnv();
  const name =
    `${prefix.replace(/[^a-z0-9_]/g, "_")}_${process.pid}_${Date.now().toString(36)}_${counter++}`.slice(
      0,
      63,
    );
  await adminQuery(env.adminUrl, (c) => c.query(`create database ${quoteIdent(name)}`));
  const url = env.adminUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    name,
    url,
    drop: () =>
      adminQuery(env.adminUrl, async (c) => {
        await c.query(`drop database if exists ${quoteIdent(name)} with (force)`);
      }),
  };
}

async function adminQuery(url: string, fn: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** Test-only identifier quoting for names the tests generate themselves (the product uses core/sql). */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
