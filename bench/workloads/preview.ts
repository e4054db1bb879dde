// Workload 2: cost of `pulumi preview` (no-op and with drift) of the schemastack example scaled to N
// tables, against a baseline program of the same number of no-op dynamic resources and against
// `pgschema plan` of the same schema, with the real CLI (.schemastack/bin/pulumi) on a file backend.
// Catalog queries per operation are counted with pg_stat_statements on the bench cluster. The
// schemastack program is test/e2e/fixtures/spec-program (the real components, schema from stack
// config); its state is built by a real first `pulumi up` (which creates the schema, unless
// `adopt` pre-creates it through the core), and the state's size per table is recorded.
import * as fs from "fs";
import * as path from "path";
import { repoRoot, stateRoot, toolchainPath } from "../../localenv/paths";
import { specToSql } from "./schema-sql";
import { pgschemaPlanArgs } from "./plan";
import { applySchema } from "../../core/apply";
import type { TableDeclaration } from "../../core/model/declaration";
import { fromSpec } from "../../core/model/from-declaration";
import { withClient } from "../../core/pg/with-client";
import { renderModel } from "../../core/render";
import type { BenchCluster } from "../lib/cluster";
import { runCommand, runMeasured } from "../lib/proc";
import { median } from "../lib/stats";
import { profilesIn } from "../lib/cpuprofile";
import type { ProcessProfile } from "../lib/cpuprofile";

export interface PreviewMeasure {
  wallMs: number[];
  medianMs: number;
  maxRssMb: number;
  catalogQueries: number[];
  /** Whole-database introspections (one per operation is the goal). */
  introspections?: number[];
  statements: number[];
  changes?: string;
}

export interface PreviewSizeResult {
  /** Set when the size was measured by a separate command (bench/addendum.ts), not the run's own. */
  command?: string;
  /** The program imported the built package (`packaged`), not the repository's source. */
  packaged?: boolean;
  tables: number;
  resources: number;
  /** Creating the schema through the core before the state-building `up` (only with `adopt`). */
  schemaMs?: number;
  /** The first `up` (it creates the schema, unless `adopt`). */
  upMs: number;
  /**
   * Catalog queries / introspections / all statements of that first `up` (pg_stat_statements; the
   * catalog count includes the executor's per-step `pg_catalog.set_config` and lock calls).
   */
  upCatalogQueries?: number;
  upIntrospections?: number;
  upStatements?: number;
  /** The state after the first up as compact JSON (`pulumi stack export`, re-serialised), and per table. */
  stateBytes?: number;
  stateBytesPerTable?: number;
  /** Of those, the serialised provider shells (`__provider`, in every dynamic resource's inputs and outputs). */
  providerShellBytes?: number;
  /** `pgschema plan` of the same schema against the same (unchanged) database. */
  pgschema?: PreviewMeasure & { version?: string };
  baselineUpMs: number;
  noop: PreviewMeasure;
  drift: PreviewMeasure;
  baseline: PreviewMeasure;
  driftedTables: number;
  /** The state-building `up`s ran with PULUMI_SKIP_CHECKPOINTS. */
  skipCheckpoints?: boolean;
  /** One extra no-op preview of each program under `node --cpu-prof` (every Node process it starts). */
  profile?: { program: ProcessProfile[]; baseline: ProcessProfile[] };
  error?: string;
}

/** The example's shape (index.ts: ~5 columns, a FK, an index, an enum per few tables), repeated. */
export function exampleTables(n: number): Record<string, TableDeclaration> {
  const tables: Record<string, TableDeclaration> = {};
  for (let i = 0; i < n; i++) {
    const name = `shop_${String(i).padStart(4, "0")}`;
    const parent = i === 0 ? name : `shop_${String(i - 1).padStart(4, "0")}`;
    tables[name] = {
      columns: {
        id: { type: "bigint", identity: "always", primaryKey: true },
        parent_id: { type: "bigint" },
        name: { type: "text", nullable: false },
        status: { type: "order_status", nullable: false, default: "'pending'::order_status" },
        created_at: { type: "timestamptz", nullable: false, default: "now()" },
      },
      constraints: {
        [`${name}_parent_fkey`]: {
          type: "foreignKey",
          columns: ["parent_id"],
          references: { table: parent, columns: ["id"] },
        },
      },
      indexes: { [`${name}_name_idx`]: { columns: ["name"] } },
    };
  }
  return tables;
}

