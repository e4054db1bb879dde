// Runs the Neon stand-in on its own:
//   npx ts-node test/support/neon-standin/main.ts --port N [--api-key K] [--project-id P] [--parent-url URL]
// The key defaults to $NEON_STANDIN_API_KEY or "standin-key"; the parent (the root branch `main`) to the
// test environment's `app` database. Prints one JSON line with what a neon driver needs (not the key).
import { testEnv } from "../env";
import { NeonStandIn } from "./server";

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(flag("port") ?? "0");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error("--port must be a TCP port number");
  const parentUrl = flag("parent-url") ?? (await testEnv()).databaseUrl;
  const standIn = new NeonStandIn({
    apiKey: flag("api-key") ?? process.env.NEON_STANDIN_API_KEY ?? "standin-key",
    projectId: flag("project-id") ?? "standin-project",
    parentUrl,
    port,
  });
  const baseUrl = await standIn.start();
  const { project } = standIn;
  console.log(
    JSON.stringify({
      baseUrl,
      projectId: project.projectId,
      rootBranchId: project.rootBranchId,
      databaseName: project.databaseName,
      roleName: project.roleName,
    }),
  );
  const stop = () => void standIn.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
