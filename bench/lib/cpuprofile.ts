// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time per function, for the profiling notes.
import * as fs from "fs";
import { fileURLToPath } from "url";
import { repoRoot } from "../../localenv/paths";

/** A frame's script, relative to the repository when it is inside it (no machine paths in reports). */
function scriptOf(url: string): string {
  const file = url.startsWith("file://") ? fileURLToPath(url) : url;
  return file.startsWith(`${repoRoot}/`) ? file.slice(repoRoot.length + 1) : file;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  fn: string;
  selfMs: number;
  share: number;
}

export function hotSpots(file: string, top = 8): HotSpot[] {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    if (!n) return;
    const url = scriptOf(n.callFrame.url);
    const key =
      `${n.callFrame.functionName || "(anonymous)"} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ""}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, selfMs]) => ({ fn, selfMs, share: total ? selfMs / total : 0 }));
}

/** Self time grouped by file (which module the time goes to). */
export function hotFiles(file: string, top = 8): HotSpot[] {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    if (!n) return;
    const url = scriptOf(n.callFrame.url) || n.callFrame.functionName;
    self.set(url, (self.get(url) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, selfMs]) => ({ fn, selfMs, share: total ? selfMs / total : 0 }));
}

export interface ProcessProfile {
  /** What the process was, from the scripts in its profile (Pulumi program, dynamic provider, ...). */
  process: string;
  sampledMs: number;
  files: HotSpot[];
}

/** Every .cpuprofile in `dir` (one per Node process that ran with --cpu-prof), summarised by file. */
export function profilesIn(dir: string, top = 8): ProcessProfile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => {
      const full = `${dir}/${f}`;
      const profile = JSON.parse(fs.readFileSync(full, "utf8")) as Profile;
      const urls = profile.nodes.map((n) => n.callFrame.url);
      const process = urls.some((u) => u.includes("cmd/dynamic-provider"))
        ? "dynamic provider"
        : urls.some((u) => u.includes("cmd/run"))
          ? "Pulumi program"
          : "other node process";
      const sampledMs = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
      return { process, sampledMs, files: hotFiles(full, top) };
    });
}
