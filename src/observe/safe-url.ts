/** Credentials in a URL's user-info must not reach a log either. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * Masks the user-info of every URL quoted in a text (errors quote request URLs whole). The
 * user name goes too: a token is as often given as `https://TOKEN@host` as as a password.
 */
export function maskUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, '$1***@');
}

/**
 * The secret in a URL's user-info, as written and decoded: its password, or the user name when
 * there is no password (`https://TOKEN@host`). A user name beside a password names someone and
 * is masked only inside URLs, lest a common word vanish from every log line.
 */
export function urlSecrets(url: string | null | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const secret = parsed.password || parsed.username;
  return secret ? [...new Set([secret, decoded(secret)])] : [];
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
