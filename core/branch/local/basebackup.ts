// Local branches as a pg_basebackup clone of the parent's whole cluster, started as a private server
// on another port. Starting a server is the host's business, not core's: the caller passes a
// ClusterRunner (localenv/branch-clusters.ts is the one for this repository's environments).
// It copies a live parent (no need for it to be idle), which is closest to Neon's copy-on-write, but
// copies every database of the cluster and starts a server: it measured slower than a template copy
// for the database alone (bench/branch/RESULTS.md), so it is the opt-in method.
import * as fs from "fs";
import * as path from "path";
import { databaseOf, redactText, withHostPort } from "../../pg/connection-url";
import { BranchError, BranchInfo } from "../types";
import type { ClusterRunner } from "../driver-config";
export type { ClusterRunner };

export interface BasebackupMethodOptions {
  /** Folder holding one sub-folder per branch cluster. */
  clustersDir: string;
  clusters: ClusterRunner;
}

interface ClusterRecord {
  name: string;
  /** The parent URL's database, for listing; the URL itself (it may hold a password) is not written. */
  parentDatabase: string;
  createdAt: string;
}

const recordFile = "branch.json";

/** Clones the parent's cluster into a new folder, starts it, and returns the branch's URL. */
export async function createClusterBranch(
  parentUrl: string,
  name: string,
  options: BasebackupMethodOptions,
): Promise<string> {
  checkClusterName(name);
  const dir = path.join(options.clustersDir, name);
  if (fs.existsSync(dir)) throw new BranchError(`cannot create branch "${name}": ${dir} already exists`);
  fs.mkdirSync(dir, { recursive: true });
  try {
    return await cloneAndStart(parentUrl, name, dir, options.clusters);
  } catch (error) {
    await removeCluster(dir, options.clusters);
    throw error;
  }
}

/** Stops the branch's server and removes its folder. */
export async function dropClusterBranch(name: string, options: BasebackupMethodOptions): Promise<void> {
  checkClusterName(name);
  await removeCluster(path.join(options.clustersDir, name), options.clusters);
}

/** Replaces the clone with a fresh one of the parent; the server may come back on another port. */
export async function resetClusterBranch(
  parentUrl: string,
  name: string,
  options: BasebackupMethodOptions,
): Promise<string> {
  checkClusterName(name);
  const dir = path.join(options.clustersDir, name);
  if (!fs.existsSync(path.join(dir, recordFile)))
    throw new BranchError(`branch "${name}" does not exist in ${dir}`);
  await removeCluster(dir, options.clusters);
  fs.mkdirSync(dir, { recursive: true });
  return cloneAndStart(parentUrl, name, dir, options.clusters);
}

export function listClusterBranches(options: Pick<BasebackupMethodOptions, "clustersDir">): BranchInfo[] {
  if (!fs.existsSync(options.clustersDir)) return [];
  return fs
    .readdirSync(options.clustersDir)
    .filter((entry) => fs.existsSync(path.join(options.clustersDir, entry, recordFile)))
    .sort()
    .map((entry) => {
      const record = JSON.parse(
        fs.readFileSync(path.join(options.clustersDir, entry, recordFile), "utf8"),
      ) as ClusterRecord;
      return {
        driver: "local",
        id: `basebackup/${entry}`,
        name: record.name,
        parent: record.parentDatabase,
        createdAt: record.createdAt,
      };
    });
}

/** The postmaster pid of a branch cluster, if it runs (tests check that delete leaves none). */
export function clusterPid(
  name: string,
  options: Pick<BasebackupMethodOptions, "clustersDir">,
): number | undefined {
  const pidFile = path.join(options.clustersDir, name, "data", "postmaster.pid");
  if (!fs.existsSync(pidFile)) return undefined;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function cloneAndStart(
  parentUrl: string,
  name: string,
  dir: string,
  clusters: ClusterRunner,
): Promise<string> {
  const dataDir = path.join(dir, "data");
  // Run as ourselves: the runner's start() hands the folder to the server user before starting.
  // --no-sync and no manifest: a branch is throwaway, durability and verification buy nothing here.
  await clusters
    .run(path.join(clusters.binDir(), "pg_basebackup"), [
      "--dbname",
      parentUrl,
      "--pgdata",
      dataDir,
      "--wal-method=stream",
      "--checkpoint=fast",
      "--no-sync",
      "--no-manifest",
    ])
    .catch((error: Error) => {
      throw new BranchError(
        `pg_basebackup of the parent failed (it needs a replication connection): ${redactText(error.message, [parentUrl])}`,
      );
    });
  prepareClone(dataDir);
  const port = await clusters.start(dir);
  const record: ClusterRecord = {
    name,
    parentDatabase: databaseOf(parentUrl),
    createdAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(dir, recordFile), JSON.stringify(record, null, 2));
  return withHostPort(parentUrl, "127.0.0.1", port);
}

/**
 * Makes a copied data folder start on its own: config files that live outside the data folder
 * (Debian's /etc/postgresql layout) are not copied, and a clone must never archive into the parent's
 * WAL archive.
 */
function prepareClone(dataDir: string): void {
  const conf = path.join(dataDir, "postgresql.conf");
  if (!fs.existsSync(conf))
    fs.writeFileSync(conf, "# written by schemastack: the parent's config lives outside its data folder\n");
  const hba = path.join(dataDir, "pg_hba.conf");
  if (!fs.existsSync(hba)) {
    fs.writeFileSync(
      hba,
      "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n",
    );
  }
  fs.appendFileSync(
    path.join(dataDir, "postgresql.auto.conf"),
    "\n# schemastack branch clone\narchive_mode = off\n",
  );
}

async function removeCluster(dir: string, clusters: ClusterRunner): Promise<void> {
  if (fs.existsSync(path.join(dir, "data", "PG_VERSION"))) await clusters.stop(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

function checkClusterName(name: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/.test(name)) {
    throw new BranchError(
      `branch name ${JSON.stringify(name)} must be 1 to 63 letters, digits, "_", "." or "-" (it names a folder)`,
    );
  }
}
