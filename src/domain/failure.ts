import { messages, type Locale } from './messages.js';
import { UserError } from './types.js';

/** Fluent ids of what can fail under an admin's change or a readiness check, said in words. */
export const FAILURE_IDS = [
  'failure-object-store-credentials',
  'failure-object-store-bucket',
  'failure-object-store-unreachable',
  'failure-index-unreadable',
  'failure-disk-full',
  'failure-file-access',
  'failure-outside-api',
  'failure-unexpected',
] as const;
export type FailureId = (typeof FAILURE_IDS)[number];

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);
const FILE_ACCESS = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOENT',
  'ENAMETOOLONG',
  'EISDIR',
  'ENOTDIR',
  'EMFILE',
  'EIO',
]);

interface ErrorFields {
  name?: unknown;
  code?: unknown;
  problem?: unknown;
  message?: unknown;
}

/**
 * What failed, from the error's name and code alone. Read by name rather than class: the errors
 * come from the index and the adapters, which the domain does not import.
 */
export function failureId(error: unknown): FailureId {
  const { name, code, problem, message } = (error ?? {}) as ErrorFields;
  if (name === 'StorageAccessError') {
    if (problem === 'credentials') return 'failure-object-store-credentials';
    if (problem === 'bucket') return 'failure-object-store-bucket';
    return 'failure-object-store-unreachable';
  }
  if (name === 'IndexStoreError' || /\blance/i.test(String(message ?? ''))) return 'failure-index-unreadable';
  if (name === 'ApiError') return 'failure-outside-api';
  if (typeof code === 'string' && DISK_FULL.has(code)) return 'failure-disk-full';
  if (typeof code === 'string' && FILE_ACCESS.has(code)) return 'failure-file-access';
  return 'failure-unexpected';
}

/**
 * A failure in `locale`, for an admin or a probe: a refusal in its own words, anything else as
 * what failed. Never the error's own text, which holds server paths, endpoints and library
 * internals: that goes to the log.
 */
export function failureText(error: unknown, locale: Locale): string {
  if (error instanceof UserError) return error.in(locale);
  return messages().format(locale, failureId(error));
}
