// Entry point loaded by dynamic-providers/shell.ts inside the provider process.
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../shell";
import { backupProvider } from "./backup-provider";
import { branchProvider } from "./branch-provider";
import { catalogObjectProvider } from "./catalog-object-provider";
import { migrationProvider } from "./migration-provider";
import { legacyObjectProvider } from "./object-provider";
import { promotionGateProvider } from "./promotion-gate-provider";
import { rehearsalProvider } from "./rehearsal-provider";
import { schemaVersionProvider } from "./schema-version-provider";

export const providers: Partial<Record<ProviderKind, pulumi.dynamic.ResourceProvider>> = {
  catalogObject: catalogObjectProvider,
  migration: migrationProvider,
  schemaObject: legacyObjectProvider,
  schemaVersion: schemaVersionProvider,
  backup: backupProvider,
  rehearsal: rehearsalProvider,
  promotionGate: promotionGateProvider,
  branch: branchProvider,
};
