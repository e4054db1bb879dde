import * as assert from "assert";
import { checkDatabaseName, parentDatabaseOf } from "../../../core/branch/local/sql";

describe("local branch SQL helpers", () => {
  it("accepts database names of at most 63 bytes", () => {
    checkDatabaseName("a".repeat(63));
    assert.throws(() => checkDatabaseName("a".repeat(64)), /1 to 63 bytes/);
    assert.throws(() => checkDatabaseName("é".repeat(32)), /1 to 63 bytes/);
  });

  it("needs a parent URL that names its database", () => {
    assert.strictEqual(parentDatabaseOf("postgres://u:p%40ss@db.example:5432/my%20db"), "my db");
    assert.throws(() => parentDatabaseOf("postgres://u@h:1"), /must name a database/);
  });
});
