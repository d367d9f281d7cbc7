/**
 * One GET of a client's JWK Set that cannot be turned against internal hosts: the host name
 * is resolved first, every address it resolves to must pass the address policy, and the
 * connection goes to the checked address (the resolver is handed to the socket, so a second,
 * rebinding DNS answer is never asked for). Redirects are not followed. The body is read up
 * to a size limit, within a time limit. Failures carry a detail for the server's events; the
 * client is only ever told that the key set could not be fetched.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { LookupFunction } from 'node:net';
import { addressAllowed, addressClass, type AddressPolicy } from './address-policy.js';

/** Resolves a host name to all its addresses (like `dns.lookup` with `all: true`). */
export type HostResolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

// `node:dns/promises` and `node:https` (which loads TLS) are loaded when a key set is first
// fetched: most runs never fetch one, and loading them costs the command's start about 3 ms.
// `process.getBuiltinModule`, not `import()`: the command's code runs as a script with a V8 code
// cache, where `import()` has no loader (cli-code-cache.ts).
export const defaultResolver: HostResolver = (hostname) => process.getBuiltinModule('node:dns/promises').lookup(hostname, { all: true, verbatim: true });

export interface GuardedGetOptions extends AddressPolicy {
  resolver: HostResolver;
  timeoutMs: number;
  maxBytes: number;
}

/** Why a fetch failed, for the server's log and events only. */
export class FetchRefusedError extends Error {}

export interface GuardedResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

function checkedLookup(options: GuardedGetOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    options.resolver(hostname).then(
      (addresses) => {
        const refused = addresses.find((a) => !addressAllowed(a.address, options));
        if (addresses.length === 0) callback(new FetchRefusedError(`${hostname} did not resolve`), '', 4);
        else if (refused) callback(new FetchRefusedError(`${hostname} resolves to ${refused.address} (${addressClass(refused.address) ?? 'not an IP'}), which is not allowed`), '', 4);
        else if (lookupOptions.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: unknown) => callback(new FetchRefusedError(`${hostname} did not resolve (${(error as { code?: string }).code ?? 'error'})`), '', 4),
    );
  };
}

function readBody(res: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length']);
    if (declared > maxBytes) {
      res.destroy();
      reject(new FetchRefusedError(`the body is larger than ${maxBytes} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        res.destroy();
        reject(new FetchRefusedError(`the body is larger than ${maxBytes} bytes`));
      } else chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', (error) => reject(new FetchRefusedError(`the body could not be read (${error.message})`)));
  });
}

/** GET `url` under the policy; resolves with status, headers and body, whatever the status. */
export async function guardedGet(url: string, headers: Record<string, string>, options: GuardedGetOptions): Promise<GuardedResponse> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new FetchRefusedError(`${target.protocol} is not http(s)`);
  const literal = addressClass(target.hostname);
  if (literal !== undefined && !addressAllowed(target.hostname, options)) {
    throw new FetchRefusedError(`${target.hostname} is a ${literal} address, which is not allowed`);
  }
  const request = target.protocol === 'https:' ? process.getBuiltinModule('node:https').request : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'GET', headers, lookup: checkedLookup(options), signal: AbortSignal.timeout(options.timeoutMs) }, (res) => {
      readBody(res, options.maxBytes).then((body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }), reject);
    });
    req.on('error', (error: Error & { code?: string }) => {
      if (error instanceof FetchRefusedError) reject(error);
      else if (error.name === 'AbortError') reject(new FetchRefusedError(`no answer within ${options.timeoutMs / 1000} s`));
      else reject(new FetchRefusedError(`network error (${error.code ?? error.message})`));
    });
    req.end();
  });
}
