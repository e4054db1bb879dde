// How a function (or procedure) and a trigger are written into their resources' inputs: flat
// properties, so `pulumi preview --diff` names `body` or `events`. Bodies are compared as
// `comparableBody` prints them (whitespace is not drift), and kept as declared in the inputs.
import { comparableBody, FunctionModel } from "../core/model/function";
import type { SchemaModel } from "../core/model/model";
import type { TriggerModel } from "../core/model/trigger";

export interface FunctionProps {
  routine: FunctionModel["kind"];
  arguments: FunctionModel["arguments"];
  returns: string | null;
  language: string;
  body: string;
  volatility: FunctionModel["volatility"];
  strict: boolean;
  securityDefiner: boolean;
  parallel: FunctionModel["parallel"];
  searchPath: string[] | null;
  comment: string | null;
}

export interface TriggerProps {
  table: string;
  timing: TriggerModel["timing"];
  events: TriggerModel["events"];
  updateOf: string[];
  forEach: TriggerModel["forEach"];
  when: string | null;
  /** `schema.name` of the trigger function. */
  function: string;
  arguments: string[];
  enabled: TriggerModel["enabled"];
  comment: string | null;
}

export const functionPropertyNames: ReadonlyArray<keyof FunctionProps> = [
  "routine",
  "arguments",
  "returns",
  "language",
  "body",
  "volatility",
  "strict",
  "securityDefiner",
  "parallel",
  "searchPath",
  "comment",
];

export const triggerPropertyNames: ReadonlyArray<keyof TriggerProps> = [
  "table",
  "timing",
  "events",
  "updateOf",
  "forEach",
  "when",
  "function",
  "arguments",
  "enabled",
  "comment",
];

export function functionProps(f: FunctionModel): FunctionProps {
  return {
    routine: f.kind,
    arguments: structuredClone(f.arguments),
    returns: f.returns,
    language: f.language,
    body: f.body,
    volatility: f.volatility,
    strict: f.strict,
    securityDefiner: f.securityDefiner,
    parallel: f.parallel,
    searchPath: f.searchPath ? [...f.searchPath] : null,
    comment: f.comment,
  };
}

export function triggerProps(t: TriggerModel): TriggerProps {
  return {
    table: t.table,
    timing: t.timing,
    events: [...t.events],
    updateOf: [...t.updateOf],
    forEach: t.forEach,
    when: t.when,
    function: `${t.function.schema}.${t.function.name}`,
    arguments: [...t.arguments],
    enabled: t.enabled,
    comment: t.comment,
  };
}

/** The properties as compared: a function's body in its comparable form. */
export function comparableRoutine<P extends FunctionProps | TriggerProps>(props: P): P {
  return "body" in props ? { ...props, body: comparableBody(props.body) } : props;
}

/** Pick the named properties (inputs carry connection, kind and more besides). */
export function pickProps<P>(props: Record<string, unknown>, names: ReadonlyArray<keyof P>): P {
  return Object.fromEntries(names.map((n) => [n, props[n as string] ?? null])) as P;
}

/** A function by schema and name (declarations name functions; the first overload wins). */
export function findFunction(model: SchemaModel, schema: string, name: string): FunctionModel | undefined {
  return (model.functions ?? []).find((f) => f.schema === schema && f.name === name);
}

export function findTrigger(
  model: SchemaModel,
  schema: string,
  table: string,
  name: string,
): TriggerModel | undefined {
  return (model.triggers ?? []).find((t) => t.schema === schema && t.table === table && t.name === name);
}
