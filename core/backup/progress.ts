/**
 * Progress lines (bytes and rate) for long transfers, drawn on stderr only when it is a terminal,
 * so logs and CI output stay quiet.
 */
export interface ProgressReporter {
  /** Sets the running totals of the named counters (e.g. {"pg_dump": n, "uploaded": m}). */
  update(counters: Readonly<Record<string, number>>): void;
  /** Draws the final line and ends it. */
  done(): void;
}

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** `progress` option of the public calls: false = quiet, an output = draw there, unset = stderr if a TTY. */
export type ProgressOption = false | ProgressOutput | undefined;

const quiet: ProgressReporter = { update: () => undefined, done: () => undefined };

export function createProgress(label: string, option: ProgressOption, intervalMs = 250): ProgressReporter {
  const output = option === undefined ? process.stderr : option;
  if (output === false || (option === undefined && !process.stderr.isTTY)) return quiet;
  const started = Date.now();
  let counters: Record<string, number> = {};
  let lastDraw = 0;
  let drawn = false;
  const draw = (final: boolean): void => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const parts = Object.entries(counters).map(
      ([name, bytes]) => `${name} ${formatBytes(bytes)} (${formatBytes(bytes / seconds)}/s)`,
    );
    output.write(`\r${label}: ${parts.join(", ")} ${seconds.toFixed(1)}s\x1b[K${final ? "\n" : ""}`);
    drawn = true;
  };
  return {
    update(next) {
      counters = { ...counters, ...next };
      const now = Date.now();
      if (now - lastDraw >= intervalMs) {
        lastDraw = now;
        draw(false);
      }
    },
    done() {
      if (drawn || Object.keys(counters).length > 0) draw(true);
    },
  };
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
