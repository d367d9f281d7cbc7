/**
 * Which network addresses the server may fetch a client's JWK Set from. Anyone may register
 * a `jwks_uri`, so the fetch must not become a way into internal networks (server-side
 * request forgery, RFC 9700 §4.11 in spirit; OWASP SSRF prevention): public unicast and
 * loopback addresses are allowed (developers serve keys on localhost); private (RFC 1918),
 * link-local (cloud metadata lives there), unique-local (RFC 4193) and carrier-grade NAT
 * addresses only when widened by option; every other class (unspecified, multicast,
 * broadcast, reserved, translation prefixes) never.
 */
import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Also allow private, link-local, unique-local and carrier-grade NAT addresses. */
  allowPrivate: boolean;
}

const ALWAYS = new Set(['unicast', 'loopback']);
const PRIVATE = new Set(['private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat']);

/** The address class (ipaddr.js range name) of an IP literal, IPv4-mapped IPv6 read as IPv4; undefined if not an IP. */
export function addressClass(address: string): string | undefined {
  const literal = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.IPv4.isValidFourPartDecimal(literal) && !ipaddr.IPv6.isValid(literal)) return undefined;
  return ipaddr.process(literal).range();
}

/** True when the policy lets the server connect to this IP address. */
export function addressAllowed(address: string, policy: AddressPolicy): boolean {
  const range = addressClass(address);
  if (range === undefined) return false;
  return ALWAYS.has(range) || (policy.allowPrivate && PRIVATE.has(range));
}
