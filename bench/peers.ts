// Installs the peer tools from the Go module proxy into .schemastack/bench-tools/ (git-ignored).
// The proxy here serves only some modules and exact versions (no version list for these two), so
// each peer has a list of exact tags found by searching their release records; the first one the
// proxy serves is built. `go install mod@version` needs the module's version list (to check
// deprecation), which the proxy refuses, so each peer is built from a small wrapper module instead.
import * as fs from "fs";
import * as path from "path";
import { stateRoot } from "../localenv/paths";
import { runCommand } from "./lib/proc";

export interface PeerSpec {
  id: "pg-schema-diff" | "pgschema";
  /** Module paths to try in order (pgschema moved from its own organisation to pgplex). */
  modules: string[];
  /** The command's package inside the module ("" = the module's root). */
  cmd: string;
  /** Exact tags to try, newest first (found in release records; the proxy lists none). */
  tags: string[];
}

export const peerSpecs: PeerSpec[] = [
  {
    id: "pg-schema-diff",
    modules: ["github.com/stripe/pg-schema-diff"],
    cmd: "cmd/pg-schema-diff",
    tags: ["v1.0.5", "v0.9.0"],
  },
  {
    id: "pgschema",
    modules: ["github.com/pgplex/pgschema", "github.com/pgschema/pgschema"],
    cmd: "",
    tags: ["v1.13.0", "v1.12.0", "v1.9.0", "v1.5.1", "v1.4.0", "v1.2.0", "v1.0.0"],
  },
];

export interface PeerInstall {
  id: string;
  module: string;
  ok: boolean;
  version?: string;
  binary?: string;
  /** Every command tried, with its exact error when it failed. */
  attempts: { command: string; error?: string }[];
  buildMs?: number;
}

export function toolsDir(): string {
  return path.join(stateRoot(), "bench-tools");
}

const goEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GOSUMDB: "off", GOFLAGS: "-mod=mod" });
const lastLines = (s: string, n = 3) => s.trim().split("\n").slice(-n).join("\n");

export async function installPeer(spec: PeerSpec, log: (s: string) => void): Promise<PeerInstall> {
  const bin = path.join(toolsDir(), "bin", spec.id);
  const stamp = path.join(toolsDir(), `${spec.id}.version`);
  const result: PeerInstall = { id: spec.id, module: spec.modules[0], ok: false, attempts: [] };
  if (fs.existsSync(bin) && fs.existsSync(stamp)) {
    return { ...result, ok: true, binary: bin, version: fs.readFileSync(stamp, "utf8").trim() };
  }
  for (const module of spec.modules) {
    const built = await buildFrom(module, spec, bin, stamp, result, log);
    if (built) return built;
  }
  return result;
}

async function buildFrom(
  module: string,
  spec: PeerSpec,
  bin: string,
  stamp: string,
  result: PeerInstall,
  log: (s: string) => void,
): Promise<PeerInstall | undefined> {
  const pkg = spec.cmd ? `${module}/${spec.cmd}` : module;
  const list = await runCommand("go", ["list", "-m", "-versions", module], {
    env: goEnv(),
    cwd: "/tmp",
  });
  const listed = list.code === 0 ? list.stdout.trim().split(/\s+/).slice(1) : [];
  result.attempts.push({
    command: `go list -m -versions ${module}`,
    error: list.code === 0 ? undefined : lastLines(list.stderr),
  });
  const candidates = listed.length ? [listed[listed.length - 1]] : spec.tags;
  for (const tag of candidates) {
    const probe = await runCommand("go", ["list", "-m", `${module}@${tag}`], {
      env: goEnv(),
      cwd: "/tmp",
    });
    result.attempts.push({
      command: `go list -m ${module}@${tag}`,
      error: probe.code === 0 ? undefined : lastLines(probe.stderr),
    });
    if (probe.code !== 0) continue;
    log(`building ${pkg}@${tag} (wrapper module)`);
    const src = path.join(toolsDir(), "src", spec.id);
    fs.rmSync(src, { recursive: true, force: true });
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(
      path.join(src, "go.mod"),
      `module schemastack.local/bench-tools/${spec.id}\n\ngo 1.24\n`,
    );
    fs.writeFileSync(path.join(src, "tools.go"), `//go:build tools\n\npackage tools\n\nimport _ "${pkg}"\n`);
    const t0 = Date.now();
    const steps: string[][] = [
      ["mod", "edit", `-require=${module}@${tag}`],
      ["mod", "tidy"],
      ["build", "-o", bin, pkg],
    ];
    let failed: string | undefined;
    for (const args of steps) {
      const r = await runCommand("go", args, { env: goEnv(), cwd: src });
      result.attempts.push({
        command: `go ${args.join(" ")}`,
        error: r.code === 0 ? undefined : lastLines(r.stderr),
      });
      if (r.code !== 0) {
        failed = r.stderr;
        break;
      }
    }
    if (failed) continue;
    fs.writeFileSync(stamp, tag);
    return { ...result, module, ok: true, version: tag, binary: bin, buildMs: Date.now() - t0 };
  }
  return undefined;
}