const pulumiBin = () => path.join(stateRoot(), "bin", "pulumi");

export interface PreviewWorkloadOptions {
  /**
   * Build the state with PULUMI_SKIP_CHECKPOINTS (the engine writes the state once at the end instead
   * of after every step), for both programs alike. Previews are measured the same way either way.
   */
  skipCheckpoints?: boolean;
  /** After the measured previews, profile one more no-op preview of each program (not timed), with bench/lib/cpu-prof-hook.js. */
  profile?: boolean;
  /** Create the schema through the core first, so the first `up` only adopts it (the earlier runs' method). */
  adopt?: boolean;
  /** The pgschema binary, to time `pgschema plan` of the same schema in the same run. */
  pgschema?: { binary: string; version?: string };
  /**
   * Measure bench/programs/spec-package, which imports the built package (`schemastack`: dist/ JS
   * and .d.ts, as installed from npm) instead of the repository's TypeScript source: what ts-node
   * type-checks in a user's program. Builds dist/ first.
   */
  packaged?: boolean;
}

/**
 * `node_modules/schemastack` in a program folder as an install from the tarball lays it out:
 * package.json, provider-runtime.js and dist/ (here a link to this checkout's build). Without the
 * TypeScript source beside it, provider-runtime.js loads the compiled providers, as for a user.
 */
function installBuiltPackage(programDir: string): void {
  const target = path.join(programDir, "node_modules", "schemastack");
  fs.mkdirSync(target, { recursive: true });
  for (const file of ["package.json", "provider-runtime.js"])
    fs.copyFileSync(path.join(repoRoot, file), path.join(target, file));
  fs.symlinkSync(path.join(repoRoot, "dist"), path.join(target, "dist"), "dir");
}

/** Program folders live in this checkout's .schemastack, so they load this checkout's code. */
const programsDir = () => path.join(repoRoot, ".schemastack", "bench", "w2");

/** `pgschema plan` of `desiredSql` against `db`, its plan database on the same server (like workload 1). */
async function timedPgschemaPlan(
  cluster: BenchCluster,
  binary: string,
  db: string,
  desiredSql: string,
  runs: number,
): Promise<PreviewMeasure> {
  const m: PreviewMeasure = { wallMs: [], medianMs: NaN, maxRssMb: NaN, catalogQueries: [], statements: [] };
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runMeasured(binary, pgschemaPlanArgs(cluster.url(db), desiredSql), {
      timeoutMs: 60 * 60_000,
    });
    if (r.code !== 0)
      throw new Error(
        `pgschema plan exited ${r.code}: ${(r.stdout + r.stderr).trim().split("\n").slice(-5).join(" | ")}`,
      );
    m.wallMs.push(r.wallMs);
    rss.push(r.maxRssKb / 1024);
    m.changes = r.stdout.trim().split("\n").slice(0, 2).join(" ");
  }
  m.medianMs = median(m.wallMs);
  m.maxRssMb = Math.max(...rss);
  return m;
}

/** Catalog queries, introspections (calls of core/introspect's schemas query) and all statements on `db`. */
async function catalogCounts(
  cluster: BenchCluster,
  db: string,
): Promise<{ catalog: number; introspections: number; total: number }> {
  const [row] = await cluster.query<{ catalog: string; introspections: string; total: string }>(
    "postgres",
    `select coalesce(sum(calls) filter (where query like '%select n.nspname as name%from pg_catalog.pg_namespace n%'), 0)::text as introspections,
            coalesce(sum(calls) filter (where query ~* '\\m(pg_catalog|pg_class|pg_attribute|pg_constraint|pg_index|pg_type|pg_namespace|pg_enum|pg_depend|pg_description)\\M'), 0)::text as catalog,
            coalesce(sum(calls), 0)::text as total
       from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1`,
    [db],
  );
  return {
    catalog: Number(row.catalog),
    introspections: Number(row.introspections),
    total: Number(row.total),
  };
}

