// Waiting for Neon operations (create_branch, start_compute, delete_timeline...) to finish.
import { Operation } from "@neondatabase/api-client";
import { BranchError } from "../types";
import { NeonClient } from "./client";

export interface PollOptions {
  intervalMs: number;
  timeoutMs: number;
}

const done = new Set(["finished", "skipped"]);
const broken = new Set(["failed", "error", "cancelled", "cancelling"]);

/** Polls each operation until it is finished; throws on failed/error/cancelled or after the timeout. */
export async function waitForOperations(
  client: NeonClient,
  projectId: string,
  operations: readonly Operation[],
  options: PollOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (const first of operations) {
    let operation = first;
    while (!done.has(operation.status)) {
      if (broken.has(operation.status)) throw operationError(operation);
      if (Date.now() >= deadline) {
        throw new BranchError(
          `Neon operation ${operation.action} (${operation.id}) still ${operation.status} after ${options.timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
      const path = `/projects/${projectId}/operations/${operation.id}`;
      operation = (
        await client.call(`GET ${path}`, (api) => api.getProjectOperation(projectId, operation.id))
      ).operation;
    }
  }
}

function operationError(operation: Operation): BranchError {
  const where = operation.branch_id ? ` on branch ${operation.branch_id}` : "";
  const why = operation.error ? `: ${operation.error}` : "";
  return new BranchError(
    `Neon operation ${operation.action} (${operation.id})${where} ended ${operation.status}${why}`,
  );
}
