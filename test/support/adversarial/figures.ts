// The adversarial suite's figures. Each adversarial test file counts what it tried and what held,
// records its counts in a run-scoped folder (mocha runs files in parallel worker processes), and
// prints them when it ends; the file that ends last prints the totals of the whole suite.
import * as fs from "fs";
import * as path from "path";
import { stateRoot } from "../../../localenv/paths";

export interface Figures {
  /** Bad inputs tried / rejected with a specific error and an unchanged database. */
  badInputsTried: number;
  badInputsRejectedCleanly: number;
  /** Valid-but-hostile inputs (weird identifiers, injection-looking literals) created exactly as named. */
  hostileInputsCreatedExactly: number;
  faultsInjected: number;
  faultsSurvived: number;
  /** Places searched for secrets (state files, captured outputs, logs) and secrets found there. */
  secretSearches: number;
  secretLeaks: number;
}

const zero: Figures = {
  badInputsTried: 0,
  badInputsRejectedCleanly: 0,
  hostileInputsCreatedExactly: 0,
  faultsInjected: 0,
  faultsSurvived: 0,
  secretSearches: 0,
  secretLeaks: 0,
};

/** The adversarial test files (every file reports, so the last one knows it is last). */
export const adversarialFiles = [
  "bad-input-core",
  "bad-input-cli",
  "faults-core",
  "faults-backup",
  "secrets-privilege",
  "adversarial-pulumi",
  "bounded-time",
  "kills-cli",
  "kills-branch",
  "kills-pulumi",
];

function runDir(): string {
  // Parallel workers share their parent (the mocha process); a serial run is its own parent's child.
  const run = process.env.SCHEMASTACK_SUMMARY_FILE
    ? path.basename(process.env.SCHEMASTACK_SUMMARY_FILE)
    : String(process.ppid);
  return path.join(stateRoot(), "tmp", "adversarial-figures", run);
}

export class FigureCounter {
  readonly figures: Figures = { ...zero };
  constructor(private readonly file: string) {}

  add(key: keyof Figures, n = 1): void {
    this.figures[key] += n;
  }

  /** Writes this file's figures and prints them, and the suite's totals once every file reported. */
  report(): void {
    const dir = runDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${this.file}.json`), JSON.stringify(this.figures));
    process.stdout.write(`\n  [adversarial] ${this.file}: ${formatFigures(this.figures)}\n`);
    const reported = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
    if (adversarialFiles.every((f) => reported.includes(`${f}.json`))) {
      const total = { ...zero };
      for (const f of reported) {
        const figures = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Figures;
        for (const key of Object.keys(total) as Array<keyof Figures>) total[key] += figures[key] ?? 0;
      }
      process.stdout.write(`\n  [adversarial] TOTAL (${reported.length} files): ${formatFigures(total)}\n`);
    }
  }
}

export function formatFigures(f: Figures): string {
  return (
    `bad inputs tried ${f.badInputsTried}, rejected cleanly ${f.badInputsRejectedCleanly}; ` +
    `hostile-but-valid created exactly ${f.hostileInputsCreatedExactly}; ` +
    `faults injected ${f.faultsInjected}, survived ${f.faultsSurvived}; ` +
    `secret searches ${f.secretSearches}, leaks found ${f.secretLeaks}`
  );
}
