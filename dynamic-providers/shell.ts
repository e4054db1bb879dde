// The provider object Pulumi serialises into the state of every dynamic resource. It is kept tiny
// on purpose: each method loads the real implementation (dynamic-providers/runtime/) inside the
// provider process, once per process, from the schemastack package found by walking up from the
// program's folder (the process's working directory). The state therefore holds no code of ours
// beyond these few lines and no machine path. Installed from npm it loads dist/ (compiled JS); in
// the schemastack repository itself it loads the TypeScript source through ts-node.
import type * as pulumi from "@pulumi/pulumi";

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

export function providerShell(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  const load = (): pulumi.dynamic.ResourceProvider => {
    const cache = globalThis as unknown as {
      __schemastackProviders?: Record<string, pulumi.dynamic.ResourceProvider>;
    };
    if (!cache.__schemastackProviders) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const path = require("path") as typeof import("path");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fs = require("fs") as typeof import("fs");
      let dir = process.cwd();
      let root: string | undefined;
      while (!root) {
        const installed = path.join(dir, "node_modules", "schemastack");
        const own = path.join(dir, "package.json");
        if (fs.existsSync(path.join(installed, "package.json"))) root = installed;
        else if (
          fs.existsSync(own) &&
          (JSON.parse(fs.readFileSync(own, "utf8")) as { name?: string }).name === "schemastack"
        )
          root = dir;
        else if (path.dirname(dir) === dir)
          throw new Error(`schemastack: the schemastack package is not installed for ${process.cwd()}`);
        else dir = path.dirname(dir);
      }
      // An installed package ships compiled JS only (dist/): load it as is, no ts-node needed by
      // users, TypeScript and JavaScript programs alike. Working on schemastack itself (the source is
      // there), compile the TypeScript on load like the program does, so tests run the current code.
      const source = path.join(root, "dynamic-providers", "runtime", "providers.ts");
      let entry = path.join(root, "dist", "dynamic-providers", "runtime", "providers.js");
      if (fs.existsSync(source)) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const tsNode = require(require.resolve("ts-node", { paths: [root] })) as typeof import("ts-node");
        tsNode.register({
          transpileOnly: true,
          project: path.join(root, "tsconfig.json"),
          ignore: ["node_modules/(?!schemastack/)"],
        });
        entry = source;
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      cache.__schemastackProviders = require(entry).providers;
    }
    const provider = cache.__schemastackProviders?.[kind];
    if (!provider) throw new Error(`schemastack: no provider implementation for ${kind}`);
    return provider;
  };
  return {
    configure: async (req) => load().configure?.(req),
    check: async (olds, news) => (load().check ? load().check!(olds, news) : { inputs: news }),
    diff: async (id, olds, news) => (load().diff ? load().diff!(id, olds, news) : {}),
    create: async (inputs) => load().create(inputs),
    read: async (id, props) => (load().read ? load().read!(id, props) : { id, props }),
    update: async (id, olds, news) => (load().update ? load().update!(id, olds, news) : { outs: news }),
    delete: async (id, props) => load().delete?.(id, props),
  };
}
