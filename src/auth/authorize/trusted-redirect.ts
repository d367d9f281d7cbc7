/**
 * RFC 9700 §4.11.2 (the authorization server as open redirector): anyone may register a
 * client with a redirect URI of their choosing, then send a deliberately wrong request so the
 * server's trusted URL bounces the user to that site. Errors are therefore redirected before
 * the user has seen a page of ours only when the redirect URI is trusted: that of a demo,
 * configured or permissive client, or any loopback URI (RFC 8252 §7.3, a native or local
 * app). For a dynamically registered client's other URIs the error is shown on our page;
 * once the user has seen our pages (and chose to deny, say), redirects follow RFC 6749.
 */
import { isLoopbackUri } from '../clients/redirect-uri.js';
import type { VerifiedTarget } from './verify-client.js';

export function redirectsErrorsUnseen(target: VerifiedTarget): boolean {
  return target.client.origin !== 'registered' || isLoopbackUri(target.redirectUri);
}
