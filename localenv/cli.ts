// Local environment manager: `start NAME [--fresh] [--throwaway]`, `stop NAME [--wipe]`.
// `start` prints shell `export` lines (for `eval`) on stdout and what it did on stderr.
import { redactUrl } from "../core/pg/connection-url";
import { startLocalEnv, stopLocalEnv } from "./env";

async function main(argv: string[]): Promise<void> {
  const [command, name = "main", ...flags] = argv;
  if (command === "start") {
    const started = Date.now();
    const env = await startLocalEnv(name, {
      fresh: flags.includes("--fresh"),
      durable: !flags.includes("--throwaway"),
    });
    process.stderr.write(
      `[localenv] ${name}: postgres ${redactUrl(env.adminUrl)}, s3 ${env.s3.endpoint} bucket ${env.s3.bucket}, ` +
        `pulumi backend ${env.pulumiBackendUrl} (${Date.now() - started} ms)\n`,
    );
    for (const [key, value] of Object.entries(env.pulumiEnv)) {
      process.stdout.write(`export ${key}=${shellQuote(value)}\n`);
    }
  } else if (command === "stop") {
    await stopLocalEnv(name, flags.includes("--wipe"));
    process.stderr.write(`[localenv] ${name}: stopped${flags.includes("--wipe") ? " and wiped" : ""}\n`);
  } else {
    throw new Error("usage: localenv start NAME [--fresh] [--throwaway] | stop NAME [--wipe]");
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`[localenv] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
