// The stand-in's model of one Neon project: branches backed by local-driver branches of a real
// PostgreSQL database, and operations that stay "running" until their local work is done and a short
// delay has passed, so the driver's polling is exercised. Shapes are typed with the published
// schema's types (@neondatabase/api-client), so required fields cannot be missing.
import { randomBytes, randomUUID } from "crypto";
import {
  Branch,
  BranchOperations,
  BranchResponse,
  DatabasesResponse,
  Endpoint,
  EndpointsResponse,
  EndpointPoolerMode,
  EndpointState,
  EndpointType,
  Operation,
  OperationAction,
  OperationStatus,
  OperationsResponse,
  RolesResponse,
} from "@neondatabase/api-client";
import { BranchDriver, BranchHandle } from "../../../core/branch";

export interface ProjectOptions {
  projectId: string;
  /** URL of the database that plays the project's root branch `main`. */
  parentUrl: string;
  /** Local driver the branches are made with. */
  driver: BranchDriver;
  /** Minimum time an operation reports "running". */
  operationDelayMs: number;
}

interface BranchState {
  branch: Branch;
  endpoint: Endpoint;
  /** Local branch; undefined for the root branch (the parent database itself) and while creating. */
  handle?: BranchHandle;
  /** Operations not yet settled on this branch: a mutation meanwhile gets 423 Locked. */
  running: Set<string>;
}

interface OperationState {
  operation: Operation;
  settleAt: number;
  outcome?: { ok: boolean; error?: string };
}

