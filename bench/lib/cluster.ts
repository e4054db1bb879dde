// The harness's own private PostgreSQL cluster (never the shared test cluster), under
// .schemastack/bench/postgres, with pg_stat_statements preloaded so catalog queries can be counted.
import * as path from "path";
import { Client } from "pg";
import { stateRoot } from "../../localenv/paths";
import { PostgresCluster } from "../../localenv/postgres";

export interface BenchCluster {
  adminUrl: string;
  url(db: string): string;
  query<T extends object>(db: string, sql: string, params?: unknown[]): Promise<T[]>;
  createDatabase(db: string): Promise<string>;
  dropDatabase(db: string): Promise<void>;
  stop(): Promise<void>;
}

export function benchDir(): string {
  return path.join(stateRoot(), "bench");
}

/** `name` picks the cluster folder, so two parts of a run can go in parallel on their own clusters. */
export async function startBenchCluster(name = "postgres"): Promise<BenchCluster> {
  const cluster = new PostgresCluster({ dir: path.join(benchDir(), name), durable: false });
  let port = await cluster.start();
  const urlOf = (p: number, db: string) => `postgres://postgres@127.0.0.1:${p}/${db}`;
  const q = async <T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<T & Record<string, unknown>>(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  const [{ spl }] = await q<{ spl: string }>(
    urlOf(port, "postgres"),
    "select current_setting('shared_preload_libraries') as spl",
  );
  if (!spl.includes("pg_stat_statements")) {
    await q(urlOf(port, "postgres"), "alter system set shared_preload_libraries = 'pg_stat_statements'");
    await q(urlOf(port, "postgres"), "alter system set max_wal_size = '4GB'");
    await cluster.stop();
    port = await cluster.start();
  }
  await q(urlOf(port, "postgres"), "create extension if not exists pg_stat_statements");
  const bc: BenchCluster = {
    adminUrl: urlOf(port, "postgres"),
    url: (db) => urlOf(port, db),
    query: (db, sql, params) => q(urlOf(port, db), sql, params),
    async createDatabase(db) {
      await q(urlOf(port, "postgres"), `drop database if exists "${db}" with (force)`);
      await q(urlOf(port, "postgres"), `create database "${db}"`);
      return urlOf(port, db);
    },
    async dropDatabase(db) {
      await q(urlOf(port, "postgres"), `drop database if exists "${db}" with (force)`);
    },
    stop: () => cluster.stop(),
  };
  return bc;
}
