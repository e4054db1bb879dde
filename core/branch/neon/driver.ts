// The neon branch driver: Neon API v2 branches (copy-on-write) with a read-write compute endpoint.
import { EndpointType } from "@neondatabase/api-client";
import { BranchDriver, BranchError, BranchHandle, BranchInfo, CreateBranchOptions } from "../types";
import { NeonClient } from "./client";
import { NeonApiError } from "./errors";
import { PollOptions, waitForOperations } from "./operations";
import type { NeonDriverOptions } from "../driver-config";
export type { NeonDriverOptions };

export class NeonBranchDriver implements BranchDriver {
  readonly kind = "neon";
  private readonly client: NeonClient;
  private readonly poll: PollOptions;
  private readonly project: string;

  constructor(private readonly options: NeonDriverOptions) {
    this.client = new NeonClient(options);
    this.poll = {
      intervalMs: options.pollIntervalMs ?? 1000,
      timeoutMs: options.operationTimeoutMs ?? 300_000,
    };
    this.project = options.projectId;
  }

  /** `parent` is the Neon branch id (`br-...`) to branch from. */
  async createBranch(parent: string, options: CreateBranchOptions): Promise<BranchHandle> {
    const projectId = this.project;
    const created = await this.client.call(`POST /projects/${projectId}/branches`, (api) =>
      api.createProjectBranch(projectId, {
        branch: {
          parent_id: parent,
          name: options.name,
          ...(options.pointInTime ? { parent_timestamp: options.pointInTime.toISOString() } : {}),
        },
        endpoints: [{ type: EndpointType.ReadWrite }],
      }),
    );
    const handle: BranchHandle = {
      driver: this.kind,
      id: created.branch.id,
      name: options.name,
      connectionUrl: "",
      parent,
      copy: {
        method: "neon",
        reason: "the parent is on Neon: a copy-on-write branch, instant and no load on it",
        takenAt: options.pointInTime?.toISOString() ?? created.branch.created_at,
        rowLimit: null,
      },
    };
    try {
      if (!created.endpoints.some((e) => e.type === EndpointType.ReadWrite)) {
        throw new BranchError(`Neon created branch ${created.branch.id} without a read-write endpoint`);
      }
      await waitForOperations(this.client, projectId, created.operations, this.poll);
      return { ...handle, connectionUrl: await this.connectionUri(handle.id) };
    } catch (error) {
      // Leave nothing behind: a branch whose endpoint never came up is of no use to the caller.
      await this.deleteBranch(handle).catch(() => undefined);
      throw error;
    }
  }

  async deleteBranch(handle: BranchHandle): Promise<void> {
    this.checkHandle(handle);
    const projectId = this.project;
    const path = `/projects/${projectId}/branches/${handle.id}`;
    let answer;
    try {
      answer = await this.client.call(`DELETE ${path}`, (api) =>
        api.deleteProjectBranch({ projectId, branchId: handle.id }),
      );
    } catch (error) {
      if (error instanceof NeonApiError && error.status === 404) return;
      throw error;
    }
    await waitForOperations(this.client, projectId, answer.operations, this.poll);
  }

  /** Restores the branch from its parent's head (POST .../restore with the parent as source). */
  async resetBranch(handle: BranchHandle): Promise<BranchHandle> {
    this.checkHandle(handle);
    const projectId = this.project;
    const answer = await this.client.call(
      `POST /projects/${projectId}/branches/${handle.id}/restore`,
      (api) => api.restoreProjectBranch(projectId, handle.id, { source_branch_id: handle.parent }),
    );
    await waitForOperations(this.client, projectId, answer.operations, this.poll);
    return { ...handle, connectionUrl: await this.connectionUri(handle.id) };
  }

  async listBranches(): Promise<BranchInfo[]> {
    const projectId = this.project;
    const branches: BranchInfo[] = [];
    let cursor: string | undefined;
    // Cursor pagination, bounded so a misbehaving server cannot loop us forever.
    for (let page = 0; page < 100; page++) {
      const answer = await this.client.call(`GET /projects/${projectId}/branches`, (api) =>
        api.listProjectBranches({ projectId, ...(cursor ? { cursor } : {}) }),
      );
      for (const b of answer.branches) {
        branches.push({
          driver: this.kind,
          id: b.id,
          name: b.name,
          ...(b.parent_id ? { parent: b.parent_id } : {}),
          createdAt: b.created_at,
        });
      }
      cursor = answer.pagination?.next;
      if (!cursor || answer.branches.length === 0) break;
    }
    return branches;
  }

  private async connectionUri(branchId: string): Promise<string> {
    const projectId = this.project;
    const { databaseName, roleName } = this.options;
    const answer = await this.client.call(`GET /projects/${projectId}/connection_uri`, (api) =>
      api.getConnectionUri({
        projectId,
        branch_id: branchId,
        database_name: databaseName,
        role_name: roleName,
      }),
    );
    return answer.uri;
  }

  private checkHandle(handle: BranchHandle): void {
    if (handle.driver !== this.kind) {
      throw new BranchError(`branch ${handle.id} was made by the ${handle.driver} driver, not the neon one`);
    }
  }
}
