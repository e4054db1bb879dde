// StagingRehearsal: a fresh branch of the parent (prod) database gets the declared changes first,
// with the same planner and executor; the update fails before touching this stack's database if
// the rehearsal fails. Its fingerprint output is what a promotion gate downstream checks.
import * as pulumi from "@pulumi/pulumi";
import type { BranchDriverConfig } from "../core/branch";
import type { SchemaModel } from "../core/model/model";
import { Rehearsal } from "../dynamic-providers/resources";

export interface RehearsalArgs {
  /** postgres:// URL of the parent (prod) database to branch; stored as a secret. */
  parentConnection: pulumi.Input<string>;
  /** Default: the local driver, method auto (stack config schemastack:rehearsalMethod, core/branch/choose.ts). */
  driver?: BranchDriverConfig;
  /** Statements run on the branch after the changes; any error fails the rehearsal. */
  smokeSql?: string[];
  /** Keep the branch for inspection instead of deleting it. */
  keepBranch?: boolean;
}

export class StagingRehearsal extends pulumi.ComponentResource {
  readonly rehearsal: Rehearsal;

  constructor(
    name: string,
    args: RehearsalArgs & {
      fingerprint: pulumi.Input<string>;
      desired: pulumi.Input<SchemaModel>;
      allowDataLoss: boolean;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("schemastack:index:StagingRehearsal", name, {}, opts);
    this.rehearsal = new Rehearsal(
      `${name}-run`,
      {
        parentConnection: pulumi.secret(args.parentConnection),
        // A Neon driver config carries the API key.
        driver: pulumi.secret(args.driver ?? {}),
        fingerprint: args.fingerprint,
        desired: args.desired,
        allowDataLoss: args.allowDataLoss,
        smokeSql: args.smokeSql ?? [],
        keepBranch: args.keepBranch ?? false,
      },
      { parent: this },
    );
    this.registerOutputs({ fingerprint: this.rehearsal.fingerprint });
  }
}
