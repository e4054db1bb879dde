// Entry point loaded by dynamic-providers/shell.ts inside the provider process.
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../shell";
import { backupProvider } from "./backup-provider";
import { schemaObjectProvider } from "./object-provider";
import { schemaVersionProvider } from "./schema-version-provider";

export const providers: Partial<Record<ProviderKind, pulumi.dynamic.ResourceProvider>> = {
  schemaObject: schemaObjectProvider,
  schemaVersion: schemaVersionProvider,
  backup: backupProvider,
};
