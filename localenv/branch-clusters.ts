// The ClusterRunner for the local branch driver's basebackup method in this repository's
// environments: clones run as private clusters (localenv/postgres.ts), under the state root.
import * as path from "path";
import type { ClusterRunner } from "../core/branch/local/basebackup";
import { stateRoot } from "./paths";
import { PostgresCluster, postgresBinDir } from "./postgres";
import { run } from "./process";

export const localClusterRunner: ClusterRunner = {
  binDir: postgresBinDir,
  run: (command, args) => run(command, args),
  start: (dir) => new PostgresCluster({ dir, durable: false }).start(),
  stop: (dir) => new PostgresCluster({ dir, durable: false }).stop(),
};

/** Driver options for basebackup branches kept in <state root>/branches. */
export function localBranchClusters(): { clustersDir: string; clusters: ClusterRunner } {
  return { clustersDir: path.join(stateRoot(), "branches"), clusters: localClusterRunner };
}
