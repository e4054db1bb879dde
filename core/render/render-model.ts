// Declared expressions (defaults, checks, index predicates) compare as text, exactly as Postgres
// prints them. A declaration is therefore rendered first: applied to a scratch database on the
// target's server and read back, so `price > 0` becomes `(price > 0)` before any comparison.
import { StepFailedError } from "../apply/errors";
import { introspect } from "../introspect/introspect";
import type { ConstraintModel, SchemaModel } from "../model/model";
import { buildPlan } from "../plan/plan-changes";
import { timeBudget } from "../pg/time-budget";
import { forRendering, withDeclaredAccess } from "../model/access";
import { canonicalJson } from "../model/canonical";
import { withoutMigrations } from "../model/migration";
import { checkBackfills, withDataMoves } from "./data-moves";
import { cachedRender } from "./render-cache";
import { OwnScratchDatabaseNeeded, ScratchOptions, withScratchDatabase } from "./scratch-database";

export interface RenderOptions extends ScratchOptions {
  /** Keep and reuse rendered models in this folder (core/render/render-cache.ts); default: no cache. */
  cacheDir?: string;
  /** The server's version over a connection the caller holds (render-cache.ts's cachedRender). */
  serverVersion?: () => Promise<string>;
}

/** Copies rename hints and the version, which the catalog cannot know, from the declaration. */
function withHints(rendered: SchemaModel, declared: SchemaModel): SchemaModel {
  const out: SchemaModel = { ...rendered, version: declared.version, schemas: [...declared.schemas] };
  // A declaration that manages views (even none) keeps saying so after rendering.
  if (declared.views && !out.views) out.views = [];
  for (const e of out.enums) {
    const d = declared.enums.find((x) => x.schema === e.schema && x.name === e.name);
    if (d) Object.assign(e, { renamedFrom: d.renamedFrom, renamedValues: { ...d.renamedValues } });
  }
  for (const t of out.tables) {
    const d = declared.tables.find((x) => x.schema === t.schema && x.name === t.name);
    if (!d) continue;
    t.renamedFrom = d.renamedFrom;
    for (const c of t.columns) c.renamedFrom = d.columns.find((x) => x.name === c.name)?.renamedFrom ?? null;
  }
  for (const q of out.sequences ?? []) {
    const d = declared.sequences?.find((x) => x.schema === q.schema && x.name === q.name);
    if (d?.renamedFrom !== undefined) q.renamedFrom = d.renamedFrom;
  }
  return withDataMoves(out, declared);
}

/**
 * Foreign keys into tables outside the model (outside the managed scope) cannot be created in an
 * empty scratch database; they hold no expression to render, so they are set aside and put back.
 */
function withoutExternalForeignKeys(declared: SchemaModel): SchemaModel {
  const declaredTables = new Set(declared.tables.map((t) => `${t.schema}.${t.name}`));
  const external = (c: ConstraintModel) =>
    c.kind === "foreignKey" && !declaredTables.has(`${c.references.schema}.${c.references.table}`);
  return {
    ...declared,
    tables: declared.tables.map((t) => ({ ...t, constraints: t.constraints.filter((c) => !external(c)) })),
  };
}

function withExternalForeignKeys(rendered: SchemaModel, declared: SchemaModel): SchemaModel {
  const declaredTables = new Set(declared.tables.map((t) => `${t.schema}.${t.name}`));
  for (const t of rendered.tables) {
    const d = declared.tables.find((x) => x.schema === t.schema && x.name === t.name);
    for (const c of d?.constraints ?? []) {
      if (c.kind === "foreignKey" && !declaredTables.has(`${c.references.schema}.${c.references.table}`))
        t.constraints.push(c);
    }
  }
  return rendered;
}

/** The model Postgres reports for `declared`, rendered in a scratch database on `serverUrl`'s server. */
export async function renderModel(
  serverUrl: string,
  declared: SchemaModel,
  options: RenderOptions = {},
): Promise<SchemaModel> {
  const statementTimeoutMs = options.statementTimeoutMs ?? timeBudget().renderTimeoutMs;
  const input = `declaration\n${canonicalJson(declared)}`;
  return cachedRender(
    options.cacheDir,
    serverUrl,
    input,
    () => renderInScratch(serverUrl, declared, { ...options, statementTimeoutMs }),
    options.serverVersion,
    options.onNotice,
  );
}

async function renderInScratch(
  serverUrl: string,
  declared: SchemaModel,
  options: ScratchOptions,
): Promise<SchemaModel> {
  return withScratchDatabase(
    serverUrl,
    async (client, { shared }) => {
      // The scratch database holds none of the declared objects: the plan creates them all, step by
      // step in the order the executor would use. No lock, retries or lock_timeout: nobody else
      // touches them (in the shared database a run declaring the same names waits for our rollback).
      const schemas = declared.schemas;
      const empty = await introspect(client, { schemas, inTransaction: shared });
      const plan = buildPlan(empty, withoutMigrations(withoutExternalForeignKeys(forRendering(declared))), {
        offline: true,
        allowDataLoss: true,
      });
      const outside = plan.steps.find((s) => !s.transactional);
      if (shared && outside) throw new OwnScratchDatabaseNeeded(`step "${outside.description}"`);
      for (const step of plan.steps) {
        // A backfill moves rows, and the scratch tables have none: checkBackfills tries its expression.
        if (step.backfill) continue;
        await client.query(step.sql).catch((error: Error) => {
          throw new StepFailedError(step, error);
        });
      }
      await checkBackfills(client, declared, shared);
      const live = await introspect(client, { schemas, inTransaction: shared });
      const rendered = withDeclaredAccess(withHints(live.model, declared), declared, live.access);
      return withExternalForeignKeys(rendered, declared);
    },
    options,
  );
}
