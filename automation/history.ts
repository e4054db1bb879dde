// A stack's update history with what each update's checkpoint says about its schemas.
// The list comes from the backend through the Automation API (`stack.history()`, i.e.
// `pulumi stack history --json`); the checkpoints come from `pulumi stack export --version N` where
// the backend supports it (Pulumi Cloud) and, for DIY backends (file://, s3://), from the history
// folder the backend writes next to each history record (see backend-store.ts).
import { execFile } from "child_process";
import { promisify } from "util";
import * as zlib from "zlib";
import type { Stack, UpdateSummary } from "@pulumi/pulumi/automation";
import { openBackendStore, isDiyBackend, type BackendStore } from "./backend-store";
import { databasesIn, type DatabaseCheckpoint, type UntypedDeployment } from "./checkpoint";

const execFileAsync = promisify(execFile);

export interface StackVersion {
  /** The stack version: the backend's number, or (DIY backends, which record none) the 1-based position. */
  version: number;
  kind: string;
  result: string;
  startTime: Date;
  endTime: Date | null;
  message: string;
  /** The deployment this update left behind. */
  deployment(): Promise<UntypedDeployment>;
}

export interface StackVersionWithSchema extends StackVersion {
  databases: DatabaseCheckpoint[];
}

function decode(key: string, bytes: Buffer): unknown {
  if (key.endsWith(".zst"))
    throw new Error(`${key}: zstd-compressed checkpoints are not supported; use gzip or none`);
  const text = key.endsWith(".gz") ? zlib.gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
  return JSON.parse(text);
}

/** A versioned checkpoint file ({version, checkpoint: {latest}}) as an importable deployment. */
export function checkpointToDeployment(value: unknown, where: string): UntypedDeployment {
  const v = value as { version?: number; checkpoint?: { latest?: UntypedDeployment["deployment"] } };
  if (!v || typeof v !== "object" || !v.checkpoint) throw new Error(`${where} is not a Pulumi checkpoint`);
  if (!v.checkpoint.latest) throw new Error(`${where} holds no deployment (the stack was empty then)`);
  return { version: 3, deployment: v.checkpoint.latest };
}

interface HistoryFile {
  nanos: bigint;
  historyKey: string;
  checkpointKey: string | undefined;
}

async function historyFiles(store: BackendStore, project: string, stack: string): Promise<HistoryFile[]> {
  const shortName = stack.split("/").pop() ?? stack;
  for (const folder of [`.pulumi/history/${project}/${shortName}`, `.pulumi/history/${shortName}`]) {
    const keys = await store.list(folder);
    const pattern = /-(\d+)\.(history|checkpoint)\.json(\.gz|\.zst)?$/;
    const byNanos = new Map<string, HistoryFile>();
    for (const key of keys) {
      const m = pattern.exec(key);
      if (!m) continue;
      const f = byNanos.get(m[1]) ?? { nanos: BigInt(m[1]), historyKey: "", checkpointKey: undefined };
      if (m[2] === "history") f.historyKey = key;
      else f.checkpointKey = key;
      byNanos.set(m[1], f);
    }
    const files = [...byNanos.values()].filter((f) => f.historyKey);
    if (files.length) return files.sort((a, b) => (a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0));
  }
  return [];
}

export interface HistoryOptions {
  /** PULUMI_BACKEND_URL etc.; default process.env. */
  env?: Record<string, string | undefined>;
}

async function backendUrl(stack: Stack, env: Record<string, string | undefined>): Promise<string> {
  if (env.PULUMI_BACKEND_URL) return env.PULUMI_BACKEND_URL;
  const who = await stack.workspace.whoAmI();
  if (!who.url)
    throw new Error(
      "cannot tell which Pulumi backend the stack lives in (no PULUMI_BACKEND_URL, no login URL)",
    );
  return who.url;
}

/** The stack's updates, oldest first. */
export async function stackHistory(stack: Stack, options: HistoryOptions = {}): Promise<StackVersion[]> {
  const env = options.env ?? process.env;
  const summaries: UpdateSummary[] = [...(await stack.history())].reverse();
  const url = await backendUrl(stack, env);
  if (!isDiyBackend(url)) {
    return summaries.map((s) => ({
      version: s.version,
      kind: s.kind,
      result: s.result,
      startTime: new Date(s.startTime),
      endTime: s.endTime ? new Date(s.endTime) : null,
      message: s.message ?? "",
      deployment: async () => {
        const { stdout } = await execFileAsync(
          stack.workspace.pulumiCommand.command,
          ["stack", "export", "--version", String(s.version), "--stack", stack.name],
          { cwd: stack.workspace.workDir, env: { ...process.env, ...env }, maxBuffer: 512 * 1024 * 1024 },
        );
        return JSON.parse(stdout) as UntypedDeployment;
      },
    }));
  }
  const project = (await stack.workspace.projectSettings()).name;
  const store = openBackendStore(url, env);
  let files: HistoryFile[];
  try {
    files = await historyFiles(store, project, stack.name);
  } catch (e) {
    store.close();
    throw e;
  }
  if (files.length !== summaries.length) {
    store.close();
    throw new Error(
      `the backend lists ${summaries.length} update(s) for ${stack.name} but ${store.display} holds ${files.length} history record(s): is another update running?`,
    );
  }
  const cache = new Map<string, Promise<UntypedDeployment>>();
  const versions = summaries.map((s, i): StackVersion => {
    const file = files[i];
    return {
      version: s.version > 0 ? s.version : i + 1,
      kind: s.kind,
      result: s.result,
      startTime: new Date(s.startTime),
      endTime: s.endTime ? new Date(s.endTime) : null,
      message: s.message ?? "",
      deployment: () => {
        const key = file.checkpointKey;
        if (!key)
          return Promise.reject(
            new Error(`update ${i + 1} of ${stack.name} has no checkpoint copy in ${store.display}`),
          );
        let p = cache.get(key);
        if (!p) {
          p = store
            .read(key)
            .then((bytes) => checkpointToDeployment(decode(key, bytes), `${store.display}${key}`));
          cache.set(key, p);
        }
        return p;
      },
    };
  });
  // The store stays open for the deployments; a process-lifetime S3 client is cheap.
  return versions;
}

/** stackHistory plus each checkpoint's schema information (reads every checkpoint). */
export async function stackHistoryWithSchemas(
  stack: Stack,
  options: HistoryOptions = {},
): Promise<StackVersionWithSchema[]> {
  const versions = await stackHistory(stack, options);
  const out: StackVersionWithSchema[] = [];
  for (const v of versions) {
    let databases: DatabaseCheckpoint[] = [];
    try {
      databases = databasesIn(await v.deployment());
    } catch {
      databases = [];
    }
    out.push({ ...v, databases });
  }
  return out;
}
