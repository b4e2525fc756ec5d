import http from 'node:http';
import https from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CopyStore } from './copies.js';

/**
 * Page copies on S3 (or MinIO, s3rver…), reached with the settings LanceDB is given for the
 * index. The SDK is loaded with the first use: most processes keep their index on a disk.
 */
export function s3CopyStore(uri: string, storageOptions: Record<string, string>): CopyStore {
  const [, bucket, prefix = ''] = /^[a-z0-9+]+:\/\/([^/]+)\/?(.*)$/i.exec(uri) ?? [];
  const base = prefix ? `${prefix.replace(/\/+$/, '')}/` : '';
  let client: Promise<{ s3: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | null = null;
  const connect = () => {
    // The SDK warns on standard error, once, that its releases of 2027 will want Node 22: news
    // for whoever upgrades, not a fault of this process (whose engines say Node 20).
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      s3: new sdk.S3Client(clientConfig(storageOptions)),
    }));
    return client;
  };
  return {
    where: uri,
    async keys() {
      const { s3, sdk } = await connect();
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(
          new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: base, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(base.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.filter((key) => key.endsWith('.json') && !key.includes('/'));
    },
    async read(key) {
      const { s3, sdk } = await connect();
      const object = await s3.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: base + key }));
      return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    },
    async write(key, body) {
      const { s3, sdk } = await connect();
      await s3.send(
        new sdk.PutObjectCommand({ Bucket: bucket, Key: base + key, Body: body, ContentType: 'application/gzip' }),
      );
    },
    async remove(key) {
      const { s3, sdk } = await connect();
      await s3.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: base + key }));
    },
  };
}

/**
 * LanceDB's option names to the SDK's: keys when given (else the SDK's own credential chain, as
 * LanceDB's), path-style requests to a configured endpoint as LanceDB makes them, bounded retries.
 */
function clientConfig(options: Record<string, string>) {
  const credentials =
    options.aws_access_key_id && options.aws_secret_access_key
      ? {
          accessKeyId: options.aws_access_key_id,
          secretAccessKey: options.aws_secret_access_key,
          sessionToken: options.aws_session_token,
        }
      : undefined;
  return {
    region: options.aws_region ?? 'us-east-1',
    endpoint: options.aws_endpoint,
    forcePathStyle: Boolean(options.aws_endpoint),
    credentials,
    maxAttempts: 3,
    // Copies are written in bursts, during changes: a socket kept open between them would only
    // hold the process (and a closing server) up.
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: 60_000,
      httpAgent: new http.Agent({ keepAlive: false }),
      httpsAgent: new https.Agent({ keepAlive: false }),
    },
  };
}