function pulumiEnv(home: string, options: PreviewWorkloadOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(options.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {}),
    PATH: toolchainPath(),
    PULUMI_BACKEND_URL: `file://${path.join(home, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
    PULUMI_HOME: path.join(home, "pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
}

async function pulumi(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runCommand(pulumiBin(), [...args, "--non-interactive", "--color", "never"], {
    cwd,
    env,
    timeoutMs: 60 * 60_000,
  });
  if (r.code !== 0)
    throw new Error(
      `pulumi ${args.join(" ")} exited ${r.code}: ${(r.stdout + r.stderr).trim().split("\n").slice(-8).join(" | ")}`,
    );
  return r.stdout;
}

async function countedPreview(
  cluster: BenchCluster,
  db: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv,
  runs: number,
): Promise<PreviewMeasure> {
  const m: PreviewMeasure = { wallMs: [], medianMs: NaN, maxRssMb: NaN, catalogQueries: [], statements: [] };
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (db) await cluster.query("postgres", "select pg_stat_statements_reset()");
    const r = await runMeasured(
      pulumiBin(),
      ["preview", "--stack", "bench", "--non-interactive", "--color", "never"],
      { cwd, env, timeoutMs: 60 * 60_000 },
    );
    if (r.code !== 0)
      throw new Error(
        `pulumi preview exited ${r.code}: ${(r.stdout + r.stderr).trim().split("\n").slice(-8).join(" | ")}`,
      );
    m.wallMs.push(r.wallMs);
    rss.push(r.maxRssKb / 1024);
    m.changes = /Resources:[\s\S]*$/.exec(r.stdout)?.[0].replace(/\s+/g, " ").trim();
    if (db) {
      const counts = await catalogCounts(cluster, db);
      m.catalogQueries.push(counts.catalog);
      (m.introspections ??= []).push(counts.introspections);
      m.statements.push(counts.total);
    }
  }
  m.medianMs = median(m.wallMs);
  m.maxRssMb = Math.max(...rss);
  return m;
}

export async function runPreviewWorkload(
  cluster: BenchCluster,
  sizes: number[],
  runs: number,
  upBudgetMs: number,
  log: (s: string) => void,
  options: PreviewWorkloadOptions = {},
): Promise<PreviewSizeResult[]> {
  const out: PreviewSizeResult[] = [];
  if (options.packaged) {
    log("building dist/ for the packaged program (npm run build)");
    const built = await runCommand("npm", ["run", "build"], { cwd: repoRoot, timeoutMs: 30 * 60_000 });
    if (built.code !== 0) throw new Error(`npm run build exited ${built.code}: ${built.stderr.slice(-2000)}`);
  }
  for (const tables of sizes) {
    log(`workload 2: ${tables} tables`);
    // Building the state takes a real `pulumi up`, whose cost per resource is high (see RESULTS.md);
    // a size whose projected (linear, so optimistic) up time exceeds the budget is reported, not run.
    const prev = [...out].reverse().find((r) => Number.isFinite(r.upMs) && r.resources > 0);
    if (prev) {
      const projected = (prev.upMs / prev.resources) * (prev.resources / prev.tables) * tables;
      if (projected > upBudgetMs) {
        const error = `not run: building its state with \`pulumi up\` was projected at ${(projected / 60000).toFixed(0)} min (linear from ${prev.tables} tables: ${(prev.upMs / prev.resources).toFixed(0)} ms per resource), over the ${upBudgetMs / 60000} min budget`;
        log(`  ${error}`);
        const empty: PreviewMeasure = {
          wallMs: [],
          medianMs: NaN,
          maxRssMb: NaN,
          catalogQueries: [],
          statements: [],
        };
        out.push({
          tables,
          resources: 0,
          upMs: NaN,
          baselineUpMs: NaN,
          noop: empty,
          drift: empty,
          baseline: empty,
          driftedTables: 0,
          error,
        });
        continue;
      }
    }
    // Folders of their own per program kind, so a packaged run can go beside a repository one.
    const variant = options.packaged ? "-packaged" : "";
    const home = path.join(programsDir(), `n${tables}${variant}`);
    fs.rmSync(home, { recursive: true, force: true });
    fs.mkdirSync(path.join(home, "state"), { recursive: true });
    fs.mkdirSync(path.join(home, "pulumi-home"), { recursive: true });
    const env = pulumiEnv(home, options);
    // Program folders at .schemastack/bench/w2/<program>: the fixture's relative imports of the
    // product (../../../../components) resolve to the repo from there, like test/support/pulumi.ts.
    const prog = path.join(programsDir(), `spec-program-${tables}${variant}`);
    const base = path.join(programsDir(), `baseline-${tables}${variant}`);
    for (const d of [prog, base]) fs.rmSync(d, { recursive: true, force: true });
    if (options.packaged) {
      fs.cpSync(path.join(repoRoot, "bench", "programs", "spec-package"), prog, { recursive: true });
      installBuiltPackage(prog);
    } else {
      fs.cpSync(path.join(repoRoot, "test", "e2e", "fixtures", "spec-program"), prog, { recursive: true });
    }
    fs.cpSync(path.join(repoRoot, "bench", "programs", "baseline"), base, { recursive: true });
    const db = `w2_n${tables}`;
    const url = await cluster.createDatabase(db);
    const spec = {
      version: "1.0.0",
      enums: { order_status: ["pending", "paid", "shipped"] },
      tables: exampleTables(tables),
    };
    try {
      // In a file: at 1000 tables the spec is over the 128 KiB a single environment variable may hold.
      const specFile = path.join(home, "spec.json");
      fs.writeFileSync(specFile, JSON.stringify(spec));
      fs.writeFileSync(
        path.join(prog, "Pulumi.bench.yaml"),
        `config:\n  schemastack-test:specFile: ${JSON.stringify(specFile)}\n  schemastack-test:databaseUrl: ${JSON.stringify(url)}\n`,
      );
      // With `adopt`, the schema is created first through the core (the same planner and
      // executor), so the `up` that builds the state only adopts existing objects; otherwise the
      // first `up` creates it, as a new user's would.
      let schemaMs: number | undefined;
      if (options.adopt) {
        const t00 = Date.now();
        const model = await renderModel(
          url,
          fromSpec({ schemas: { public: { enums: spec.enums, tables: spec.tables } } }),
        );
        await withClient(url, (c) => applySchema(c, model));
        schemaMs = Date.now() - t00;
      }
      await pulumi(["stack", "init", "bench"], prog, env);
      await cluster.query("postgres", "select pg_stat_statements_reset()");
      let t0 = Date.now();
      await pulumi(["up", "--yes", "--stack", "bench", "--skip-preview"], prog, env);
      const upMs = Date.now() - t0;
      const upCounts = await catalogCounts(cluster, db);
      const stackJson = await pulumi(["stack", "export", "--stack", "bench"], prog, env);
      const resources =
        (
          JSON.parse(stackJson) as { deployment: { resources?: { custom?: boolean; type: string }[] } }
        ).deployment.resources?.filter((r) => r.custom && r.type.startsWith("pulumi-nodejs:dynamic"))
          .length ?? 0;
      const exported = JSON.parse(stackJson) as {
        deployment: { resources?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] };
      };
      const stateBytes = Buffer.byteLength(JSON.stringify(exported), "utf8");
      const providerShellBytes = (exported.deployment.resources ?? []).reduce(
        (sum, r) =>
          sum +
          Buffer.byteLength(JSON.stringify(r.inputs?.__provider ?? ""), "utf8") +
          Buffer.byteLength(JSON.stringify(r.outputs?.__provider ?? ""), "utf8"),
        0,
      );
      log(
        `  up: ${(upMs / 1000).toFixed(1)} s for ${resources} dynamic resources, ${upCounts.introspections} introspections, ${upCounts.catalog} catalog queries, state ${(stateBytes / tables).toFixed(0)} B per table (${(providerShellBytes / tables).toFixed(0)} B of it provider shells)`,
      );

      fs.writeFileSync(path.join(base, "Pulumi.bench.yaml"), `config:\n  bench:resources: ${resources}\n`);
      await pulumi(["stack", "init", "bench"], base, env);
      t0 = Date.now();
      await pulumi(["up", "--yes", "--stack", "bench", "--skip-preview"], base, env);
      const baselineUpMs = Date.now() - t0;

      const noop = await countedPreview(cluster, db, prog, env, runs);
      log(
        `  no-op preview: ${(noop.medianMs / 1000).toFixed(2)} s, catalog queries ${noop.catalogQueries.join("/")}, introspections ${noop.introspections?.join("/")}`,
      );
      const baseline = await countedPreview(cluster, undefined, base, env, runs);
      log(`  baseline preview: ${(baseline.medianMs / 1000).toFixed(2)} s`);
      let pgschema: PreviewSizeResult["pgschema"];
      if (options.pgschema) {
        const desiredSql = path.join(home, "desired.sql");
        fs.writeFileSync(
          desiredSql,
          specToSql({ schemas: { public: { enums: spec.enums, tables: spec.tables } } }),
        );
        pgschema = {
          ...(await timedPgschemaPlan(cluster, options.pgschema.binary, db, desiredSql, runs)),
          version: options.pgschema.version,
        };
        log(`  pgschema plan: ${(pgschema.medianMs / 1000).toFixed(2)} s (${pgschema.changes})`);
      }
      // Profiled before the drift is made, so both programs are profiled on a no-op preview.
      let profile: PreviewSizeResult["profile"];
      if (options.profile) {
        const profiled = async (cwd: string, name: string) => {
          const dir = path.join(home, "profiles", name);
          fs.rmSync(dir, { recursive: true, force: true });
          const hook = path.join(__dirname, "..", "lib", "cpu-prof-hook.js");
          const nodeOptions = `${process.env.NODE_OPTIONS ?? ""} --require ${hook}`.trim();
          await pulumi(["preview", "--stack", "bench"], cwd, {
            ...env,
            NODE_OPTIONS: nodeOptions,
            SCHEMASTACK_CPU_PROF_DIR: dir,
          });
          return profilesIn(dir, 10);
        };
        profile = {
          program: await profiled(prog, "schemastack"),
          baseline: await profiled(base, "baseline"),
        };
        log(`  profiled one no-op preview of each program (${path.join(home, "profiles")})`);
      }
      // Drift made by hand on 10 % of the tables: a dropped NOT NULL and an undeclared index.
      const drifted = Object.keys(spec.tables).filter((_, i) => i % 10 === 0);
      for (const t of drifted) {
        await cluster.query(
          db,
          `alter table "${t}" alter column name drop not null; create index "${t}_drift_idx" on "${t}" (created_at)`,
        );
      }
      const drift = await countedPreview(cluster, db, prog, env, runs);
      log(`  drift preview: ${(drift.medianMs / 1000).toFixed(2)} s (${drift.changes})`);
      out.push({
        tables,
        resources,
        schemaMs,
        upMs,
        upCatalogQueries: upCounts.catalog,
        upIntrospections: upCounts.introspections,
        providerShellBytes,
        upStatements: upCounts.total,
        stateBytes,
        stateBytesPerTable: Math.round(stateBytes / tables),
        packaged: options.packaged,
        pgschema,
        baselineUpMs,
        noop,
        drift,
        baseline,
        driftedTables: drifted.length,
        skipCheckpoints: options.skipCheckpoints,
        profile,
      });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      log(`  failed: ${error}`);
      const empty: PreviewMeasure = {
        wallMs: [],
        medianMs: NaN,
        maxRssMb: NaN,
        catalogQueries: [],
        statements: [],
      };
      out.push({
        tables,
        resources: 0,
        upMs: NaN,
        baselineUpMs: NaN,
        noop: empty,
        drift: empty,
        baseline: empty,
        driftedTables: 0,
        error,
      });
    } finally {
      await cluster.dropDatabase(db);
    }
  }
  return out;
}
