import { UserError } from '../../../domain/types.js';

const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Downloads from the Bot API's file endpoint, refusing more than `maxBytes`. */
export function fileDownloader(
  apiRoot: string,
  token: string,
  maxBytes: number,
): (filePath: string) => Promise<Uint8Array> {
  return async (filePath) => {
    // A stalled download must not hold the chat, nor shutdown, for ever.
    const response = await fetch(`${apiRoot}/file/bot${token}/${filePath}`, {
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`file download failed: HTTP ${response.status}`);
    const tooLarge = (bytes: number) => new UserError('download-too-large', { size: bytes, max: maxBytes });
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw tooLarge(declared);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.byteLength > maxBytes) throw tooLarge(body.byteLength);
    return body;
  };
}
