#!/usr/bin/env node
// The `schemastack` executable (package.json `bin` points at its compiled form, dist/cli/run.js):
// runs cli/main and sets the exit code. Library code never exits the process; this file may.
import { main } from "./main";

// Node 21+ has a global `navigator`; Node 20 does not, and then the pg driver, when loaded, tells
// a Cloudflare Worker from Node by building a fetch `Response`, which loads Node's bundled HTTP
// client (undici): 15-20 ms of every command that connects, more on a loaded machine
// (bench/RESULTS.md section 9). Node 21's `navigator.userAgent` ("Node.js/<major>") answers that
// check at once. Only this executable does it: library code leaves the globals as they are.
if (!("navigator" in globalThis)) {
  Object.defineProperty(globalThis, "navigator", {
    value: { userAgent: `Node.js/${process.versions.node.split(".")[0]}` },
    configurable: true,
    writable: true,
  });
}

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
