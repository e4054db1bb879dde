// A persistent branch of a parent database (e.g. a long-lived staging copy of prod); rehearsals
// make their own short-lived branches instead.
import type * as pulumi from "@pulumi/pulumi";
import { createBranchDriver } from "../../core/branch";
import type { BranchProps } from "../provider-props";
export type { BranchProps };

export const branchProvider: pulumi.dynamic.ResourceProvider<BranchProps, BranchProps> = {
  async diff(_id, olds, news) {
    const replaces = (["parent", "name"] as const).filter((k) => olds[k] !== news[k]);
    if (JSON.stringify(olds.driver) !== JSON.stringify(news.driver)) replaces.push("driver" as "parent");
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
  },
  async create(inputs) {
    const handle = await createBranchDriver(inputs.driver).createBranch(inputs.parent, { name: inputs.name });
    return { id: handle.id, outs: { ...inputs, handle } };
  },
  async delete(_id, props) {
    if (props.handle) await createBranchDriver(props.driver).deleteBranch(props.handle);
  },
};
