import { introspect } from "../../core/introspect/introspect";
import type { LiveSchema } from "../../core/introspect/introspect";
import type { Plan } from "../../core/plan/step";
import type { Command } from "../command";
import type { Client } from "pg";
import { redactUrl, registerSecretsOf } from "../../core/pg/connection-url";
import { connectClient } from "../../core/pg/with-client";
import { serverVersionOf } from "../../core/render/render-cache";
import { required } from "../args";
import { desiredFromArgs, desiredOptions } from "./desired-options";

export const planCommand: Command = {
  name: "plan",
  summary: "show the ordered steps from the live database to the desired schema",
  usage:
    "schemastack plan --database-url URL --desired FILE [--scope FILE] [--ignore KIND:PATTERN]... [--json] [--allow-data-loss]",
  details:
    'Exit codes: 0 = plan printed (or "no changes"), 3 = the plan has destructive steps that apply\n' +
    "would refuse without --allow-data-loss, 4 = unmanaged live objects (a hand-made view, a trigger...)\n" +
    "depend on what the plan drops or changes, so apply refuses it, 1 = error.",
  options: [
    ...desiredOptions,
    { name: "json", description: "print the plan as JSON (steps with sql, lock, hazards)" },
    { name: "allow-data-loss", description: "do not flag destructive steps as refused" },
  ],
  async run(args, io) {
    // One connection to the target, opened when first needed (a declaration that does not validate
    // is reported before connecting): the render cache's key reads the server version over it, and
    // then the live schema is read over it. A render says which schemas it holds before it is over
    // (before its read-back): the target is read meanwhile, not after (bench/RESULTS.md section 9).
    let target: Promise<Client> | undefined;
    const connection = (url: string) => {
      if (!target) {
        registerSecretsOf(url);
        target = connectClient(url, { pipeline: true });
      }
      return target;
    };
    const close = async () => (await target?.catch(() => undefined))?.end().catch(() => undefined);
    let liveRead: { schemas: string[]; live: Promise<LiveSchema> } | undefined;
    const readLive = (url: string, schemas: string[]): Promise<LiveSchema> => {
      if (liveRead && sameList(liveRead.schemas, schemas)) return liveRead.live;
      // One read at a time on the connection: a read of other schemas (the render's did not match
      // the final ones) ends before the next begins, and its result is not used.
      const earlier = liveRead?.live.catch(() => undefined);
      const live = (async () => {
        await earlier;
        return introspect(await connection(url), { schemas });
      })();
      // Awaited below, unless the render fails first: then the render's error is the one reported.
      live.catch(() => undefined);
      liveRead = { schemas, live };
      return live;
    };
    let plan: Plan;
    let planner: ReturnType<typeof loadPlanner>;
    try {
      const loaded = desiredFromArgs(
        args,
        async () => serverVersionOf(await connection(required(args, "database-url"))),
        (schemas) => void readLive(required(args, "database-url"), schemas),
      );
      // The planner and the printer load while the server connects and runs the render, not before.
      planner = loadPlanner();
      const { url, desired, scope } = await loaded;
      const { buildPlan, leftAloneBy, notManagedLines } = await planner;
      io.err(`target: ${redactUrl(url)}\n`);
      const live = await readLive(url, scope?.schemas ?? desired.schemas);
      plan = buildPlan(live, desired, { scope });
      for (const line of notManagedLines(leftAloneBy(desired, live.unmanaged))) io.err(line);
    } finally {
      await close();
    }
    const { describeUnmanagedDependent, formatPlan, isDestructive } = await planner;
    const refused = args.flags.has("allow-data-loss") ? [] : plan.steps.filter(isDestructive);
    const blocked = plan.unmanagedDependents ?? [];
    if (args.flags.has("json")) {
      const unmanagedDependents = blocked.map((u) => ({ ...u, step: u.step.description }));
      io.out(
        JSON.stringify(
          { steps: plan.steps, refused: refused.map((s) => s.description), unmanagedDependents },
          null,
          2,
        ) + "\n",
      );
    } else {
      io.out(formatPlan(plan) + "\n");
      if (blocked.length) {
        io.out(`\napply refuses this plan: unmanaged live objects depend on what it changes:\n`);
        for (const u of blocked) io.out(`  - ${describeUnmanagedDependent(u)}\n`);
      }
      if (refused.length) {
        io.out(`\n${refused.length} destructive step(s) would be refused: apply needs --allow-data-loss\n`);
      }
    }
    return blocked.length ? 4 : refused.length ? 3 : 0;
  },
};

async function loadPlanner() {
  const [{ buildPlan }, { formatPlan }, { describeUnmanagedDependent, isDestructive }, notManaged] =
    await Promise.all([
      import("../../core/plan/plan-changes"),
      import("../../core/plan/format-plan"),
      import("../../core/plan/step"),
      import("./not-managed"),
    ]);
  return { buildPlan, formatPlan, describeUnmanagedDependent, isDestructive, ...notManaged };
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
