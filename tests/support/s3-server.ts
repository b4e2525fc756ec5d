import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// s3rver ships no types; what is used here is its documented constructor and run/close.
// @ts-expect-error no declaration file
import S3rver from 's3rver';

/** A real S3-compatible server on loopback (s3rver), with one bucket. Its default keys are S3RVER/S3RVER. */
export async function startS3(
  bucket: string,
): Promise<{ endpoint: string; env: Record<string, string>; close: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'qd-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ALLOW_HTTP: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
    },
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
