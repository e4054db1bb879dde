// Baseline for workload 2: the same number of dynamic resources as the schemastack program, whose
// provider does nothing (diff says "no changes", create echoes its inputs). The difference between
// the two previews is what schemastack's providers add.
import * as pulumi from "@pulumi/pulumi";

const noop: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: String(inputs.name), outs: inputs };
  },
  async diff() {
    return { changes: false };
  },
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(noop, name, { name, connection: "postgres://bench" }, {}, "bench", "Noop");
  }
}

const config = new pulumi.Config("bench");
const count = config.requireNumber("resources");
for (let i = 0; i < count; i++) {
  new Noop(`r${i}`);
}
