// Entry point loaded inside the provider process by provider-runtime.js (which the provider text of
// dynamic-providers/shell.ts loads). Each kind's module is loaded on first use: a preview of tables
// alone never pays for the backup's S3 client or the branch drivers (module loading is a fixed cost
// of every engine operation).
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../shell";
import { installProviderStopHandlers } from "../stop-signals";

type Provider = pulumi.dynamic.ResourceProvider;

// This module is loaded once per provider process: what it makes is removed if the update stops.
installProviderStopHandlers();

const loaders: Record<ProviderKind, () => Provider> = {
  catalogObject: () => require("./catalog-object-provider").catalogObjectProvider as Provider,
  migration: () => require("./migration-provider").migrationProvider as Provider,
  schemaObject: () => require("./object-provider").legacyObjectProvider as Provider,
  schemaVersion: () => require("./schema-version-provider").schemaVersionProvider as Provider,
  backup: () => require("./backup-provider").backupProvider as Provider,
  rehearsal: () => require("./rehearsal-provider").rehearsalProvider as Provider,
  promotionGate: () => require("./promotion-gate-provider").promotionGateProvider as Provider,
  branch: () => require("./branch-provider").branchProvider as Provider,
  role: () => require("./role-provider").roleProvider as Provider,
};

/**
 * The engine's dynamic provider host keeps only `__provider` as the outputs of an update the
 * provider does not implement; the shells of earlier releases answered `{ outs: news }` instead,
 * which every provider here now does itself.
 */
function withDefaultUpdate(provider: Provider): Provider {
  return provider.update ? provider : { ...provider, update: async (_id, _olds, news) => ({ outs: news }) };
}

export const providers = {} as Partial<Record<ProviderKind, Provider>>;
for (const kind of Object.keys(loaders) as ProviderKind[]) {
  let loaded: Provider | undefined;
  Object.defineProperty(providers, kind, {
    enumerable: true,
    get: () => (loaded ??= withDefaultUpdate(loaders[kind]())),
  });
}
