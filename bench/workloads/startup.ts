// Workload 6: CLI start-up and small plans, the way a user runs the installed package (compiled JS,
// dist/cli/run.js, as `bin` does). Every row is measured in the same run, interleaved round robin
// with its peer or floor:
//   --help           vs pgschema --help (a Go binary's start-up) and `node -e 0` (Node's own floor)
//   verify           vs psql reading the same version row (a C client doing the same query)
//   plan, N tables   vs pgschema plan of the same live database and desired SQL (workload 1's files),
//                    cold (--no-render-cache) and with the render cache warm
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { writeVersionRow } from "../../core/verify/version-table";
import type { BenchCluster } from "../lib/cluster";
import { benchDir } from "../lib/cluster";
import { runMeasured } from "../lib/proc";
import { median } from "../lib/stats";
import type { PeerInstall } from "../peers";
import { pgschemaPlanArgs } from "./plan";
import { benchSchema, changedSchema, specToSql } from "./schema-sql";

export interface StartupRow {
  name: string;
  command: string;
  wallMs: number[];
  medianWallMs: number;
  /** The compared peer or floor, measured in the same rounds. */
  peer: { name: string; command: string; wallMs: number[]; medianWallMs: number } | null;
  /** schemastack / peer (above 1: schemastack is slower). */
  ratio: number | null;
  /** What the issue asks for this row, as a ratio to the peer (or an absolute bound). */
  target: string;
}

interface Spec {
  name: string;
  cmd: string[];
  peerName?: string;
  peerCmd?: string[];
  target: string;
  /** Exit codes that count as success (plan exits 0; a plan with changes is still 0). */
  ok?: number[];
  /** Variables set for schemastack's command only (shown before it in the report). */
  env?: Record<string, string>;
}

async function measure(cmd: string[], ok: number[], env?: Record<string, string>): Promise<number> {
  const m = await runMeasured(cmd[0], cmd.slice(1), env ? { env: { ...process.env, ...env } } : {});
  if (m.code === null || !ok.includes(m.code))
    throw new Error(`${cmd.join(" ")} exited ${m.code}: ${(m.stderr || m.stdout).trim().slice(-400)}`);
  return m.wallMs;
}

