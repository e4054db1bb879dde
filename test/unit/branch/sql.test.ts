import * as assert from "assert";
import {
  checkDatabaseName,
  databaseOf,
  quoteIdent,
  redactUrl,
  withDatabase,
  withLocalPort,
} from "../../../core/branch/local/sql";

describe("local branch SQL helpers", () => {
  it("always quotes identifiers and doubles embedded quotes", () => {
    assert.strictEqual(quoteIdent("app"), '"app"');
    assert.strictEqual(quoteIdent('we"ird; drop'), '"we""ird; drop"');
    assert.throws(() => quoteIdent(""));
    assert.throws(() => quoteIdent("a\0b"));
  });

  it("accepts database names of at most 63 bytes", () => {
    checkDatabaseName("a".repeat(63));
    assert.throws(() => checkDatabaseName("a".repeat(64)), /1 to 63 bytes/);
    assert.throws(() => checkDatabaseName("é".repeat(32)), /1 to 63 bytes/);
  });

  it("moves URLs between databases and ports, keeping credentials", () => {
    const url = "postgres://u:p%40ss@db.example:5432/my%20db?sslmode=require";
    assert.strictEqual(databaseOf(url), "my db");
    assert.strictEqual(
      withDatabase(url, "br/1"),
      "postgres://u:p%40ss@db.example:5432/br%2F1?sslmode=require",
    );
    assert.strictEqual(
      withLocalPort(url, 6000),
      "postgres://u:p%40ss@127.0.0.1:6000/my%20db?sslmode=require",
    );
    assert.strictEqual(redactUrl(url), "postgres://u:***@db.example:5432/my%20db?sslmode=require");
    assert.throws(() => databaseOf("postgres://u@h:1"), /must name a database/);
  });
});
