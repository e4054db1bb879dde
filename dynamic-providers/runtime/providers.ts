// Entry point loaded by dynamic-providers/shell.ts inside the provider process.
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../shell";
import { backupProvider } from "./backup-provider";
import { branchProvider } from "./branch-provider";
import { promotionGateProvider } from "./promotion-gate-provider";
import { rehearsalProvider } from "./rehearsal-provider";
import { schemaObjectProvider } from "./object-provider";
import { schemaVersionProvider } from "./schema-version-provider";

export const providers: Partial<Record<ProviderKind, pulumi.dynamic.ResourceProvider>> = {
  schemaObject: schemaObjectProvider,
  schemaVersion: schemaVersionProvider,
  backup: backupProvider,
  rehearsal: rehearsalProvider,
  promotionGate: promotionGateProvider,
  branch: branchProvider,
};
