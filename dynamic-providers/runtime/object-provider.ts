// The provider behind Table, Column, Index, Constraint and EnumType resources. Each resource owns
// one schema object; every operation is "make this object match its declaration" through the
// core planner and executor, compared against the live catalog rather than the last state.
import type * as pulumi from "@pulumi/pulumi";
import { canonicalJson } from "../../core/model/canonical";
import type { SchemaModel } from "../../core/model/model";
import {
  DeclaredChildren,
  describeObject,
  findObject,
  ObjectFragment,
  objectKey,
  ObjectRef,
  undeclaredChildren,
} from "../../core/model/objects";
import { warn } from "./engine-log";
import { forgetSnapshot, liveSnapshot } from "./live-catalog";
import { changeObject } from "./schema-engine";
import { configureSettings, settings } from "./settings";

/** Inputs and outputs of every schema-object resource (outputs echo inputs, object = live on read). */
export interface SchemaObjectProps {
  connection: string;
  ref: ObjectRef;
  object: ObjectFragment;
  /** The object's previous name, for a rename on first create (adopting a renamed object). */
  renamedFrom: string | null;
  allowDataLoss: boolean;
  /** For tables: what the declaration accounts for, so undeclared live columns/indexes are drift. */
  children: DeclaredChildren | null;
}

export const schemaObjectProvider: pulumi.dynamic.ResourceProvider<SchemaObjectProps, SchemaObjectProps> = {
  async configure(req) {
    configureSettings(req.config);
  },

  async diff(_id, olds, news) {
    const moved = objectKey(olds.ref) !== objectKey(news.ref);
    if (
      moved &&
      (olds.ref.schema !== news.ref.schema ||
        olds.ref.table !== news.ref.table ||
        olds.ref.kind !== news.ref.kind)
    ) {
      return { changes: true, replaces: ["ref"], deleteBeforeReplace: false };
    }
    const live = await liveSnapshot(news.connection);
    const current = findObject(live, news.ref) ?? (moved ? findObject(live, olds.ref) : undefined);
    const drift = [
      ...differences(news.ref, current, news.object),
      ...strays(live, news).map((r) => `${describeObject(r)} exists in the database but is not declared`),
    ];
    for (const line of drift) await warn(`drift: ${line}`);
    const optionsChanged = olds.allowDataLoss !== news.allowDataLoss;
    return { changes: moved || drift.length > 0 || optionsChanged };
  },

  async create(inputs) {
    const from = inputs.renamedFrom ? { ...inputs.ref, name: inputs.renamedFrom } : inputs.ref;
    const live = await liveSnapshot(inputs.connection);
    const source =
      inputs.renamedFrom && !findObject(live, inputs.ref) && findObject(live, from) ? from : inputs.ref;
    await apply(inputs, source, inputs.object);
    return { id: objectKey(inputs.ref), outs: inputs };
  },

  async update(_id, olds, news) {
    await apply(news, olds.ref, news.object);
    return { outs: news };
  },

  async delete(_id, props) {
    await apply(props, props.ref, null);
  },

  async read(id, props) {
    if (!props)
      throw new Error(
        `cannot import ${id}: declare it in the program instead (schemastack inspect --format ts)`,
      );
    const live = await liveSnapshot(props.connection);
    const current = findObject(live, props.ref);
    if (!current) return { id: "", props, inputs: props };
    const refreshed = { ...props, object: { ...current } };
    return { id, props: refreshed, inputs: refreshed };
  },
};

async function apply(
  props: SchemaObjectProps,
  from: ObjectRef,
  object: ObjectFragment | null,
): Promise<void> {
  const options = settings();
  const live = await liveSnapshot(props.connection);
  // A table's update also removes what its declaration does not account for (drift), through the
  // same planner, so dropping a stray column still needs the data-loss opt-in.
  const removals = object && props.children ? strays(live, props) : [];
  // Already as declared in this operation's snapshot (adopting an existing database, a re-run):
  // nothing to plan, so no lock and no fresh introspection per resource.
  if (removals.length === 0 && alreadyAsDeclared(live, from, props.ref, object)) return;
  try {
    await changeObject(
      props.connection,
      { ref: from, object, removals },
      {
        allowDataLoss: props.allowDataLoss || options.allowDataLoss,
        lockTimeoutMs: options.lockTimeoutMs,
        statementTimeoutMs: options.statementTimeoutMs,
      },
    );
  } finally {
    forgetSnapshot(props.connection);
  }
}

function alreadyAsDeclared(
  live: SchemaModel,
  from: ObjectRef,
  to: ObjectRef,
  object: ObjectFragment | null,
): boolean {
  if (object === null) return findObject(live, from) === undefined;
  return objectKey(from) === objectKey(to) && differences(to, findObject(live, to), object).length === 0;
}

function strays(live: SchemaModel, props: SchemaObjectProps): ObjectRef[] {
  if (props.ref.kind !== "table" || !props.children) return [];
  return undeclaredChildren(live, props.ref.schema, props.ref.name, props.children);
}

/** Property-level differences, e.g. `column "email" of table "public.users": type is text in the database, declared varchar(20)`. */
export function differences(
  ref: ObjectRef,
  live: ObjectFragment | undefined,
  declared: ObjectFragment,
): string[] {
  const what = describeObject(ref);
  if (!live) return [`${what} is missing from the database`];
  const lines: string[] = [];
  const liveProps = live as unknown as Record<string, unknown>;
  const declaredProps = declared as unknown as Record<string, unknown>;
  for (const key of Object.keys(declaredProps).sort()) {
    if (key === "renamedFrom" || key === "renamedValues") continue;
    const a = canonicalJson(liveProps[key] ?? null);
    const b = canonicalJson(declaredProps[key] ?? null);
    if (a !== b) lines.push(`${what}: ${key} is ${a} in the database, declared ${b}`);
  }
  return lines;
}