/** The package's CLI (dist/cli/run.js, built by `npm run build`) against pgschema and floors. */
export async function runStartupWorkload(
  cluster: BenchCluster,
  cliJs: string,
  pgschema: PeerInstall | undefined,
  sizes: number[],
  runs: number,
  log: (s: string) => void,
): Promise<StartupRow[]> {
  const node = process.execPath;
  // The CLI's render cache (core/render/render-cache.ts) in the bench's folder, empty at the start.
  process.env.SCHEMASTACK_RENDER_CACHE_DIR = path.join(benchDir(), "w6", "render-cache");
  fs.rmSync(process.env.SCHEMASTACK_RENDER_CACHE_DIR, { recursive: true, force: true });
  // And its code cache (cli/compile-cache.ts), filled by the warm-up round as a user's first run would.
  process.env.SCHEMASTACK_COMPILE_CACHE_DIR = path.join(benchDir(), "w6", "compile-cache");
  fs.rmSync(process.env.SCHEMASTACK_COMPILE_CACHE_DIR, { recursive: true, force: true });
  const verifyUrl = await cluster.createDatabase("startup_verify");
  const client = new Client({ connectionString: verifyUrl });
  await client.connect();
  try {
    await writeVersionRow(client, { version: "1.0.0", fingerprint: "f".repeat(64), stack: "bench" });
  } finally {
    await client.end();
  }
  const pgschemaBin = pgschema?.ok ? pgschema.binary : undefined;
  const specs: Spec[] = [
    {
      name: "schemastack --help",
      cmd: [node, cliJs, "--help"],
      ...(pgschemaBin ? { peerName: "pgschema --help", peerCmd: [pgschemaBin, "--help"] } : {}),
      target: "well under 0.5 s",
    },
    {
      name: "schemastack --help (vs Node's start-up floor)",
      cmd: [node, cliJs, "--help"],
      peerName: "node -e 0",
      peerCmd: [node, "-e", "0"],
      target: "close to the floor",
    },
    {
      name: "schemastack verify",
      cmd: [node, cliJs, "verify", "--database-url", verifyUrl, "--expect", "1.0.0"],
      peerName: "psql reading the version row",
      peerCmd: [
        "psql",
        verifyUrl,
        "-Atc",
        "select version from schemastack.schema_version order by id desc limit 1",
      ],
      target: "well under 0.5 s",
    },
  ];
  const planDbs: string[] = [];
  for (const tables of sizes) {
    const dir = path.join(benchDir(), "w6", String(tables));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "desired"), { recursive: true });
    const desiredSql = path.join(dir, "desired", "schema.sql");
    fs.writeFileSync(desiredSql, specToSql(changedSchema(tables)));
    const db = `w6_live_${tables}`;
    const url = await cluster.createDatabase(db);
    planDbs.push(db);
    const live = new Client({ connectionString: url });
    await live.connect();
    try {
      await live.query(specToSql(benchSchema(tables)));
    } finally {
      await live.end();
    }
    await cluster.query(db, "vacuum analyze");
    const plan = [node, cliJs, "plan", "--database-url", url, "--desired", desiredSql];
    const peer = pgschemaBin
      ? { peerName: "pgschema plan", peerCmd: [pgschemaBin, ...pgschemaPlanArgs(url, desiredSql)] }
      : {};
    const target = tables >= 100 ? "<= 0.5x pgschema" : "<= 1x pgschema";
    // Cold: rendered in the scratch database every run, as pgschema does in its plan database.
    // Warm: the same file planned again (the render cache holds its model after the warm-up round).
    specs.push({
      name: `schemastack plan, ${tables} tables, cold`,
      cmd: [...plan, "--no-render-cache"],
      ...peer,
      target,
    });
    // What the code cache is worth: the same cold plan compiling every module as a first run does.
    if (tables === sizes[0])
      specs.push({
        name: `schemastack plan, ${tables} tables, cold, without the code cache`,
        cmd: [...plan, "--no-render-cache"],
        env: { SCHEMASTACK_COMPILE_CACHE: "off" },
        ...peer,
        target,
      });
    specs.push({ name: `schemastack plan, ${tables} tables, render cache warm`, cmd: plan, ...peer, target });
  }

  // Round robin: every row's i-th run (schemastack, then its peer) before any (i+1)-th, so a change in
  // the machine's load falls on both sides alike. One unmeasured warm-up round fills the OS cache.
  const times = specs.map(() => ({ own: [] as number[], peer: [] as number[] }));
  for (let round = -1; round < runs; round++) {
    for (const [i, spec] of specs.entries()) {
      const own = await measure(spec.cmd, spec.ok ?? [0], spec.env);
      const peer = spec.peerCmd ? await measure(spec.peerCmd, [0]) : NaN;
      if (round < 0) continue;
      times[i].own.push(own);
      if (spec.peerCmd) times[i].peer.push(peer);
    }
    log(`startup: round ${round + 1}/${runs}`);
  }
  for (const db of [...planDbs, "startup_verify"]) await cluster.dropDatabase(db);
  return specs.map((spec, i) => {
    const own = median(times[i].own);
    const peer = spec.peerCmd ? median(times[i].peer) : NaN;
    const row: StartupRow = {
      name: spec.name,
      command: [
        ...Object.entries(spec.env ?? {}).map(([name, value]) => `${name}=${value}`),
        ...spec.cmd,
      ].join(" "),
      wallMs: times[i].own,
      medianWallMs: own,
      peer: spec.peerCmd
        ? {
            name: spec.peerName ?? "",
            command: spec.peerCmd.join(" "),
            wallMs: times[i].peer,
            medianWallMs: peer,
          }
        : null,
      ratio: spec.peerCmd ? own / peer : null,
      target: spec.target,
    };
    log(
      `  ${row.name}: ${own.toFixed(0)} ms` +
        (row.peer ? ` vs ${row.peer.name} ${peer.toFixed(0)} ms = ${row.ratio?.toFixed(2)}x` : ""),
    );
    return row;
  });
}
