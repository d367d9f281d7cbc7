/**
 * Starts a sandbox for a test: only the small fixture chart, the test signing key, served on an
 * ephemeral loopback port. `url` is where it listens; `fhirBase` is its public FHIR base
 * (from `baseUrl` when one is set). `close()` in an `after` hook.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/index.js';
import { FIXTURES, TEST_KEY_FILE } from './fixtures.js';

export interface TestSandbox {
  sb: Sandbox;
  /** Where the sandbox listens, e.g. http://127.0.0.1:53117 */
  url: string;
  /** The public FHIR base: `${baseUrl ?? url}/fhir`. */
  fhirBase: string;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sb = await createSandbox({ patients: 0, keyFile: TEST_KEY_FILE, ...options });
  sb.store.clear();
  sb.store.load(FIXTURES);
  const server = createServer(sb.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sb,
    url,
    fhirBase: `${options.baseUrl ?? url}/fhir`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
