import { UserError } from '../domain/types.js';

/**
 * An uploaded page's name ends up as a file name (in SEEDS_DIR, in DATA_DIR/removed/ with a
 * timestamp after it): most file systems take 255 bytes, and the timestamp needs some.
 */
export const MAX_NAME_BYTES = 200;
/**
 * Control characters, halves of a character (invalid UTF-16), and the marks that reverse text so
 * that "gpj.exe" shows as "exe.jpg".
 */
const CONTROL = /[\p{Cc}\p{Cs}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Names Windows keeps for devices, with any extension (a folder may be shared to Windows). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/** Refuses a name no file system would take, or one that would write outside its folder. */
export function checkPageName(name: string): void {
  if (CONTROL.test(name)) {
    throw new UserError('file-name-control');
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_NAME_BYTES) {
    throw new UserError('file-name-too-long', { bytes, max: MAX_NAME_BYTES, chars: Math.floor(MAX_NAME_BYTES / 3) });
  }
  if (/[/\\]/.test(name) || name.startsWith('.')) {
    throw new UserError('file-name-path');
  }
  if (RESERVED.test(name)) {
    throw new UserError('file-name-reserved', { name });
  }
}

/** Whether `name` can be written as a file as it is. */
export function isUsableName(name: string): boolean {
  try {
    checkPageName(name);
    return true;
  } catch {
    return false;
  }
}
