/**
 * Which redirect URIs a client may use (RFC 6749 §3.1.2, RFC 8252 §7.3): an exact string
 * match with a registered URI, or, for demo and permissive clients, any loopback URI.
 */
import type { ClientRecord } from './types.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An absolute http(s) URL without fragment, or undefined. */
export function parseRedirectUri(value: string): URL | undefined {
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !value.includes('#')) return url;
  } catch {
    // not a URL
  }
  return undefined;
}

/** http(s) on localhost, 127.0.0.1 or [::1], any port. */
export function isLoopbackUri(value: string): boolean {
  const url = parseRedirectUri(value);
  return url !== undefined && LOOPBACK_HOSTS.has(url.hostname);
}

export function redirectUriAllowed(client: ClientRecord, redirectUri: string): boolean {
  if (!parseRedirectUri(redirectUri)) return false;
  if (client.redirectUris.includes(redirectUri)) return true;
  return client.loopbackRedirects && isLoopbackUri(redirectUri);
}
