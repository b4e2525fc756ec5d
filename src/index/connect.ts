import './runtime.js';
import * as lancedb from '@lancedb/lancedb';
import { mkdir } from 'node:fs/promises';
import { safeUrl } from '../observe/safe-url.js';
import { isObjectStore } from '../domain/index-location.js';

export class IndexStoreError extends Error {
  override name = 'IndexStoreError';
}

/** The storage itself cannot be used (unreachable, keys refused): nothing to rebuild, a setting to fix. */
export class StorageAccessError extends IndexStoreError {
  override name = 'StorageAccessError';

  /** What is wrong, for messages that must not repeat the endpoint (domain/failure.ts). */
  constructor(
    message: string,
    readonly problem: 'credentials' | 'bucket' | 'unreachable',
  ) {
    super(message);
  }
}

/**
 * Object stores get bounded retries: LanceDB's own default retries an unreachable endpoint for
 * minutes, and a bot that cannot reach its index should say so while someone is still watching.
 */
const OBJECT_STORE_DEFAULTS: Record<string, string> = {
  connect_timeout: '5s',
  timeout: '60s',
  client_max_retries: '3',
  client_retry_timeout: '20',
};

/**
 * What a process that answers keeps of the index in memory. LanceDB's defaults (6 GB for index
 * data, 1 GB for file metadata) let a long-running bot keep every full-text posting list any
 * question ever read: about 67 MB after 38 questions at 50,000 pages, growing with each new word
 * up to the whole index (262 MB of index files there). A capped cache drops the least used lists;
 * what it drops is read again from the operating system's page cache.
 */
const SERVING_INDEX_CACHE_BYTES = 128n * 1024n * 1024n;
const SERVING_METADATA_CACHE_BYTES = 64n * 1024n * 1024n;

/**
 * Caches for one reader's connection, its own: a reader opened anew (after a repair) must read
 * the files again, not what an earlier one cached of them.
 */
export function servingCaches(): lancedb.Session {
  return new lancedb.Session(SERVING_INDEX_CACHE_BYTES, SERVING_METADATA_CACHE_BYTES);
}

/**
 * `session`: the caches to use (LanceDB's defaults without one). It goes in the options: the
 * session argument of `connect(uri, options, session)` is dropped by @lancedb/lancedb 0.31.
 */
export async function connectIndex(
  uri: string,
  storageOptions: Record<string, string>,
  session?: lancedb.Session,
): Promise<lancedb.Connection> {
  const caches = session ? { session } : {};
  if (!isObjectStore(uri)) {
    await mkdir(uri, { recursive: true });
    return lancedb.connect(uri, caches);
  }
  return lancedb.connect(uri, { ...caches, storageOptions: { ...OBJECT_STORE_DEFAULTS, ...storageOptions } });
}

/**
 * Turns what LanceDB says about storage it cannot use into what to change: object-store errors
 * name the variables that set the endpoint and the credentials.
 */
export function explainStorageError(error: unknown, uri: string, storageOptions: Record<string, string>): Error {
  if (error instanceof IndexStoreError) return error;
  const message = firstLine(error);
  if (!isObjectStore(uri)) return new IndexStoreError(`the index in ${uri} cannot be used (${message})`);
  const where = `${uri}${storageOptions.aws_endpoint ? ` at AWS_ENDPOINT_URL=${safeUrl(storageOptions.aws_endpoint)}` : ''}`;
  const status = /\b([45]\d\d) ([A-Z][A-Za-z ]+?)(?=[:.<]|$)/.exec(message);
  if (/InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|Forbidden|\b40[13]\b|credential/i.test(message)) {
    return new StorageAccessError(
      `the object store ${where} refused the credentials (${status ? `HTTP ${status[1]} ${status[2]}` : 'access denied'}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      'credentials',
    );
  }
  if (/NoSuchBucket|bucket.*(not exist|not found)/i.test(message)) {
    return new StorageAccessError(
      `the bucket of INDEX_URI=${uri} does not exist: create it or correct INDEX_URI`,
      'bucket',
    );
  }
  if (/connect|dns|resolve|refused|timed? ?out|unreachable|http error|builder error|sending request/i.test(message)) {
    return new StorageAccessError(
      `cannot reach the object store ${where} (no answer): check AWS_ENDPOINT_URL, AWS_REGION and the network (AWS_ALLOW_HTTP=true for a plain-http endpoint)`,
      'unreachable',
    );
  }
  return new IndexStoreError(`the index in ${where} cannot be used (${message})`);
}

/**
 * LanceDB's errors carry Rust backtraces and source locations over many lines; the first line
 * says what happened.
 */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split('\n')[0]
    .replace(/,? *\/[^\s]*\.rs:\d+:\d+/g, '')
    .trim()
    .slice(0, 400);
}

/**
 * Opens a table, or null when there is none. Asked directly rather than through `tableNames`:
 * some S3-compatible servers (s3rver among them) list nothing for LanceDB's listing request.
 */
export async function openIfExists(connection: lancedb.Connection, name: string): Promise<lancedb.Table | null> {
  try {
    return await connection.openTable(name);
  } catch (error) {
    if (/not found|does not exist|no such/i.test(firstLine(error))) return null;
    throw error;
  }
}
