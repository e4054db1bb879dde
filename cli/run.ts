#!/usr/bin/env node
// The `schemastack` executable (package.json `bin` points at its compiled form, dist/cli/run.js):
// runs cli/main and sets the exit code. Library code never exits the process; this file may.
import "./boot"; // first: it sets up how everything after it loads
import { main } from "./main";

// A reader that goes away (`schemastack history | head`) is not an error of ours: stop quietly, as
// Unix tools do, instead of dying with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `schemastack: ${error instanceof Error && error.stack ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
