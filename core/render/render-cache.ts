// Rendered models kept on disk, keyed by everything the render depends on: what was rendered (the
// declaration, or the desired SQL and its schema filter), the server it was rendered on (its URL
// without the password, and its version) and the code that renders and reads back (this package's
// core/ files). Rendering a declaration in a scratch database is most of a small `plan` and, for a
// large schema, the biggest fixed cost of a `pulumi preview` (bench/RESULTS.md); a declaration that
// did not change since the last run is then read back from here instead. Only successful renders
// are kept: a declaration Postgres rejects is rendered (and rejected) every time.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { cacheHome } from "../cache-home";
import type { SchemaModel } from "../model/model";
import { redactUrl } from "../pg/connection-url";
import type { Queryable } from "../introspect/queryable";
import { withClient } from "../pg/with-client";
import { sweepScratchDatabases } from "./scratch-database";

/** Entries kept per cache folder (the least recently written go first). */
const maxEntries = 64;

/**
 * The cache folder: `SCHEMASTACK_RENDER_CACHE_DIR`, else `$XDG_CACHE_HOME/schemastack/render`, else
 * `~/.cache/schemastack/render`; undefined (no cache) when `SCHEMASTACK_RENDER_CACHE=off`.
 */
export function defaultRenderCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SCHEMASTACK_RENDER_CACHE === "off") return undefined;
  if (env.SCHEMASTACK_RENDER_CACHE_DIR) return path.resolve(env.SCHEMASTACK_RENDER_CACHE_DIR);
  return path.join(cacheHome(env), "render");
}

let codeStampMemo: string | undefined;

/** Size and modification time of every file of core/ (source or compiled): edited code renders afresh. */
function codeStamp(): string {
  if (codeStampMemo) return codeStampMemo;
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(ts|js)$/.test(entry.name)) {
        const stat = fs.statSync(file);
        hash.update(`${path.relative(__dirname, file)} ${stat.size} ${stat.mtimeMs}\n`);
      }
    }
  };
  walk(path.join(__dirname, ".."));
  return (codeStampMemo = hash.digest("hex"));
}

/** The server's version (server_version_num) over an open connection. */
export async function serverVersionOf(client: Queryable): Promise<string> {
  const { rows } = await client.query<{ version: string }>(
    "select pg_catalog.current_setting('server_version_num') as version",
  );
  return rows[0]?.version ?? "?";
}

function read(file: string): SchemaModel | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as SchemaModel;
  } catch {
    return undefined; // absent, or half-written by a run that was killed: render again
  }
}

function write(dir: string, file: string, model: SchemaModel): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Written whole and then renamed: a concurrent reader sees the old entry or the new one.
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(model));
    fs.renameSync(temporary, file);
    const entries = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => ({ file: path.join(dir, name), at: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of entries.slice(maxEntries)) fs.rmSync(old.file, { force: true });
  } catch {
    // A read-only or full disk costs the next run a render, nothing else.
  }
}

/**
 * `render()`'s model for `input` on `serverUrl`, from the cache in `dir` when it holds one, else
 * rendered and kept. Without `dir`, just `render()`. `serverVersion` reads the version of
 * `serverUrl`'s server over a connection the caller opens anyway (default: a connection of its own).
 */
export async function cachedRender(
  dir: string | undefined,
  serverUrl: string,
  input: string,
  render: () => Promise<SchemaModel>,
  serverVersion: () => Promise<string> = () => withClient(serverUrl, serverVersionOf),
  onNotice?: (message: string) => void,
): Promise<SchemaModel> {
  if (!dir) return render();
  // A hit renders nothing, but the leftovers of dead runs (a killed render's session still holding
  // its locks in the shared scratch database) are swept as a render would, meanwhile.
  const sweeping = sweepScratchDatabases(serverUrl, onNotice).catch(() => undefined);
  const key = createHash("sha256")
    .update(JSON.stringify([codeStamp(), redactUrl(serverUrl), await serverVersion()]) + "\n" + input)
    .digest("hex");
  const file = path.join(dir, `${key}.json`);
  const cached = read(file);
  await sweeping;
  if (cached) return cached;
  const model = await render();
  write(dir, file, model);
  return model;
}
