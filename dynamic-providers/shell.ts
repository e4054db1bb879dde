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
 * working directory up and hands over to its `provider-runtime.js`. Compact on purpose: every byte
 * is stored twice per resource.
 */
export function providerText(kind: ProviderKind): string {
  return [
    'exports.handler=()=>{const p=require("path"),f=require("fs");',
    "for(let d=process.cwd();;){",
    'for(const r of[p.join(d,"node_modules","schemastack"),d]){const j=p.join(r,"package.json");',
    'if(f.existsSync(j)&&JSON.parse(f.readFileSync(j,"utf8")).name==="schemastack")',
    `return require(p.join(r,"provider-runtime.js"))(${JSON.stringify(kind)})}`,
    'if(d===(d=p.dirname(d)))throw new Error("schemastack: the schemastack package is not installed for "+process.cwd())}}',
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
    super(`pulumi-nodejs:dynamic/schemastack:${type}`, name, { ...props, __provider: text }, opts);
  }
}
