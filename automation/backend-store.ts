// Read access to a Pulumi DIY ("self-managed") backend's files: `file://<dir>` or
// `s3://bucket[/prefix]?endpoint=...`. The DIY backend does not support `pulumi stack export
// --version N` (pkg/v3 cmd/pulumi/stack/stack_export.go needs backend.SpecificDeploymentExporter,
// which only the Cloud backend implements), but it keeps every update's history record and a copy
// of the checkpoint it produced side by side (backend/diy/state.go addToHistory):
//   .pulumi/history/<project>/<stack>/<stack>-<unix nanos>.history.json[.gz]
//   .pulumi/history/<project>/<stack>/<stack>-<unix nanos>.checkpoint.json[.gz]
// (`.pulumi/history/<stack>/...` for the legacy, project-less layout).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";

export interface BackendStore {
  /** A description without credentials, for messages. */
  readonly display: string;
  /** Keys (relative to the backend root) under a folder, non-recursive is not guaranteed. */
  list(folder: string): Promise<string[]>;
  read(key: string): Promise<Buffer>;
  close(): void;
}

/** True for backend URLs this module can read (the DIY backends schemastack supports). */
export function isDiyBackend(url: string): boolean {
  return url.startsWith("file://") || url.startsWith("s3://");
}

export function openBackendStore(
  url: string,
  env: Record<string, string | undefined> = process.env,
): BackendStore {
  if (url.startsWith("file://")) return fileStore(url);
  if (url.startsWith("s3://")) return s3Store(url, env);
  throw new Error(
    `reading stack history checkpoints is supported for file:// and s3:// backends, not ${url.replace(/\?.*$/, "")}`,
  );
}

function fileStore(url: string): BackendStore {
  let dir = decodeURIComponent(url.slice("file://".length).replace(/\?.*$/, ""));
  if (dir === "~" || dir.startsWith("~/")) dir = path.join(os.homedir(), dir.slice(1));
  const root = path.resolve(dir);
  return {
    display: `file://${root}`,
    async list(folder) {
      const base = path.join(root, folder);
      if (!fs.existsSync(base)) return [];
      return fs
        .readdirSync(base, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.posix.join(folder, e.name));
    },
    async read(key) {
      return fs.readFileSync(path.join(root, key));
    },
    close() {},
  };
}

function s3Store(url: string, env: Record<string, string | undefined>): BackendStore {
  const u = new URL(url);
  const bucket = u.hostname;
  const prefix = u.pathname.replace(/^\/+/, "").replace(/\/?$/, u.pathname.length > 1 ? "/" : "");
  const q = u.searchParams;
  const insecure = q.get("disableSSL") === "true" || q.get("disable_https") === "true";
  let endpoint = q.get("endpoint") ?? undefined;
  if (endpoint && !/^https?:\/\//.test(endpoint)) endpoint = `${insecure ? "http" : "https"}://${endpoint}`;
  const pathStyle = q.get("s3ForcePathStyle") === "true" || q.get("use_path_style") === "true";
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  const client = new S3Client({
    region: q.get("region") ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    endpoint,
    forcePathStyle: pathStyle || endpoint !== undefined,
    ...(accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN } }
      : {}),
  });
  return {
    display: `s3://${bucket}/${prefix}`,
    async list(folder) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: `${prefix}${folder}/`,
            ContinuationToken: token,
          }),
        );
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(prefix.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    async read(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${key}` }));
      if (!object.Body) throw new Error(`s3://${bucket}/${prefix}${key} has no body`);
      return Buffer.from(await object.Body.transformToByteArray());
    },
    close() {
      client.destroy();
    },
  };
}
