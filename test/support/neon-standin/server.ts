// A stand-in for the Neon API v2, implementing exactly the endpoints the neon branch driver uses,
// backed by the local branch driver on a real PostgreSQL server. It checks the Bearer key (401
// otherwise) and can answer the next matching requests with 423/429/503 to exercise retries.
// Every request and answer is checked against Neon's published OpenAPI document (openapi.ts):
// what does not conform is listed in `contractViolations`, which the tests require to stay empty.
import {
  AnnotationsMapResponse,
  BranchesResponse,
  ConnectionURIResponse,
  OperationResponse,
} from "@neondatabase/api-client";
import * as http from "http";
import { AddressInfo } from "net";
import { LocalBranchDriver, LocalDriverOptions } from "../../../core/branch";
import { OpenApiContract } from "./openapi";
import { ApiProblem, StandInProject } from "./project";

export interface NeonStandInOptions {
  apiKey: string;
  projectId?: string;
  /** The database playing the root branch `main`. */
  parentUrl: string;
  /** Options of the local driver behind the branches (default: template method). */
  local?: LocalDriverOptions;
  /** Minimum time operations stay "running" (default 150 ms). */
  operationDelayMs?: number;
  port?: number;
  /** Check traffic against Neon's OpenAPI document (default true). */
  checkContract?: boolean;
}

let contract: OpenApiContract | undefined;

/** The contract, parsed once per process (the document is 430 KB of YAML). */
export function neonContract(): OpenApiContract {
  contract ??= OpenApiContract.load();
  return contract;
}

export interface Fault {
  status: 423 | 429 | 503;
  /** How many matching requests get it. */
  count: number;
  method?: string;
  /** Matches the path below /api/v2 (e.g. /^\/projects\/[^/]+\/branches$/). */
  path?: RegExp;
  /** Sent as Retry-After (seconds) when set. */
  retryAfterSeconds?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

const prefix = "/api/v2";

export class NeonStandIn {
  readonly project: StandInProject;
  /** Every request answered, in order (tests count retries with it). */
  readonly requests: LoggedRequest[] = [];
  /** Requests or answers that do not conform to Neon's OpenAPI document, described. */
  readonly contractViolations: string[] = [];
  private readonly faults: Fault[] = [];
  private server?: http.Server;

  constructor(private readonly options: NeonStandInOptions) {
    this.project = new StandInProject({
      projectId: options.projectId ?? "standin-project",
      parentUrl: options.parentUrl,
      // Template copies: Neon branches copy-on-write, which a busy parent does not stop, but the
      // stand-in fails the way an operation can fail (tests rely on a busy parent for that).
      driver: new LocalBranchDriver({ method: "template", ...options.local }),
      operationDelayMs: options.operationDelayMs ?? 150,
    });
  }

  /** Starts listening on 127.0.0.1 and returns the API base URL (…/api/v2). */
  async start(): Promise<string> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, "127.0.0.1", () => resolve());
    });
    return this.baseUrl;
  }

  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error("the Neon stand-in is not listening");
    return `http://127.0.0.1:${address.port}${prefix}`;
  }

  /** Answers the next matching requests with an error status instead of handling them. */
  injectFault(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  async stop(): Promise<void> {
    await this.project.settle();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://standin");
    const method = req.method ?? "GET";
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const checked = this.options.checkContract !== false && path !== "/_standin/faults";
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method, path, status });
      if (checked) this.contractViolations.push(...neonContract().checkResponse(method, path, status, body));
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.headers.authorization !== `Bearer ${this.options.apiKey}`) {
        return reply(401, { code: "", message: "authentication required: invalid or missing API key" });
      }
      const body = await readJson(req);
      if (checked)
        this.contractViolations.push(...neonContract().checkRequest(method, path, url.searchParams, body));
      if (method === "POST" && path === "/_standin/faults") {
        const spec = body as { status: 423 | 429 | 503; count: number; method?: string; path?: string };
        this.injectFault({ ...spec, path: spec.path ? new RegExp(spec.path) : undefined });
        return reply(200, {});
      }
      const fault = this.takeFault(method, path);
      if (fault) {
        const headers: Record<string, string> =
          fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : {};
        return reply(fault.status, { code: "", message: `injected ${fault.status}` }, headers);
      }
      const [status, answer] = this.route(method, path, url.searchParams, body);
      return reply(status, answer);
    } catch (error) {
      if (error instanceof ApiProblem) return reply(error.status, { code: "", message: error.message });
      return reply(500, { code: "", message: error instanceof Error ? error.message : String(error) });
    }
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown): [number, unknown] {
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "projects" || parts.length < 3) throw new ApiProblem(404, `no route ${method} ${path}`);
    if (parts[1] !== this.project.projectId) throw new ApiProblem(404, `project ${parts[1]} not found`);
    const [, , collection, id, action] = parts;
    const request = (body ?? {}) as {
      branch?: { parent_id?: string; name?: string; parent_lsn?: string; parent_timestamp?: string };
      endpoints?: { type?: string }[];
      source_branch_id?: string;
      source_lsn?: string;
      source_timestamp?: string;
    };

    if (collection === "branches" && id === undefined && method === "POST") {
      if (request.endpoints?.some((e) => e.type !== "read_write")) {
        throw new ApiProblem(400, "the Neon stand-in creates read_write endpoints only");
      }
      const branch = request.branch ?? {};
      const pit = branch.parent_lsn !== undefined || branch.parent_timestamp !== undefined;
      return [201, this.project.createBranch(branch.parent_id, branch.name, pit)];
    }
    if (collection === "branches" && id === undefined && method === "GET") {
      const answer: BranchesResponse & AnnotationsMapResponse = {
        branches: this.project.listBranches(),
        annotations: {},
      };
      return [200, answer];
    }
    if (collection === "branches" && id !== undefined && action === undefined && method === "DELETE") {
      return [200, this.project.deleteBranch(id)];
    }
    if (collection === "branches" && id !== undefined && action === "restore" && method === "POST") {
      if (!request.source_branch_id) throw new ApiProblem(400, "source_branch_id is required");
      const pit = request.source_lsn !== undefined || request.source_timestamp !== undefined;
      return [200, this.project.restoreBranch(id, request.source_branch_id, pit)];
    }
    if (collection === "operations" && id !== undefined && method === "GET") {
      const answer: OperationResponse = { operation: this.project.operation(id) };
      return [200, answer];
    }
    if (collection === "connection_uri" && id === undefined && method === "GET") {
      const database = query.get("database_name");
      const role = query.get("role_name");
      if (!database || !role) throw new ApiProblem(400, "database_name and role_name are required");
      const answer: ConnectionURIResponse = {
        uri: this.project.connectionUri(query.get("branch_id") ?? undefined, database, role),
      };
      return [200, answer];
    }
    throw new ApiProblem(404, `no route ${method} ${path}`);
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex(
      (f) => f.count > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.count--;
    if (fault.count === 0) this.faults.splice(index, 1);
    return fault;
  }
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", reject);
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (!text) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new ApiProblem(400, "request body is not JSON"));
      }
    });
  });
}
