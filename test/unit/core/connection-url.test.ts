import * as assert from "assert";
import {
  ConnectionUrlError,
  databaseOf,
  parseConnectionUrl,
  passwordOf,
  redactText,
  redactUrl,
  withDatabase,
  withHostPort,
  withoutPassword,
} from "../../../core/pg/connection-url";

describe("connection URLs (core/pg/connection-url)", () => {
  const url = "postgres://u:p%40ss@db.example:5432/my%20db?sslmode=require";

  it("moves URLs between databases and ports, keeping credentials", () => {
    assert.strictEqual(databaseOf(url), "my db");
    assert.strictEqual(
      withDatabase(url, "br/1"),
      "postgres://u:p%40ss@db.example:5432/br%2F1?sslmode=require",
    );
    assert.strictEqual(
      withHostPort(url, "127.0.0.1", 6000),
      "postgres://u:p%40ss@127.0.0.1:6000/my%20db?sslmode=require",
    );
    assert.strictEqual(databaseOf("postgres://u@h:1"), "");
  });

  it("finds the password in the userinfo or in ?password=, and removes both", () => {
    assert.strictEqual(passwordOf(url), "p@ss");
    assert.strictEqual(passwordOf("postgres://u@h/db?password=s3cret&sslmode=disable"), "s3cret");
    assert.strictEqual(passwordOf("postgres://u@h/db"), undefined);
    assert.strictEqual(
      withoutPassword("postgres://u:pw@h/db?password=x&sslpassword=y&sslmode=require"),
      "postgres://u@h/db?sslmode=require",
    );
  });

  it("refuses what is not a postgres URL without echoing it", () => {
    assert.throws(
      () => parseConnectionUrl("mysql://u:topsecret@h/db"),
      (e: Error) => {
        assert.ok(e instanceof ConnectionUrlError);
        assert.ok(!e.message.includes("topsecret"));
        return true;
      },
    );
    assert.throws(() => parseConnectionUrl("not a url topsecret"), /not a valid postgres:\/\/ URL$/);
  });

  it("redacts URLs and free text the same way everywhere", () => {
    assert.strictEqual(redactUrl(url), "postgres://u:***@db.example:5432/my%20db?sslmode=require");
    assert.strictEqual(
      redactUrl("postgres://u@h/db?password=hunter22&sslpassword=k3y"),
      "postgres://u@h/db?password=***&sslpassword=***",
    );
    // unparseable: still masked by pattern, never printed whole
    assert.strictEqual(redactUrl("postgres://u:pw@h:notaport/db"), "postgres://u:***@h:notaport/db");
    assert.strictEqual(
      redactText("failed for pa ss: password hunter22 (postgres://u:hunter22@h/db)", [
        "postgres://u:hunter22@h/db",
      ]),
      "failed for pa ss: password *** (postgres://u:***@h/db)",
    );
    assert.strictEqual(redactText("encoded p%40ss and p@ss", [url]), "encoded *** and ***");
  });
});