/** A request the stand-in turns down with a Neon-style error. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class StandInProject {
  readonly rootBranchId: string;
  readonly databaseName: string;
  readonly roleName: string;
  private readonly branches = new Map<string, BranchState>();
  private readonly operations = new Map<string, OperationState>();

  constructor(private readonly options: ProjectOptions) {
    const url = new URL(options.parentUrl);
    this.databaseName = decodeURIComponent(url.pathname.replace(/^\//, ""));
    this.roleName = decodeURIComponent(url.username) || "postgres";
    this.rootBranchId = `br-root-${hex(4)}`;
    const root = this.newBranchState(this.rootBranchId, "main", undefined);
    root.branch.default = true;
    root.branch.primary = true;
    root.branch.current_state = "ready";
    root.endpoint.current_state = EndpointState.Active;
    this.branches.set(this.rootBranchId, root);
  }

  get projectId(): string {
    return this.options.projectId;
  }

  createBranch(
    parentId: string | undefined,
    name: string | undefined,
    pointInTime: boolean,
  ): BranchResponse & EndpointsResponse & OperationsResponse & RolesResponse & DatabasesResponse {
    if (pointInTime) {
      throw new ApiProblem(
        400,
        "the Neon stand-in cannot branch from a point in time (parent_lsn/parent_timestamp)",
      );
    }
    const parent = this.branchState(parentId ?? this.rootBranchId);
    this.checkIdle(parent);
    const id = `br-standin-${hex(4)}`;
    const state = this.newBranchState(id, name ?? id, parent.branch.id);
    this.branches.set(id, state);
    const work = (async () => {
      // Branch databases are named by branch id: Neon names are free text, ids are safe and unique.
      state.handle = await this.options.driver.createBranch(this.urlOf(parent), { name: id });
      state.branch.current_state = "ready";
      state.branch.state_changed_at = now();
      state.endpoint.current_state = EndpointState.Active;
    })();
    const operations = [
      this.startOperation(OperationAction.CreateBranch, [state, parent], work),
      this.startOperation(OperationAction.StartCompute, [state], work, state.endpoint.id),
    ];
    const stamp = state.branch.created_at;
    return {
      branch: state.branch,
      endpoints: [state.endpoint],
      operations,
      roles: [{ branch_id: id, name: this.roleName, created_at: stamp, updated_at: stamp }],
      databases: [
        {
          id: 1,
          branch_id: id,
          name: this.databaseName,
          owner_name: this.roleName,
          created_at: stamp,
          updated_at: stamp,
        },
      ],
    };
  }

  deleteBranch(id: string): BranchOperations {
    const state = this.branchState(id);
    if (id === this.rootBranchId) throw new ApiProblem(422, "the root branch cannot be deleted");
    const children = [...this.branches.values()].filter((b) => b.branch.parent_id === id);
    if (children.length > 0)
      throw new ApiProblem(422, `branch ${id} has child branches and cannot be deleted`);
    this.checkIdle(state);
    state.branch.pending_state = "deleted";
    const work = (async () => {
      if (state.handle) await this.options.driver.deleteBranch(state.handle);
      this.branches.delete(id);
    })();
    const operations = [
      this.startOperation(OperationAction.SuspendCompute, [state], work, state.endpoint.id),
      this.startOperation(OperationAction.DeleteTimeline, [state], work),
    ];
    return { branch: state.branch, operations };
  }

  /** Neon's restore from the parent's head: the only form the stand-in supports. */
  restoreBranch(id: string, sourceId: string, pointInTime: boolean): BranchOperations {
    const state = this.branchState(id);
    const source = this.branchState(sourceId);
    if (pointInTime || state.branch.parent_id !== sourceId) {
      throw new ApiProblem(400, "the Neon stand-in restores a branch only from its parent's head");
    }
    this.checkIdle(state);
    this.checkIdle(source);
    const work = (async () => {
      if (!state.handle) throw new Error(`branch ${id} has no local copy`);
      state.handle = await this.options.driver.resetBranch(state.handle);
      state.branch.last_reset_at = now();
    })();
    const operations = [this.startOperation(OperationAction.CreateTimeline, [state, source], work)];
    return { branch: state.branch, operations };
  }

  listBranches(): Branch[] {
    return [...this.branches.values()].map((b) => b.branch);
  }

  operation(id: string): Operation {
    const state = this.operations.get(id);
    if (!state) throw new ApiProblem(404, `operation ${id} not found`);
    const op = state.operation;
    if (state.outcome && Date.now() >= state.settleAt && op.status === OperationStatus.Running) {
      op.status = state.outcome.ok ? OperationStatus.Finished : OperationStatus.Failed;
      if (state.outcome.error) op.error = state.outcome.error;
      op.updated_at = now();
      op.total_duration_ms = Date.now() - Date.parse(op.created_at);
    }
    return op;
  }

  connectionUri(branchId: string | undefined, databaseName: string, roleName: string): string {
    const state = this.branchState(branchId ?? this.rootBranchId);
    if (databaseName !== this.databaseName) throw new ApiProblem(404, `database "${databaseName}" not found`);
    if (roleName !== this.roleName) throw new ApiProblem(404, `role "${roleName}" not found`);
    if (state.branch.id !== this.rootBranchId && !state.handle) {
      throw new ApiProblem(404, `branch ${state.branch.id} has no compute yet`);
    }
    return this.urlOf(state);
  }

  /** The local branch behind a Neon branch id (tests check that deleting leaves nothing). */
  localHandle(branchId: string): BranchHandle | undefined {
    return this.branches.get(branchId)?.handle;
  }

  /** Waits for running work (so a stopping server leaves no half-made database). */
  async settle(): Promise<void> {
    while ([...this.operations.keys()].some((id) => !this.settled(id)))
      await new Promise((r) => setTimeout(r, 20));
  }

  private urlOf(state: BranchState): string {
    if (state.branch.id === this.rootBranchId) return this.options.parentUrl;
    if (!state.handle) throw new ApiProblem(423, `branch ${state.branch.id} is still being created`);
    return state.handle.connectionUrl;
  }

  private branchState(id: string): BranchState {
    const state = this.branches.get(id);
    if (!state) throw new ApiProblem(404, `branch ${id} not found`);
    return state;
  }

  private checkIdle(state: BranchState): void {
    // Locks are held until the operation reports its end, as Neon's are.
    for (const id of state.running) if (this.settled(id)) state.running.delete(id);
    if (state.running.size > 0) {
      throw new ApiProblem(
        423,
        "project already has running conflicting operations, scheduling of new ones is prohibited",
      );
    }
  }

  private settled(id: string): boolean {
    const state = this.operations.get(id);
    return state === undefined || (state.outcome !== undefined && Date.now() >= state.settleAt);
  }

  private startOperation(
    action: OperationAction,
    locks: BranchState[],
    work: Promise<void>,
    endpointId?: string,
  ): Operation {
    const created = now();
    const operation: Operation = {
      id: randomUUID(),
      project_id: this.options.projectId,
      branch_id: locks[0].branch.id,
      ...(endpointId ? { endpoint_id: endpointId } : {}),
      action,
      status: OperationStatus.Running,
      failures_count: 0,
      created_at: created,
      updated_at: created,
      total_duration_ms: 0,
    };
    const state: OperationState = { operation, settleAt: Date.now() + this.options.operationDelayMs };
    this.operations.set(operation.id, state);
    for (const lock of locks) lock.running.add(operation.id);
    work.then(
      () => (state.outcome = { ok: true }),
      (error: unknown) =>
        (state.outcome = { ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
    return { ...operation };
  }

  private newBranchState(id: string, name: string, parentId: string | undefined): BranchState {
    const created = now();
    const host = new URL(this.options.parentUrl).hostname;
    const branch: Branch = {
      id,
      project_id: this.options.projectId,
      ...(parentId ? { parent_id: parentId } : {}),
      name,
      current_state: "init",
      state_changed_at: created,
      creation_source: "console",
      default: false,
      protected: false,
      cpu_used_sec: 0,
      compute_time_seconds: 0,
      active_time_seconds: 0,
      written_data_bytes: 0,
      data_transfer_bytes: 0,
      created_at: created,
      updated_at: created,
    };
    const endpoint: Endpoint = {
      host,
      id: `ep-standin-${hex(4)}`,
      project_id: this.options.projectId,
      branch_id: id,
      autoscaling_limit_min_cu: 0.25,
      autoscaling_limit_max_cu: 0.25,
      region_id: "local",
      type: EndpointType.ReadWrite,
      current_state: EndpointState.Init,
      settings: {},
      pooler_enabled: false,
      pooler_mode: EndpointPoolerMode.Transaction,
      disabled: false,
      passwordless_access: false,
      creation_source: "console",
      created_at: created,
      updated_at: created,
      proxy_host: host,
      suspend_timeout_seconds: 0,
      provisioner: "k8s-neonvm",
    };
    return { branch, endpoint, running: new Set() };
  }
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

function now(): string {
  return new Date().toISOString();
}
