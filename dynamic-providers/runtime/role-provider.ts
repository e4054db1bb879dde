// The provider behind Role resources (issue 17). The Database's Migration creates a declared role
// that is missing and keeps its login flag and memberships; this resource sets a login role's
// password (a Pulumi secret, sent only as a SCRAM verifier: core/apply/role-admin.ts), reports
// drift of the role in `preview`, and drops the role when the program stops declaring it, unless
// it still owns objects or holds privileges anywhere in the cluster (then it refuses, naming where).
import type * as pulumi from "@pulumi/pulumi";
import { dropRoleIfUnused, setRolePassword } from "../../core/apply/role-admin";
import type { RoleModel } from "../../core/model/role";
import { warn } from "./engine-log";
import { liveSnapshot, redactedReason, withClient } from "./live-catalog";
import { configureSettings } from "./settings";
import type { RoleProps } from "../provider-props";
export type { RoleProps };

const json = (v: unknown) => JSON.stringify(v);

/** Live vs declared, one line per property; `previous` (last declared) tells the program's own changes apart. */
export function roleDrift(
  live: RoleModel | undefined,
  declared: RoleProps,
  previous: RoleProps | undefined,
): string[] {
  const subject = `role "${declared.name}"`;
  if (!live) return previous ? [`${subject} is missing from the cluster`] : [];
  const lines: string[] = [];
  if (live.login !== declared.login && !(previous && previous.login === live.login))
    lines.push(`${subject}: login is ${json(live.login)} in the cluster, declared ${json(declared.login)}`);
  const declaredGroups = [...declared.memberOf].sort();
  if (
    json(live.memberOf) !== json(declaredGroups) &&
    !(previous && json([...previous.memberOf].sort()) === json(live.memberOf))
  )
    lines.push(
      `${subject}: memberOf is ${json(live.memberOf)} in the cluster, declared ${json(declaredGroups)}`,
    );
  return lines;
}

async function liveRole(connection: string, name: string): Promise<RoleModel | undefined> {
  return (await liveSnapshot(connection)).access?.roles.find((r) => r.name === name);
}

async function apply(props: RoleProps, olds: RoleProps | undefined): Promise<void> {
  const live = await liveRole(props.connection, props.name);
  if (!live)
    throw new Error(`role "${props.name}" does not exist after the migration (it should have created it)`);
  const remaining = roleDrift(live, props, undefined);
  if (remaining.length)
    throw new Error(`role "${props.name}" does not match its declaration:\n  ${remaining.join("\n  ")}`);
  if (props.password !== null && props.password !== olds?.password) {
    await withClient(props.connection, (client) =>
      setRolePassword(client, props.name, props.password as string),
    ).catch((error: unknown) => {
      // The message names the role and Postgres' reason; neither the statement nor the password.
      throw new Error(
        redactedReason(error, props.connection)
          .split(props.password as string)
          .join("***"),
      );
    });
  }
}

export const roleProvider: pulumi.dynamic.ResourceProvider<RoleProps, RoleProps> = {
  async configure(req) {
    configureSettings(req.config);
  },

  async diff(_id, olds, news) {
    const drift = roleDrift(await liveRole(news.connection, news.name), news, olds);
    for (const line of drift) await warn(`drift: ${line}`, news.urn);
    return {
      changes:
        drift.length > 0 ||
        olds.name !== news.name ||
        olds.login !== news.login ||
        json([...olds.memberOf].sort()) !== json([...news.memberOf].sort()) ||
        olds.password !== news.password ||
        olds.connection !== news.connection,
      replaces: olds.name !== news.name ? ["name"] : [],
      deleteBeforeReplace: false,
    };
  },

  async create(inputs) {
    await apply(inputs, undefined);
    return { id: `role:${inputs.name}`, outs: inputs };
  },

  async update(_id, olds, news) {
    await apply(news, olds);
    return { outs: news };
  },

  async delete(_id, props) {
    await withClient(props.connection, (client) => dropRoleIfUnused(client, props.name)).catch(
      (error: unknown) => {
        throw new Error(redactedReason(error, props.connection));
      },
    );
  },

  async read(id, props) {
    if (!props) throw new Error(`cannot import ${id}: declare it in the program instead (db.role(...))`);
    const live = await liveRole(props.connection, props.name);
    if (!live) return { id: "", props, inputs: props };
    const refreshed = { ...props, login: live.login, memberOf: live.memberOf };
    return { id, props: refreshed, inputs: refreshed };
  },
};
