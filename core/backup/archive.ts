import { spawn } from "child_process";
import { Readable } from "stream";
import { BackupError } from "./errors";
import { describeExit, exitedCleanly, PgToolsOptions, toolPath, watchChild } from "./pg-tools";

/** A relation `pg_restore -t` can select: tables, views, materialized views, sequences, foreign tables. */
export interface ArchiveRelation {
  kind: string;
  schema: string;
  name: string;
}

const selectable = ["MATERIALIZED VIEW", "FOREIGN TABLE", "TABLE", "VIEW", "SEQUENCE"];
/** Entries about a relation's data or ownership, not the relation itself. */
const notRelations = ["TABLE DATA ", "SEQUENCE SET ", "SEQUENCE OWNED BY ", "MATERIALIZED VIEW DATA "];

/** Parses `pg_restore --list` output: `214; 1259 94832 TABLE public events owner`. */
export function parseTocRelations(list: string): ArchiveRelation[] {
  const out: ArchiveRelation[] = [];
  for (const line of list.split("\n")) {
    const m = /^\d+; \d+ \d+ (.*)$/.exec(line.trim());
    if (!m) continue;
    if (notRelations.some((p) => m[1].startsWith(p))) continue;
    const kind = selectable.find((k) => m[1].startsWith(`${k} `));
    if (!kind) continue;
    const words = m[1].slice(kind.length + 1).split(" ");
    if (words.length < 3) continue;
    out.push({ kind, schema: words[0], name: words.slice(1, -1).join(" ") });
  }
  return out;
}

/**
 * The relations in a custom-format archive, from its table of contents (at the start of the
 * archive: pg_restore stops reading after it, and the rest of the stream is discarded).
 */
export async function archiveRelations(
  stream: Readable,
  where: string,
  tools?: PgToolsOptions,
): Promise<ArchiveRelation[]> {
  const child = spawn(toolPath("pg_restore", tools), ["--list"], { stdio: ["pipe", "pipe", "pipe"] });
  const exit = watchChild(child);
  let list = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text: string) => (list += text));
  child.stdin.on("error", () => undefined);
  stream.on("error", () => undefined);
  stream.pipe(child.stdin);
  const result = await exit;
  stream.unpipe(child.stdin);
  stream.destroy();
  if (!exitedCleanly(result)) {
    throw new BackupError(
      "restore-failed",
      `cannot read the table of contents of ${where}: ${describeExit("pg_restore", result)}`,
    );
  }
  return parseTocRelations(list);
}

/** Fails, listing what the backup has, when a requested table is not in it. */
export function checkTablesPresent(
  wanted: readonly string[],
  relations: readonly ArchiveRelation[],
  where: string,
): void {
  const names = new Set(relations.map((r) => r.name));
  const missing = wanted.filter((t) => !names.has(t));
  if (missing.length > 0) {
    const have = relations
      .filter((r) => r.kind === "TABLE")
      .map((r) => `${r.schema}.${r.name}`)
      .sort();
    throw new BackupError(
      "invalid-options",
      `${where} has no table ${missing.map((t) => `"${t}"`).join(", ")} (tables in it: ${have.join(", ") || "none"})`,
    );
  }
}
