// How an object's access control is written into its resource's inputs (issue 17): only
// the properties the program declares (so a table without them keeps the inputs earlier releases
// wrote), policies keyed by name so `preview --diff` says `policies.own_rows.using`. Drift compares
// the live object with the declaration after dropping what the declaration does not manage.
import type * as pulumi from "@pulumi/pulumi";
import type { TableModel } from "../core/model/model";
import type { PolicyModel, RowLevelSecurityModel } from "../core/model/policy";
import type { GrantMap, ObjectAccess } from "../core/model/privilege";

/** A table (owner, grants, row-level security, policies) or any other object with an ACL (owner, grants). */
type WithAccess = ObjectAccess & Partial<Pick<TableModel, "rowLevelSecurity" | "policies">>;

export type PolicyProps = Omit<PolicyModel, "name">;

export interface AccessProps {
  owner?: string;
  grants?: GrantMap;
  rowLevelSecurity?: RowLevelSecurityModel;
  policies?: Record<string, PolicyProps>;
}

export const accessKeys = ["owner", "grants", "rowLevelSecurity", "policies"] as const;
/** The access-control properties of objects other than tables. */
export const objectAccessKeys = ["owner", "grants"] as const;

/** The declared access-control properties of an object (absent ones left out). */
export function accessProps(o: WithAccess): AccessProps {
  const out: AccessProps = {};
  if (o.owner !== undefined) out.owner = o.owner;
  if (o.grants !== undefined) out.grants = o.grants;
  if (o.rowLevelSecurity !== undefined) out.rowLevelSecurity = o.rowLevelSecurity;
  if (o.policies !== undefined)
    out.policies = Object.fromEntries(o.policies.map(({ name, ...p }) => [name, p]));
  return out;
}

/** The access-control properties carried over from one shape of the props to another. */
export function accessPart(props: object): AccessProps {
  const record = props as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of accessKeys) if (record[key] !== undefined && record[key] !== null) out[key] = record[key];
  return out as AccessProps;
}

/** Back into model fields (policies as a list). */
export function accessFields(props: AccessProps): Partial<TableModel> {
  const out: Partial<TableModel> = {};
  if (props.owner !== undefined) out.owner = props.owner;
  if (props.grants !== undefined) out.grants = props.grants;
  if (props.rowLevelSecurity !== undefined) out.rowLevelSecurity = props.rowLevelSecurity;
  if (props.policies !== undefined)
    out.policies = Object.entries(props.policies).map(([name, p]) => ({ name, ...p }));
  return out;
}

/** Resource inputs for the properties `declared` declares, read from the (rendered) props output. */
export function accessInputs(
  declared: WithAccess,
  props: pulumi.Output<AccessProps>,
): Record<string, pulumi.Input<unknown>> {
  const present = accessProps(declared);
  const out: Record<string, pulumi.Input<unknown>> = {};
  for (const key of accessKeys) if (present[key] !== undefined) out[key] = props.apply((p) => p[key] ?? null);
  return out;
}

/**
 * The live object's properties with the access control the declaration does not manage left out:
 * top-level keys and, for tables, column grants.
 */
export function alignToDeclared<T extends object>(live: T | undefined, declared: object): T | undefined {
  if (!live) return live;
  const l = { ...(live as Record<string, unknown>) };
  const d = declared as Record<string, unknown>;
  for (const key of accessKeys) if (d[key] === undefined || d[key] === null) delete l[key];
  const lc = l.columns as Record<string, Record<string, unknown>> | undefined;
  const dc = d.columns as Record<string, Record<string, unknown>> | undefined;
  if (lc) {
    l.columns = Object.fromEntries(
      Object.entries(lc).map(([name, c]) => {
        if (dc?.[name]?.grants !== undefined && dc[name].grants !== null) return [name, c];
        const { grants: _g, ...rest } = c;
        return [name, rest];
      }),
    );
  }
  return l as T;
}

/** Plan steps about access control that no table or enum resource reports (core/plan/plan-*.ts keys). */
export function isSchemaLevelAccess(objectKey: string): boolean {
  return /^(privilege:schema:|owner:schema:|default-privilege:|role:)/.test(objectKey);
}
