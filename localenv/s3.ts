import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import * as fs from "fs";
import * as path from "path";
import { binDir } from "./paths";
import { spawnDetached, stablePort, stopRecorded, waitForPort } from "./process";

export interface S3Endpoint {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: true;
}

/** A versitygw S3 server on 127.0.0.1 with the posix backend, storing objects under `dir`. */
export class LocalS3Server {
  private readonly pidFile: string;
  private readonly logFile: string;
  private readonly dataDir: string;

  constructor(
    private readonly dir: string,
    private readonly credentials: { accessKeyId: string; secretAccessKey: string },
  ) {
    this.pidFile = path.join(dir, "versitygw.pid");
    this.logFile = path.join(dir, "versitygw.log");
    this.dataDir = path.join(dir, "data");
  }

  async start(bucket: string): Promise<S3Endpoint> {
    const binary = path.join(binDir(), "versitygw");
    if (!fs.existsSync(binary)) {
      throw new Error(`${binary} is missing: run \`npm run bootstrap\` to build versitygw`);
    }
    await stopRecorded(this.pidFile); // a leftover from a crashed run
    fs.mkdirSync(this.dataDir, { recursive: true });
    const port = await stablePort(path.join(this.dir, "port"));
    spawnDetached(
      binary,
      [
        "--access",
        this.credentials.accessKeyId,
        "--secret",
        this.credentials.secretAccessKey,
        "--port",
        `127.0.0.1:${port}`,
        "posix",
        this.dataDir,
      ],
      this.logFile,
      this.pidFile,
    );
    await waitForPort(port, "versitygw", 30_000, this.logFile);
    const endpoint: S3Endpoint = {
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      bucket,
      ...this.credentials,
      forcePathStyle: true,
    };
    await ensureBucket(endpoint);
    return endpoint;
  }

  stop(): Promise<void> {
    return stopRecorded(this.pidFile);
  }
}

export function s3Client(endpoint: S3Endpoint): S3Client {
  return new S3Client({
    endpoint: endpoint.endpoint,
    region: endpoint.region,
    forcePathStyle: true,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
  });
}

async function ensureBucket(endpoint: S3Endpoint): Promise<void> {
  const client = s3Client(endpoint);
  try {
    await client.send(new HeadBucketCommand({ Bucket: endpoint.bucket }));
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: endpoint.bucket }));
  } finally {
    client.destroy();
  }
}
