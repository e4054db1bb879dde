import * as fs from "fs";
import * as path from "path";
import { envDir, toolchainPath } from "./paths";
import { PostgresCluster } from "./postgres";
import { LocalS3Server, S3Endpoint } from "./s3";

/** Everything a program or test needs to talk to the embedded default environment. */
export interface LocalEnv {
  name: string;
  /** Superuser URL of the private cluster (trust auth on 127.0.0.1 only). */
  adminUrl: string;
  /** The application database the example program manages. */
  databaseUrl: string;
  s3: S3Endpoint;
  /** file:// Pulumi backend folder. */
  pulumiBackendUrl: string;
  /** Environment for the pulumi CLI and the Automation API. */
  pulumiEnv: Record<string, string>;
}

export interface StartOptions {
  /** Wipe data left by a previous run first (tests); the main job keeps its data between runs. */
  fresh: boolean;
  /** Throwaway environments run Postgres without fsync. */
  durable: boolean;
}

const accessKeyId = "schemastack-local";
const secretAccessKey = "schemastack-local-secret";
/** The file backend encrypts secrets with this; it only guards the local sandbox's state. */
const localPassphrase = "schemastack-local-passphrase";

export async function startLocalEnv(name: string, options: StartOptions): Promise<LocalEnv> {
  const dir = envDir(name);
  const postgres = new PostgresCluster({ dir: path.join(dir, "postgres"), durable: options.durable });
  const s3 = new LocalS3Server(path.join(dir, "s3"), { accessKeyId, secretAccessKey });
  if (options.fresh) {
    await stopServers(postgres, s3);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(dir, "pulumi-state"), { recursive: true });
  fs.mkdirSync(path.join(dir, "pulumi-home"), { recursive: true });

  const port = await postgres.start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const databaseUrl = `postgres://postgres@127.0.0.1:${port}/app`;
  await ensureDatabase(adminUrl, "app");
  const s3Endpoint = await s3.start("schema-dumps");

  const pulumiBackendUrl = `file://${path.join(dir, "pulumi-state")}`;
  const env: LocalEnv = {
    name,
    adminUrl,
    databaseUrl,
    s3: s3Endpoint,
    pulumiBackendUrl,
    pulumiEnv: {
      PATH: toolchainPath(),
      PULUMI_BACKEND_URL: pulumiBackendUrl,
      PULUMI_CONFIG_PASSPHRASE: localPassphrase,
      PULUMI_HOME: path.join(dir, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      SCHEMASTACK_DATABASE_URL: databaseUrl,
      SCHEMASTACK_ADMIN_URL: adminUrl,
      SCHEMASTACK_S3_ENDPOINT: s3Endpoint.endpoint,
      SCHEMASTACK_S3_BUCKET: s3Endpoint.bucket,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_REGION: s3Endpoint.region,
      // The pinned AWS SDK runs on Node 20; its notice that later releases will need Node 22
      // would otherwise repeat in every provider's output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  };
  fs.writeFileSync(path.join(dir, "env.json"), JSON.stringify(env, null, 2));
  return env;
}

/** Stops the servers of a named environment; its data stays unless `wipe`. */
export async function stopLocalEnv(name: string, wipe: boolean): Promise<void> {
  const dir = envDir(name);
  if (!fs.existsSync(dir)) return;
  await stopServers(
    new PostgresCluster({ dir: path.join(dir, "postgres"), durable: true }),
    new LocalS3Server(path.join(dir, "s3"), { accessKeyId, secretAccessKey }),
  );
  if (wipe) fs.rmSync(dir, { recursive: true, force: true });
}

/** Reads the description written by a running environment (for tests in other processes). */
export function readLocalEnv(name: string): LocalEnv | undefined {
  const file = path.join(envDir(name), "env.json");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as LocalEnv) : undefined;
}

async function stopServers(postgres: PostgresCluster, s3: LocalS3Server): Promise<void> {
  await Promise.all([postgres.stop(), s3.stop()]);
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  // Local import keeps `pg` out of module load for callers that only read env.json.
  const { Client } = await import("pg");
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      const quoted = await client.query<{ q: string }>("select quote_ident($1) as q", [name]);
      await client.query(`create database ${quoted.rows[0].q}`);
    }
  } finally {
    await client.end();
  }
}
