// plan starts reading the target before the render of a .sql file is over, for the schemas the file
// most likely leaves (cli/load-desired.ts likelySchemas); the render's own list is checked against it.
import * as assert from "assert";
import { likelySchemas } from "../../../cli/load-desired";

describe("the schemas a desired SQL file most likely leaves (read ahead by plan)", () => {
  it("is public alone when the file creates no schema", () => {
    assert.deepStrictEqual(likelySchemas("create table t (id int);\ncreate schema_version_note (x int);"), [
      "public",
    ]);
  });

  it("adds every CREATE SCHEMA, unquoted names folded, quoted kept, sorted as introspection lists them", () => {
    const sql = `CREATE SCHEMA IF NOT EXISTS Billing;\ncreate   schema "Audit ""log""";\ncreate schema app_v2;`;
    assert.deepStrictEqual(likelySchemas(sql), ['Audit "log"', "app_v2", "billing", "public"]);
  });
});
