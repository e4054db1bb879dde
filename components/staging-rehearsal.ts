// StagingRehearsal: a fresh branch of the parent (prod) database gets the declared changes first,
// with the same planner and executor; the update fails before touching this stack's database if
// the rehearsal fails. Its fingerprint output is what a promotion gate downstream checks.
import * as pulumi from "@pulumi/pulumi";
import type { BranchDriverConfig } from "../core/branch/driver-config";
import type { RehearsalReport } from "../core/branch/rehearsal-report";
import type { ManagedScope } from "../core/model/scope";
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
  /** What the rehearsal measured, for a stack output a promotion gate downstream prints (issue 21). */
  readonly report: pulumi.Output<RehearsalReport>;

  constructor(
    name: string,
    args: RehearsalArgs & {
      fingerprint: pulumi.Input<string>;
      /** The declared schema, encoded as the migration resource gets it. */
      schema: pulumi.Input<string>;
      ignoreChanges: Record<string, string[]>;
      managedScope: ManagedScope | null;
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
        schema: args.schema,
        ignoreChanges: args.ignoreChanges,
        managedScope: args.managedScope,
        allowDataLoss: args.allowDataLoss,
        smokeSql: args.smokeSql ?? [],
        keepBranch: args.keepBranch ?? false,
      },
      { parent: this, hideDiffs: ["schema"] },
    );
    const r = this.rehearsal;
    this.report = pulumi
      .all([r.fingerprint, r.rehearsedAt, r.durationMs, r.copy, r.steps])
      .apply(([fingerprint, rehearsedAt, durationMs, copy, steps]) => ({
        fingerprint,
        rehearsedAt,
        durationMs,
        copy,
        steps: steps ?? [],
      }));
    // steps: every rehearsed statement with its duration and lock wait (what the update will run).
    this.registerOutputs({ fingerprint: this.rehearsal.fingerprint, steps: this.rehearsal.steps });
  }
}
