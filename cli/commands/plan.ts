import { introspect } from "../../core/introspect/introspect";
import { formatPlan } from "../../core/plan/format-plan";
import { buildPlan } from "../../core/plan/plan-changes";
import { isDestructive } from "../../core/plan/step";
import type { Command } from "../command";
import { redactUrl } from "../../core/pg/connection-url";
import { withConnection } from "../connect";
import { desiredFromArgs, desiredOptions } from "./desired-options";

export const planCommand: Command = {
  name: "plan",
  summary: "show the ordered steps from the live database to the desired schema",
  usage: "schemastack plan --database-url URL --desired FILE [--json] [--allow-data-loss]",
  details:
    'Exit codes: 0 = plan printed (or "no changes"), 3 = the plan has destructive steps that apply\n' +
    "would refuse without --allow-data-loss, 1 = error.",
  options: [
    ...desiredOptions,
    { name: "json", description: "print the plan as JSON (steps with sql, lock, hazards)" },
    { name: "allow-data-loss", description: "do not flag destructive steps as refused" },
  ],
  async run(args, io) {
    const { url, desired } = await desiredFromArgs(args);
    io.err(`target: ${redactUrl(url)}\n`);
    const live = await withConnection(url, (c) => introspect(c, { schemas: desired.schemas }));
    const plan = buildPlan(live, desired);
    const refused = args.flags.has("allow-data-loss") ? [] : plan.steps.filter(isDestructive);
    if (args.flags.has("json")) {
      io.out(
        JSON.stringify({ steps: plan.steps, refused: refused.map((s) => s.description) }, null, 2) + "\n",
      );
    } else {
      io.out(formatPlan(plan) + "\n");
      if (refused.length) {
        io.out(`\n${refused.length} destructive step(s) would be refused: apply needs --allow-data-loss\n`);
      }
    }
    return refused.length ? 3 : 0;
  },
};
