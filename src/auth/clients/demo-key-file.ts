/**
 * The demo backend service's private JWK as a file, so that a backend service under test (or
 * the copy-paste example of docs/authorization.md) can sign its client assertions without
 * importing this package. The `mock-ehr` command writes it at start-up, to
 * `{os.tmpdir()}/mock-ehr/demo-backend-service.private-jwk.json`, and prints the path. The key
 * is public on purpose, like every demo credential; the file is still made readable by its
 * owner only.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientRecord } from './types.js';

/** Where the key of `clientId` goes in `dir` (default `{os.tmpdir()}/mock-ehr`). */
export function demoKeyFilePath(clientId: string, dir = join(tmpdir(), 'mock-ehr')): string {
  return join(dir, `${clientId}.private-jwk.json`);
}

function write(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
}

/**
 * Writes the first private key of a demo client and returns the file's path; undefined when
 * the client has no private key (not a demo client). When the shared folder cannot be written
 * (another user owns it, say), a fresh temporary folder is used instead.
 */
export function writeDemoKeyFile(client: ClientRecord | undefined, dir = join(tmpdir(), 'mock-ehr')): string | undefined {
  const key = client?.privateJwks?.keys[0];
  if (!client || !key) return undefined;
  const content = `${JSON.stringify(key, null, 2)}\n`;
  const path = demoKeyFilePath(client.clientId, dir);
  try {
    mkdirSync(dir, { recursive: true });
    write(path, content);
    return path;
  } catch {
    const fallback = demoKeyFilePath(client.clientId, mkdtempSync(join(tmpdir(), 'mock-ehr-')));
    write(fallback, content);
    return fallback;
  }
}
