/**
 * Which `Host` headers the sandbox answers (a DNS-rebinding defence, as development servers
 * have): a page on another site that makes its own name resolve to 127.0.0.1 can then not
 * read our pages or tokens, nor become our issuer and `aud`. Allowed: IP literals (they
 * cannot be rebound), `localhost` and its subdomains (RFC 6761 §6.3), the host of `baseUrl`,
 * the host `listen()` was given, and the `allowedHosts` option (`.example.test` also allows
 * its subdomains; `'all'` turns the check off). The port is not compared.
 */
import type { Response } from 'express';
import ipaddr from 'ipaddr.js';

export interface HostRule {
  /** True when a request with this `Host` header may be served. */
  allows(hostHeader: string | undefined): boolean;
  /** Adds a host name (the one `listen()` binds to). */
  add(host: string): void;
}

/** The host name of a `Host` header, lower case, without port or IPv6 brackets. */
export function hostName(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') < 0 ? undefined : value.indexOf(']'));
  const colon = value.indexOf(':');
  return (colon < 0 ? value : value.slice(0, colon)).replace(/\.$/, '');
}

/** How many distinct `Host` headers keep their answer (a client sends the same one each time). */
const KEEP_ANSWERS = 64;

export function createHostRule(allowedHosts: readonly string[] | 'all', baseUrl: string | undefined): HostRule {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  /** The answer for each `Host` header seen lately: parsing an IP literal costs more than the rest of a read. */
  const answers = new Map<string, boolean>();
  const add = (host: string): void => {
    answers.clear();
    const name = host.trim().toLowerCase();
    if (name.startsWith('.')) {
      suffixes.push(name);
      exact.add(name.slice(1));
    } else if (name) exact.add(hostName(name));
  };
  if (allowedHosts !== 'all') allowedHosts.forEach(add);
  if (baseUrl) exact.add(hostName(new URL(baseUrl).host));
  return {
    add,
    allows(hostHeader) {
      if (allowedHosts === 'all' || hostHeader === undefined) return true;
      let answer = answers.get(hostHeader);
      if (answer === undefined) {
        answer = decide(hostHeader);
        if (answers.size >= KEEP_ANSWERS) answers.clear();
        answers.set(hostHeader, answer);
      }
      return answer;
    },
  };

  function decide(hostHeader: string): boolean {
    const name = hostName(hostHeader);
    if (ipaddr.IPv4.isValidFourPartDecimal(name) || ipaddr.IPv6.isValid(name)) return true;
    if (name === 'localhost' || name.endsWith('.localhost')) return true;
    return exact.has(name) || suffixes.some((s) => name.endsWith(s));
  }
}

/** Answers 421 Misdirected Request (RFC 9110 §15.5.20) for a host we do not serve. */
export function refuseHost(res: Response, host: string | undefined): void {
  res.status(421).setHeader('X-Content-Type-Options', 'nosniff');
  res
    .type('text/plain')
    .send(
      `Blocked request: this sandbox does not serve the host '${hostName(host ?? '')}'. ` +
        'If it should, start it with --allowed-hosts (or the allowedHosts option) naming that host.',
    );
}
