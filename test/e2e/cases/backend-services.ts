/**
 * SMART Backend Services end to end: openid-client's `clientCredentialsGrant` with
 * `PrivateKeyJwt`, then a FHIR search with fhir-kit-client; and the example of
 * docs/backend-services.md run exactly as written against a started `mock-ehr` command: a
 * client assertion made by hand with jose, signed with the key file the command wrote, then
 * a FHIR search with curl.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Client } from 'fhir-kit-client';
import { importJWK } from 'jose';
import * as oidc from 'openid-client';
import { DEMO_BACKEND_CLIENT_ID, DEMO_BACKEND_ES384 } from '../../../src/index.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

type Bundle = { resourceType: string; total: number; entry?: { resource: { resourceType: string; id: string; subject?: { reference: string } } }[] };

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

describe('openid-client: client_credentials with private_key_jwt', () => {
  let t: TestSandbox;
  let key: CryptoKey;
  before(async () => {
    t = await startSandbox();
    key = (await importJWK(DEMO_BACKEND_ES384, 'ES384')) as CryptoKey;
  });
  after(() => t.close());

  const discover = (auth: oidc.ClientAuth) =>
    oidc.discovery(new URL(`${t.fhirBase}/.well-known/smart-configuration`), DEMO_BACKEND_CLIENT_ID, undefined, auth, { execute: [oidc.allowInsecureRequests] });
  /** PrivateKeyJwt with the assertion's aud set to the token endpoint, as SMART requires. */
  const smartAuth = (): oidc.ClientAuth =>
    oidc.PrivateKeyJwt(
      { key, kid: DEMO_BACKEND_ES384.kid },
      {
        [oidc.modifyAssertion]: (_header, payload) => {
          payload.aud = `${t.url}/auth/token`;
        },
      },
    );

  it('gets a system/*.rs token and searches every patient with it through fhir-kit-client', async () => {
    const config = await discover(smartAuth());
    assert.ok(config.serverMetadata().grant_types_supported?.includes('client_credentials'));
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'system/*.rs' });
    assert.equal(tokens.scope, 'system/*.rs');
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.ok(typeof tokens.expires_in === 'number' && tokens.expires_in > 0 && tokens.expires_in <= 300);
    assert.equal(tokens.refresh_token, undefined);
    const fhir = new Client({ baseUrl: t.fhirBase, bearerToken: tokens.access_token });
    const patients = (await fhir.search({ resourceType: 'Patient' })) as unknown as Bundle;
    assert.deepEqual(patients.entry!.map((e) => e.resource.id).sort(), ['child-1', 'pat-1', 'pat-2']);
    const observations = (await fhir.search({ resourceType: 'Observation', searchParams: { patient: 'pat-1' } })) as unknown as Bundle;
    assert.equal(observations.total, 2);
  });

  it('is refused with invalid_client when the assertion keeps the library default aud, the issuer', async () => {
    const config = await discover(oidc.PrivateKeyJwt({ key, kid: DEMO_BACKEND_ES384.kid }));
    await assert.rejects(oidc.clientCredentialsGrant(config, { scope: 'system/*.rs' }), (e: unknown) => {
      const error = e as { error?: string; error_description?: string };
      return error.error === 'invalid_client' && /aud must be the token endpoint URL/.test(error.error_description ?? '');
    });
  });

  it('is refused with invalid_scope beyond the pre-authorized scopes', async () => {
    const config = await discover(smartAuth());
    await assert.rejects(oidc.clientCredentialsGrant(config, { scope: 'system/*.cruds' }), (e: unknown) => (e as { error?: string }).error === 'invalid_scope');
  });
});

/** The code block of docs/backend-services.md that follows `<!-- backend-example:{name} -->`. */
function docSnippet(name: string): string {
  const doc = readFileSync(join(REPO, 'docs', 'backend-services.md'), 'utf8');
  const m = new RegExp(`<!-- backend-example:${name.replace(/\./g, '\\.')} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  assert.ok(m, `docs/backend-services.md has the ${name} snippet`);
  return m[1]!;
}

const hasCurl = spawnSync('curl', ['--version']).status === 0;

describe('the backend services example of docs/backend-services.md, run as written', () => {
  let dir: string;
  let cli: ChildProcess;
  let output = '';
  before(async () => {
    // The reader's folder: get-token.mjs, and jose installed (here: this repository's node_modules).
    dir = mkdtempSync(join(tmpdir(), 'mock-ehr-example-'));
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'get-token.mjs'), `${docSnippet('get-token.mjs')}\n`);
    // `npx mock-ehr`, with the system temporary folder pointed at this test's folder.
    cli = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli.ts'), '--port', '0', '--patients', '4'], {
      cwd: REPO,
      env: { ...process.env, TMPDIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cli.stdout!.on('data', (d: Buffer) => (output += d));
    while (!/Press Ctrl\+C/.test(output)) {
      if (cli.exitCode !== null) throw new Error(`mock-ehr exited ${cli.exitCode}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  after(async () => {
    if (cli.exitCode === null) {
      cli.kill('SIGTERM');
      await once(cli, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('the command prints where it wrote the demo backend key, which is where the example reads it', () => {
    const printed = /Demo backend key\s+(\S+) \(client_id demo-backend-service, scope system\/\*\.rs\)/.exec(output)?.[1];
    assert.equal(printed, join(dir, 'mock-ehr', 'demo-backend-service.private-jwk.json'), output);
    assert.deepEqual(JSON.parse(readFileSync(printed, 'utf8')), DEMO_BACKEND_ES384);
  });

  it('get-token.mjs prints a token, and curl searches the FHIR API with it', { skip: !hasCurl && 'curl is not installed' }, async () => {
    const root = /FHIR base URL\s+(\S+)\/fhir\n/.exec(output)?.[1];
    assert.ok(root, output);
    const shell = docSnippet('shell').replaceAll('http://localhost:4013', root);
    const { stdout } = await promisify(execFile)('bash', ['-e', '-c', shell], { cwd: dir, env: { ...process.env, TMPDIR: dir, MOCK_EHR_URL: root } });
    const bundle = JSON.parse(stdout) as Bundle;
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.total, 4);
    assert.equal(bundle.entry!.length, 2);
    assert.ok(bundle.entry!.every((e) => e.resource.resourceType === 'Patient'));
  });
});
