// The OpenAPI checker the Neon stand-in uses (issue 21): it must catch what does not conform, or
// "no violations" in the driver tests would mean nothing.
import * as assert from "assert";
import { neonContract } from "../../support/neon-standin/server";

describe("Neon OpenAPI contract checker", function () {
  this.timeout(30_000);

  it("reads the document shipped in @neondatabase/api-client", () => {
    assert.ok(neonContract().operationCount > 50, String(neonContract().operationCount));
    assert.strictEqual(
      neonContract().match("POST", "/projects/p-1/branches")?.operation.operationId,
      "createProjectBranch",
    );
    assert.deepStrictEqual(neonContract().match("GET", "/projects/p-1/operations/op-9")?.pathParams, {
      project_id: "p-1",
      operation_id: "op-9",
    });
  });

  it("flags unknown operations, bad parameters and bad bodies in requests", () => {
    const c = neonContract();
    assert.match(
      c.checkRequest("GET", "/projects/p/nothing-here", new URLSearchParams(), undefined)[0],
      /no such operation/,
    );
    assert.match(
      c
        .checkRequest("GET", "/projects/p/connection_uri", new URLSearchParams({ role_name: "r" }), undefined)
        .join("\n"),
      /required query parameter database_name is missing/,
    );
    assert.match(
      c.checkRequest("GET", "/projects/UPPER_case/branches", new URLSearchParams(), undefined).join("\n"),
      /path project_id: "UPPER_case" does not match/,
    );
    assert.match(
      c
        .checkRequest("POST", "/projects/p/branches", new URLSearchParams(), {
          endpoints: [{ type: "read_only_nope" }],
        })
        .join("\n"),
      /body\.endpoints\[0\]\.type: "read_only_nope" is not one of/,
    );
    assert.deepStrictEqual(
      c.checkRequest("POST", "/projects/p/branches", new URLSearchParams(), {
        branch: { parent_id: "br-a", name: "x" },
        endpoints: [{ type: "read_write" }],
      }),
      [],
    );
  });

  it("flags undeclared statuses and answers that miss required fields or have wrong types", () => {
    const c = neonContract();
    assert.match(
      c.checkResponse("GET", "/projects/p/operations/o", 200, { operation: { id: "o" } }).join("\n"),
      /required property (action|branch_id|status|project_id|created_at|updated_at|total_duration_ms|failures_count) is missing/,
    );
    assert.match(
      c.checkResponse("GET", "/projects/p/connection_uri", 200, { uri: 5 }).join("\n"),
      /body\.uri: expected string/,
    );
    assert.match(
      c.checkResponse("DELETE", "/projects/p/branches/br-a", 201, {}).join("\n"),
      /success status not declared/,
    );
    assert.deepStrictEqual(
      c.checkResponse("GET", "/projects/p/connection_uri", 200, { uri: "postgres://x" }),
      [],
    );
    assert.match(
      c.checkResponse("GET", "/projects/p/connection_uri", 503, { message: "busy" }).join("\n"),
      /required property code is missing/,
    );
    assert.deepStrictEqual(
      c.checkResponse("GET", "/projects/p/connection_uri", 503, { code: "", message: "busy" }),
      [],
    );
  });
});
