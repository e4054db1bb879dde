// One workload at chosen sizes, outside the full harness (for sizes the full run could not fit):
//   npx ts-node -T bench/addendum.ts --workload plan --sizes 3000 --runs 3 --timeout-min 90 \
//     --tools "schemastack,pg-schema-diff --disable-plan-validation"
//   npx ts-node -T bench/addendum.ts --workload preview --sizes 1000 --runs 3 --skip-checkpoints [--profile]
//     [--adopt] [--with-pgschema]   (first up adopts a pre-created schema; time `pgschema plan` too)
//     [--packaged]   (the program imports the built package, as a user's does: bench/programs/spec-package)
// Same code as `bench/run.ts --only plan|preview`; raw JSON goes to bench/raw/addendum-<workload>-<sizes>.json.
import * as fs from "fs";
import * as path from "path";
import { flag } from "./lib/args";
import { startBenchCluster } from "./lib/cluster";
import { ensureGnuTime } from "./lib/proc";
import { installPeer, peerSpecs } from "./peers";
import { runPlanWorkload } from "./workloads/plan";
import { runPreviewWorkload } from "./workloads/preview";

const workload = flag("workload");
const sizes = (flag("sizes") ?? "").split(",").filter(Boolean).map(Number);
const runs = Number(flag("runs") ?? 3);
const timeoutMs = Number(flag("timeout-min") ?? 60) * 60_000;
const tools = flag("tools")?.split(",");
const skipCheckpoints = process.argv.includes("--skip-checkpoints");
const profile = process.argv.includes("--profile");
const adopt = process.argv.includes("--adopt");
const withPgschema = process.argv.includes("--with-pgschema");
const packaged = process.argv.includes("--packaged");

async function pgschemaBinary(log: (s: string) => void): Promise<{ binary: string; version?: string }> {
  const spec = peerSpecs.find((s) => s.id === "pgschema");
  const installed = spec && (await installPeer(spec, log));
  if (!installed?.ok || !installed.binary)
    throw new Error(`pgschema could not be built: ${JSON.stringify(installed?.attempts ?? [])}`);
  return { binary: installed.binary, version: installed.version };
}

async function main(): Promise<void> {
  if ((workload !== "plan" && workload !== "preview") || !sizes.length || sizes.some((n) => !(n > 0)))
    throw new Error("usage: --workload plan|preview --sizes N[,N...] [--runs 3] [--timeout-min 60]");
  const t0 = Date.now();
  const log = (s: string) =>
    process.stderr.write(`[addendum ${((Date.now() - t0) / 1000).toFixed(0)}s] ${s}\n`);
  ensureGnuTime(log);
  // Its own cluster (and raw file) per program kind, so a packaged run can go beside a repository one.
  const variant = packaged ? "-packaged" : "";
  const cluster = await startBenchCluster(`addendum-${workload}${variant}`);
  try {
    const started = new Date().toISOString();
    const result =
      workload === "plan"
        ? await runPlanWorkload(
            cluster,
            sizes,
            runs,
            await Promise.all(peerSpecs.map((s) => installPeer(s, log))),
            log,
            { timeoutMs, tools },
          )
        : await runPreviewWorkload(cluster, sizes, runs, timeoutMs, log, {
            skipCheckpoints,
            profile,
            adopt,
            packaged,
            pgschema: withPgschema ? await pgschemaBinary(log) : undefined,
          });
    const out = path.join(__dirname, "raw", `addendum-${workload}${variant}-${sizes.join("-")}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const command = `npx ts-node -T bench/addendum.ts ${process.argv.slice(2).join(" ")}`;
    fs.writeFileSync(
      out,
      JSON.stringify({ started, minutes: (Date.now() - t0) / 60000, command, result }, null, 2),
    );
    log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
