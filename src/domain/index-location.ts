/**
 * Where an index can live: a local folder, or an object store LanceDB reaches by URI. Anything
 * else written as `scheme://` is neither, and refused by the configuration.
 */
const OBJECT_STORE = /^(s3|s3\+ddb|gs|az):\/\/[^/]+/i;
const ANY_SCHEME = /^[a-z][a-z0-9+]*:\/\//i;

/** `s3://bucket/prefix`, `gs://…`, `az://…` (and LanceDB's `s3+ddb://`). */
export function isObjectStore(location: string): boolean {
  return OBJECT_STORE.test(location);
}

/** Written as a URI (`scheme://…`) rather than a path, whether or not an object store. */
export function isUri(location: string): boolean {
  return ANY_SCHEME.test(location);
}
