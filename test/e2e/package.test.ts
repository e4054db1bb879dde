// The npm package as a user gets it: `npm pack` the repository, install the tarball into projects
// OUTSIDE the repository (a temp folder), and run a TypeScript and a plain JavaScript Pulumi program
// through up, a no-op preview and destroy against the local environment, plus the app-side check
// (`schemastack/verify`) from a plain Node script and the `schemastack` command from the package.
//
// Dependencies come from npm's cache (`--prefer-offline`): after the bootstrap's `npm ci` every one
// of them is there, so the installs are quick and repeatable and only a cache miss reaches the
// registry.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import * as automation from "@pulumi/pulumi/automation";
import { packageRoot } from "../../localenv/paths";
import { createTestDatabase, testEnv, TestDatabase } from "../support/env";
import { pulumiCommand } from "../support/pulumi";
import { query } from "../support/sql";

const run = promisify(execFile);
const repoRoot = packageRoot();
const rootManifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** npm's environment without what an enclosing `npm test` exports (it would steer the installs). */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

interface PackedFile {
  path: string;
}

const tsProgram = `import * as pulumi from "@pulumi/pulumi";
import { Database } from "schemastack";
import type { VerifyResult } from "schemastack/verify";

const config = new pulumi.Config();
const db = new Database("app", {
  connection: config.requireSecret("databaseUrl"),
  allowDataLoss: config.getBoolean("allowDataLoss") ?? false,
  backup: { target: { kind: "folder", path: config.require("backupDir") } },
});
db.table("widgets", {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    name: { type: "text", nullable: false },
  },
});
db.version("1.0.0");

// The app-side check's types resolve from the package too.
const expected: Pick<VerifyResult, "expected"> = { expected: "1.0.0" };
export const schemaVersion = expected.expected;
`;

const jsProgram = `"use strict";
const pulumi = require("@pulumi/pulumi");
const { Database } = require("schemastack");

const config = new pulumi.Config();
const db = new Database("app", {
  connection: config.requireSecret("databaseUrl"),
  allowDataLoss: config.getBoolean("allowDataLoss") ?? false,
  backup: { target: { kind: "folder", path: config.require("backupDir") } },
});
db.table("gadgets", {
  columns: {
    id: { type: "bigint", identity: "always", primaryKey: true },
    label: { type: "text" },
  },
});
db.version("1.0.0");
exports.schemaVersion = "1.0.0";
`;

const verifyScript = `"use strict";
// An application's /health check: is the database at the schema this build expects?
const { Client } = require("pg");
const { verifySchemaVersion } = require("schemastack/verify");

(async () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const result = await verifySchemaVersion(client, process.argv[2]);
    process.stdout.write(JSON.stringify({ result, loaded: Object.keys(require.cache) }));
  } finally {
    await client.end();
  }
})();
`;

