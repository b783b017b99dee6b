/** base64url (RFC 4648 §5, no padding) without Buffer. */

const URL_SAFE = /^[A-Za-z0-9_-]*$/;

/** Decodes unpadded base64url; null when the text has other characters or an impossible length. */
export function base64urlDecode(text: string): Uint8Array | null {
  if (!URL_SAFE.test(text) || text.length % 4 === 1) return null;
  try {
    const s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Encodes bytes as unpadded base64url. */
export function base64urlEncode(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
