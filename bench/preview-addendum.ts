// The preview workload (2) at 50 and 200 tables on its own, as run for the addendum in RESULTS.md:
//   npx ts-node -T bench/preview-addendum.ts
import { startBenchCluster } from "./lib/cluster";
import { runPreviewWorkload } from "./workloads/preview";
import * as fs from "fs";
import * as path from "path";
(async () => {
  const t0 = Date.now();
  const cluster = await startBenchCluster("preview200");
  try {
    const r = await runPreviewWorkload(cluster, [50, 200], 3, 20 * 60_000, (s) =>
      process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0)}s] ${s}\n`),
    );
    fs.mkdirSync("bench/raw", { recursive: true });
    fs.writeFileSync(path.join("bench", "raw", "preview-addendum.json"), JSON.stringify(r, null, 2));
    console.log(JSON.stringify(r, null, 2));
  } finally {
    await cluster.stop();
  }
})();
