// Resources written by releases before one-resource-per-table (one resource per table shell,
// column, index, constraint and enum, provider kind "schemaObject"). Their state carries the old
// provider shell, which loads this runtime by kind: when an upgraded program no longer declares
// them, the engine deletes them through here, and that must not drop anything (the tables and enums
// live on in the new Table and EnumType resources, and the migration owns every change).
import type * as pulumi from "@pulumi/pulumi";

type LegacyProps = Record<string, unknown>;

export const legacyObjectProvider: pulumi.dynamic.ResourceProvider<LegacyProps, LegacyProps> = {
  async diff() {
    return { changes: false };
  },
  async create() {
    throw new Error(
      "schemastack: this resource kind was replaced by one Table resource per table; run `pulumi up` with the current program",
    );
  },
  async update(_id, olds) {
    return { outs: olds };
  },
  async read(id, props) {
    return { id, props: props ?? {} };
  },
  async delete() {
    // No DDL: see above.
  },
};
