// The provider Pulumi keeps in the state of every dynamic resource (`__provider`, once in its inputs
// and once in its outputs). It is a few hundred bytes of hand-written JavaScript, not a closure
// serialised by Pulumi (that was ~4.4 KB per copy, two thirds of a table's state): it loads the real
// implementation (dynamic-providers/runtime/) inside the provider process, once per process, from the
// schemastack package found by walking up from the program's folder (the process's working
// directory), and hands the engine that kind's provider object. The state therefore holds no code
// of ours beyond these lines and no machine path. The package's provider-runtime.js does the
// loading: dist/ (compiled JS) when installed from npm, the TypeScript source through ts-node in
// the schemastack repository itself.
//
// States written by earlier releases carry a closure-serialised shell; it loads the same runtime
// the same way (and shares provider-runtime.js's process-wide cache), so both kinds of state work.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

export type ProviderKind =
  | "catalogObject"
  | "migration"
  | "schemaObject"
  | "schemaVersion"
  | "backup"
  | "rehearsal"
  | "promotionGate"
  | "branch"
  | "role";

/**
 * The module text for `kind`: its `handler()` returns the provider object (the engine's dynamic
 * provider host evaluates the text with `require-from-string` and calls the methods it finds). It
 * finds the package (`node_modules/schemastack`, or the schemastack repository itself) from the
 * working directory up (the first folder holding a `provider-runtime.js`) and hands over to it.
 * Compact on purpose: every byte is stored twice per resource.
 */
export function providerText(kind: ProviderKind): string {
  // The host calls handler() with no arguments: d (the folder tried) and e (the candidate file)
  // are parameters only to save the bytes of declaring them.
  return [
    "exports.handler=(d=process.cwd(),e)=>{for(;;){",
    'for(e of[d+"/node_modules/schemastack",d])',
    `if(require("fs").existsSync(e+="/provider-runtime.js"))return require(e)(${JSON.stringify(kind)});`,
    'if(d==(d=require("path").dirname(d)))throw Error("schemastack is not installed for "+process.cwd())}}',
  ].join("");
}

const texts = new Map<ProviderKind, string>();

/**
 * A dynamic resource of type `pulumi-nodejs:dynamic/schemastack:<type>` (the token
 * `pulumi.dynamic.Resource` gives, so existing stacks keep their URNs) whose provider is
 * `providerText(kind)`.
 */
export abstract class ShellResource extends pulumi.CustomResource {
  protected constructor(
    kind: ProviderKind,
    type: string,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    let text = texts.get(kind);
    if (!text) texts.set(kind, (text = providerText(kind)));
    // The SDK reads the registration's call stack from `new Error().stack` in this constructor.
    const format = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, frames) => {
      const kept = registrationFrames(frames);
      return format
        ? format(error, kept)
        : [String(error), ...kept.map((f) => `    at ${String(f)}`)].join("\n");
    };
    // The SDK also takes a stack for every promise it makes while registering (four per input
    // property), kept only to be printed should the promise still be pending at exit (its context
    // line names the resource and property). Captured and formatted through the program's
    // source-map hook, they were over half the CPU a 1000-table Database spent constructing its
    // resources, before any registration went out (bench/RESULTS.md section 11): no frames for
    // those. The SDK's own read of the registration's call stack (`Resource.callsites`) raises the
    // limit itself, so the state's source position and stack trace are unchanged.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`pulumi-nodejs:dynamic/schemastack:${type}`, name, { ...props, __provider: text }, opts);
    } finally {
      Error.prepareStackTrace = format;
      Error.stackTraceLimit = limit;
    }
  }
}

const packageRoot = path.resolve(__dirname, "..");
const ownFolders = ["components", "dynamic-providers", "core"].map(
  (d) => path.join(packageRoot, d) + path.sep,
);
const sdkFolder = `${path.sep}@pulumi${path.sep}pulumi${path.sep}`;

/**
 * The call stack the engine records with a resource (`stackTrace` in the state, every frame's file
 * and position): the program's line that declared it, not the whole stack. A Database registers
 * every table from `db.version()`, so the whole stack was the same ~15 frames for each (our
 * component and resource classes, ts-node's loader, the SDK's runner), ~0.75 KB of every table's
 * state. Kept: the SDK's own frames and this constructor's (the SDK skips them by count), then the
 * first frame outside schemastack's code, the program's call.
 */
export function registrationFrames(frames: NodeJS.CallSite[]): NodeJS.CallSite[] {
  const file = (f: NodeJS.CallSite) => f.getFileName() ?? "";
  const ours = (f: NodeJS.CallSite) => ownFolders.some((d) => file(f).startsWith(d));
  let lead = 0;
  while (
    lead < frames.length &&
    (file(frames[lead]).includes(sdkFolder) || file(frames[lead]) === __filename)
  )
    lead++;
  const caller = frames.slice(lead).find((f) => file(f) !== "" && !file(f).startsWith("node:") && !ours(f));
  return [...frames.slice(0, lead), ...(caller ? [caller] : [])];
}
