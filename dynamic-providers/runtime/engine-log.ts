// Per-resource diagnostics from inside a dynamic provider. console output reaches the engine only
// as unattributed info lines and pulumi.log has no engine connection here, so warnings go straight
// to the engine's Log RPC, whose address is the provider process's only argument.
import * as grpc from "@grpc/grpc-js";

type EngineClient = {
  log(request: unknown, callback: (error: grpc.ServiceError | null) => void): void;
};

let client: EngineClient | undefined | null;

function engine(): EngineClient | null {
  if (client === undefined) {
    const address = process.argv[2];
    if (!address) {
      client = null;
    } else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb") as {
        EngineClient: new (address: string, credentials: grpc.ChannelCredentials) => EngineClient;
      };
      client = new EngineClient(address, grpc.credentials.createInsecure());
    }
  }
  return client;
}

/** A WARNING diagnostic, attributed to the resource when its URN is known. */
export function warn(message: string, urn = ""): Promise<void> {
  return log("WARNING", message, urn);
}

/** An INFO diagnostic (progress of long steps), attributed to the resource when its URN is known. */
export function info(message: string, urn = ""): Promise<void> {
  return log("INFO", message, urn);
}

function log(severity: "WARNING" | "INFO", message: string, urn: string): Promise<void> {
  const target = engine();
  if (!target) {
    process.stderr.write(`${severity.toLowerCase()}: ${message}\n`);
    return Promise.resolve();
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const proto = require("@pulumi/pulumi/proto/engine_pb") as {
    LogRequest: new () => {
      setSeverity(s: number): void;
      setMessage(m: string): void;
      setUrn(u: string): void;
      setEphemeral(e: boolean): void;
    };
    LogSeverity: { WARNING: number; INFO: number };
  };
  const request = new proto.LogRequest();
  request.setSeverity(proto.LogSeverity[severity]);
  request.setMessage(message);
  request.setUrn(urn);
  request.setEphemeral(false);
  return new Promise((resolve) => target.log(request, () => resolve()));
}