describe("the npm package, installed into a project outside the repository", function () {
  this.timeout(900_000);
  let workRoot: string;
  let tarball: string;
  let packed: string[];

  before(async () => {
    workRoot = fs.mkdtempSync(path.join(os.tmpdir(), "schemastack-package-"));
    assert.ok(
      path.relative(repoRoot, workRoot).startsWith(".."),
      "the user's project must live outside the repository",
    );
    // `npm pack` runs `prepare` (the build), as a publish would.
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", workRoot], {
      cwd: repoRoot,
      env: npmEnv(),
      maxBuffer: 64 * 1024 * 1024,
    });
    const report = JSON.parse(stdout.slice(stdout.indexOf("["))) as {
      filename: string;
      files: PackedFile[];
    }[];
    tarball = path.join(workRoot, report[0].filename);
    packed = report[0].files.map((f) => f.path);
  });

  after(() => {
    if (workRoot) fs.rmSync(workRoot, { recursive: true, force: true });
  });

  it("ships compiled JS, declarations and maps only: no sources, tests, bench, toolchain or stack files", () => {
    assert.ok(fs.existsSync(tarball));
    const offending = packed.filter(
      (p) =>
        /^(test|bench|toolchain|\.ci|node_modules|\.schemastack)\//.test(p) ||
        /(^|\/)Pulumi\.[^/]+\.yaml$/.test(p) ||
        (p.endsWith(".ts") && !p.endsWith(".d.ts") && p !== "template/index.ts") ||
        p === "index.js" ||
        p.startsWith("dist/test/") ||
        p.startsWith("dist/bench/"),
    );
    assert.deepStrictEqual(offending, []);
    for (const entry of [
      "package.json",
      "README.md",
      "dist/components/index.js",
      "dist/components/index.d.ts",
      "dist/core/verify/index.js",
      "dist/core/verify/index.d.ts",
      "dist/automation/index.js",
      "dist/cli/run.js",
      "dist/dynamic-providers/runtime/providers.js",
      "dist/dynamic-providers/runtime/providers.js.map",
      "provider-runtime.js",
      "template/Pulumi.yaml",
      "template/index.ts",
    ])
      assert.ok(packed.includes(entry), `${entry} is in the tarball`);
    const outside = packed.filter(
      (p) => !/^(dist|template)\//.test(p) && !/^(package\.json|README\.md|provider-runtime\.js)$/.test(p),
    );
    assert.deepStrictEqual(outside, []);
  });

  it("requires at run time only Node's built-ins and its declared dependencies", () => {
    const declared = new Set(Object.keys(rootManifest.dependencies));
    const undeclared = new Set<string>();
    for (const file of packed.filter((p) => p.endsWith(".js"))) {
      const text = fs.readFileSync(path.join(repoRoot, file), "utf8");
      for (const [, spec] of text.matchAll(/require\("([^".][^"]*)"\)/g)) {
        const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
        if (!builtinModules.includes(name.replace(/^node:/, "")) && !declared.has(name))
          undeclared.add(`${file}: ${spec}`);
      }
    }
    assert.deepStrictEqual([...undeclared], []);
  });

  for (const language of ["typescript", "javascript"] as const) {
    describe(`a ${language} program`, function () {
      let project: string;
      let db: TestDatabase;
      let stack: automation.Stack;
      const table = language === "typescript" ? "widgets" : "gadgets";

      before(async () => {
        project = path.join(workRoot, `my-infra-${language}`);
        fs.mkdirSync(project);
        const isTs = language === "typescript";
        // What `pulumi new typescript|javascript` writes, plus schemastack (and pg for the app check).
        const manifest = {
          name: `my-infra-${language}`,
          private: true,
          dependencies: {
            schemastack: `file:${path.relative(project, tarball)}`,
            "@pulumi/pulumi": rootManifest.dependencies["@pulumi/pulumi"],
            pg: rootManifest.dependencies.pg,
          },
          ...(isTs
            ? {
                devDependencies: {
                  typescript: rootManifest.devDependencies.typescript,
                  "@types/node": rootManifest.devDependencies["@types/node"],
                },
              }
            : {}),
        };
        fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
        fs.writeFileSync(
          path.join(project, "Pulumi.yaml"),
          `name: my-infra-${language}\nruntime:\n  name: nodejs\n  options:\n    typescript: ${isTs}\n` +
            `main: index.${isTs ? "ts" : "js"}\n`,
        );
        fs.writeFileSync(path.join(project, `index.${isTs ? "ts" : "js"}`), isTs ? tsProgram : jsProgram);
        if (isTs) {
          fs.writeFileSync(
            path.join(project, "tsconfig.json"),
            JSON.stringify({
              compilerOptions: {
                strict: true,
                target: "es2020",
                module: "commonjs",
                moduleResolution: "node",
                sourceMap: true,
                skipLibCheck: true,
                forceConsistentCasingInFileNames: true,
              },
              files: ["index.ts"],
            }),
          );
        }
        fs.writeFileSync(path.join(project, "verify.js"), verifyScript);
        await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
          cwd: project,
          env: npmEnv(),
        });

        db = await createTestDatabase(`pkg_${language.slice(0, 2)}`);
        const env = await testEnv();
        // Type-checked as a user's program is (no PULUMI_NODEJS_TRANSPILE_ONLY): the package's .d.ts
        // files must hold up under the user's own compiler.
        const workspace = await automation.LocalWorkspace.create({
          workDir: project,
          pulumiCommand: await pulumiCommand(),
          envVars: env.pulumiEnv,
        });
        stack = await automation.Stack.createOrSelect("dev", workspace);
        await stack.setConfig("databaseUrl", { value: db.url, secret: true });
        await stack.setConfig("backupDir", { value: path.join(project, "dumps") });
      });

      after(async () => {
        await stack?.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        await db?.drop();
      });

      it("installs the package without ts-node and resolves it to compiled JS", () => {
        assert.ok(fs.existsSync(path.join(project, "node_modules", "schemastack", "dist", "cli", "run.js")));
        assert.ok(!fs.existsSync(path.join(project, "node_modules", "ts-node")), "ts-node is not installed");
        assert.ok(!fs.existsSync(path.join(project, "node_modules", "schemastack", "core")));
      });

      it("pulumi up creates the table", async () => {
        const result = await stack.up();
        assert.strictEqual(result.summary.result, "succeeded");
        const columns = await query<{ column_name: string }>(
          db.url,
          `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`,
          [table],
        );
        assert.ok(columns.length >= 2, `${table} exists with its columns`);
      });

      it("a second preview changes nothing", async () => {
        const preview = await stack.preview();
        const changes = Object.entries(preview.changeSummary).filter(([op, n]) => op !== "same" && n > 0);
        assert.deepStrictEqual(changes, []);
        assert.ok((preview.changeSummary.same ?? 0) > 1);
      });

      it("a plain Node script checks the schema version with schemastack/verify, loading only pg", async () => {
        const { stdout } = await run(process.execPath, ["verify.js", "1.0.0"], {
          cwd: project,
          env: { ...npmEnv(), DATABASE_URL: db.url },
        });
        const { result, loaded } = JSON.parse(stdout) as { result: { ok: boolean }; loaded: string[] };
        assert.strictEqual(result.ok, true, stdout);
        const heavy = loaded.filter((file) => /node_modules[\\/](@pulumi|@aws-sdk|@grpc)[\\/]/.test(file));
        assert.deepStrictEqual(heavy, []);
      });

      it("the package's `schemastack` command runs compiled JS from node_modules/.bin", async () => {
        const { stdout } = await run(
          path.join(project, "node_modules", ".bin", "schemastack"),
          ["verify", "--database-url", db.url, "--expect", "1.0.0"],
          { cwd: project, env: npmEnv() },
        );
        assert.match(stdout, /^ok: /);
      });

      it("pulumi destroy empties the stack and leaves the data where it is", async () => {
        // The migration owns all DDL and table resources run none, so destroy forgets the schema
        // instead of dropping it: a stack teardown never deletes data (README, "Declaring a schema").
        const result = await stack.destroy();
        assert.strictEqual(result.summary.result, "succeeded");
        const exported = await stack.exportStack();
        assert.deepStrictEqual(exported.deployment.resources ?? [], []);
        const left = await query(
          db.url,
          `select 1 from pg_tables where schemaname = 'public' and tablename = $1`,
          [table],
        );
        assert.deepStrictEqual(left, [{ "?column?": 1 }]);
      });
    });
  }
});
