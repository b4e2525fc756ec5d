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

const rename = { en: 'rename the file and send it again', zh: '请改名后重新发送' };

/** Refuses a name no file system would take, or one that would write outside its folder. */
export function checkPageName(name: string): void {
  if (CONTROL.test(name)) {
    throw new UserError(
      `the file name holds a control character (such as NUL): ${rename.en}`,
      `文件名里有控制字符（如 NUL）：${rename.zh}`,
    );
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_NAME_BYTES) {
    throw new UserError(
      `the file name is too long: ${bytes} bytes, at most ${MAX_NAME_BYTES} (about ${Math.floor(MAX_NAME_BYTES / 3)} Chinese characters): ${rename.en}`,
      `文件名太长：${bytes} 字节，最多 ${MAX_NAME_BYTES} 字节（约 ${Math.floor(MAX_NAME_BYTES / 3)} 个汉字）：${rename.zh}`,
    );
  }
  if (/[/\\]/.test(name) || name.startsWith('.')) {
    throw new UserError(
      `the file name may not hold "/" or "\\" nor start with ".": ${rename.en}`,
      `文件名不能含有“/”或“\\”，也不能以“.”开头：${rename.zh}`,
    );
  }
  if (RESERVED.test(name)) {
    throw new UserError(
      `"${name}" is a name reserved for a device: ${rename.en}`,
      `“${name}”是系统保留的设备名：${rename.zh}`,
    );
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
