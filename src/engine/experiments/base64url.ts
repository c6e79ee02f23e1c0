/**
 * URL-safe base64 (RFC 4648 §5, unpadded) and the JSON it carries in the book's links. Small and
 * free of the experiment registry, so that a page can read a link's outside (assignment-envelope.ts)
 * before the figures' code arrives.
 */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with a spread argument list overflows the stack on long inputs.
  for (let i = 0; i < bytes.length; i += 8192) binary += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

/** The JSON value carried as base64url of UTF-8, or which layer failed. */
export function parseBase64UrlJson(text: string): { ok: true; value: unknown } | { ok: false; failed: 'base64' | 'json' } {
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(text));
  } catch {
    return { ok: false, failed: 'base64' };
  }
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch {
    return { ok: false, failed: 'json' };
  }
}
