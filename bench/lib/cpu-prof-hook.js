// Loaded with NODE_OPTIONS=--require (Node refuses --cpu-prof in NODE_OPTIONS): profiles this Node
// process from start to exit with the inspector's CPU profiler and writes a .cpuprofile into
// $SCHEMASTACK_CPU_PROF_DIR, so every Node process the Pulumi CLI starts can be profiled.
"use strict";
const inspector = require("inspector");
const fs = require("fs");
const path = require("path");

const dir = process.env.SCHEMASTACK_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // The in-process session answers synchronously, so this also works inside an exit handler.
    session.post("Profiler.stop", (err, result) => {
      if (err || !result) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      write();
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    });
  }
}
