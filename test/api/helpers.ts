/** A listening sandbox with the small fixture chart, started through the public API. */
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/index.js';
import { FIXTURES, TEST_KEY_FILE } from '../helpers/fixtures.js';

export async function listeningSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await createSandbox({ patients: 0, keyFile: TEST_KEY_FILE, ...options });
  sb.store.clear();
  sb.store.load(FIXTURES);
  await sb.listen(0, '127.0.0.1');
  return sb;
}

export async function fhirGet(sb: Sandbox, path: string, token?: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${sb.fhirBaseUrl}/${path}`, { headers: { accept: 'application/fhir+json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}
