import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, createSandbox, launchEhr, type Sandbox } from '../../src/index.js';
import { TEST_KEY_FILE } from '../helpers/fixtures.js';
import { fhirGet, listeningSandbox } from './helpers.js';

const REDIRECT = 'http://localhost/callback';

function clientsFile(clients: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mock-ehr-clients-')), 'clients.json');
  writeFileSync(path, JSON.stringify({ clients }));
  return path;
}

async function registerClient(sb: Sandbox, metadata: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sb.url}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(metadata) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const registered = (sb: Sandbox): string[] => sb.clients.list().filter((c) => c.origin === 'registered').map((c) => c.clientId);

describe('faults per client: the clients file', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await listeningSandbox({
      clients: clientsFile([
        { clientId: 'flaky-app', type: 'public', redirectUris: [REDIRECT], faults: [{ at: 'token', status: 503 }] },
        { clientId: 'steady-app', type: 'public', redirectUris: [REDIRECT] },
      ]),
    });
  });
  after(() => sb.close());

  it('a configured token fault happens at the token step of that client only', async () => {
    const flaky = await launchEhr(sb, { clientId: 'flaky-app', redirectUri: REDIRECT, patient: 'pat-1' });
    assert.ok(flaky.code, 'the authorize step is not affected');
    assert.equal(flaky.token?.status, 503);
    assert.equal(flaky.token?.body.error, 'temporarily_unavailable');
    const steady = await launchEhr(sb, { clientId: 'steady-app', redirectUri: REDIRECT, patient: 'pat-1' });
    assert.equal(steady.token?.status, 200);
    assert.ok(steady.tokens?.access_token);
    assert.equal((await launchEhr(sb, { patient: 'pat-1' })).token?.status, 200, 'nor the demo app');
  });

  it('the configured faults come back after reset(), like the configured clients', async () => {
    sb.faults.clear();
    assert.deepEqual(sb.faults.list(), []);
    await sb.reset();
    assert.deepEqual(
      sb.faults.list().map((f) => f.fault),
      [{ at: 'token', status: 503, client: 'flaky-app' }],
    );
  });
});

describe('faults per client: invalid faults in the clients option', () => {
  it('is a ConfigError naming the client and the fault', async () => {
    const error = await createSandbox({
      patients: 0,
      clients: [
        { clientId: 'a', type: 'public', redirectUris: [REDIRECT], faults: [{ at: 'token', error: 'access_denied' } as never, 'no-such-preset'] },
        { clientId: 'b', type: 'public', redirectUris: [REDIRECT], faults: [{ at: 'fhir', status: 503, client: 'other' } as never] },
      ],
    }).then(
      () => assert.fail('the sandbox was created'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConfigError);
    assert.ok(error.problems.includes('clients[0]: faults[0]: error must be one of "invalid_grant", "invalid_client"'), error.message);
    assert.ok(error.problems.some((p) => p.startsWith("clients[0]: faults[1]: 'no-such-preset' is not a fault preset id")), error.message);
    assert.ok(error.problems.some((p) => p.startsWith('clients[1]: faults[0]: client is implied')), error.message);
  });

  it('is a ConfigError from a clients file too', async () => {
    const path = clientsFile([{ clientId: 'a', type: 'public', redirectUris: [REDIRECT], faults: { at: 'token', status: 503 } }]);
    await assert.rejects(createSandbox({ patients: 0, clients: path }), (e: unknown) => e instanceof ConfigError && e.problems[0]!.startsWith('clients[0]: faults: must be a list of faults'));
  });

  it('sb.clients.add takes the same faults, preset ids included', async () => {
    const sb = await listeningSandbox();
    try {
      sb.clients.add({ clientId: 'added', type: 'public', redirectUris: [REDIRECT], faults: ['token-503'] });
      assert.equal((await launchEhr(sb, { clientId: 'added', redirectUri: REDIRECT, patient: 'pat-1' })).token?.status, 503);
      assert.throws(() => sb.clients.add({ clientId: 'bad', type: 'public', redirectUris: [REDIRECT], faults: [{ at: 'fhir', status: 418 } as never] }), ConfigError);
      assert.equal(sb.clients.get('bad'), undefined);
    } finally {
      await sb.close();
    }
  });
});

describe('faults per client: dynamic registration (mock_ehr_faults)', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await listeningSandbox();
  });
  after(() => sb.close());

  const metadata = { token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT], client_name: 'Flaky FHIR app' };

  it('a registered client with a FHIR 503 fault gets it, and the response echoes it', async () => {
    const reply = await registerClient(sb, { ...metadata, mock_ehr_faults: [{ at: 'fhir', status: 503, retryAfter: 3 }] });
    assert.equal(reply.status, 201);
    assert.deepEqual(reply.body.mock_ehr_faults, [{ at: 'fhir', status: 503, retryAfter: 3 }]);
    const clientId = reply.body.client_id as string;
    const flaky = await launchEhr(sb, { clientId, redirectUri: REDIRECT, patient: 'pat-1' });
    assert.equal(flaky.token?.status, 200, 'the token step is not affected');
    const read = await fhirGet(sb, 'Patient/pat-1', flaky.tokens!.access_token);
    assert.equal(read.status, 503);
    assert.equal(read.body.resourceType, 'OperationOutcome');
    assert.equal(read.headers.get('retry-after'), '3');
    const other = await launchEhr(sb, { patient: 'pat-1' });
    assert.equal((await fhirGet(sb, 'Patient/pat-1', other.tokens!.access_token)).status, 200, 'other clients are not affected');
  });

  it('preset ids are accepted and echoed as the faults they stand for', async () => {
    const reply = await registerClient(sb, { ...metadata, mock_ehr_faults: ['token-invalid-grant'] });
    assert.equal(reply.status, 201);
    assert.deepEqual(reply.body.mock_ehr_faults, [{ at: 'token', error: 'invalid_grant' }]);
  });

  for (const [name, faults, message] of [
    ['a status the step never sends', [{ at: 'fhir', status: 502 }], 'mock_ehr_faults[0]: status must be one of'],
    ['an unknown step', [{ at: 'everywhere', status: 503 }], 'mock_ehr_faults[0]: at must be one of'],
    ['an unknown preset id', ['fhir-418'], "mock_ehr_faults[0]: 'fhir-418' is not a fault preset id"],
    ['not a list', { at: 'fhir', status: 503 }, 'mock_ehr_faults: must be a list of faults'],
    ['a fault without effect', [{ at: 'token', times: 2 }], 'mock_ehr_faults[0]: a fault needs an effect'],
  ] as const) {
    it(`${name} is invalid_client_metadata, and nothing is registered`, async () => {
      const clientsBefore = registered(sb);
      const faultsBefore = sb.faults.list().length;
      const reply = await registerClient(sb, { ...metadata, mock_ehr_faults: faults });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'invalid_client_metadata');
      assert.ok(String(reply.body.error_description).includes(message), String(reply.body.error_description));
      assert.deepEqual(registered(sb), clientsBefore);
      assert.equal(sb.faults.list().length, faultsBefore);
    });
  }
});

describe('faults per client: strict registration', () => {
  it('still needs the initial access token; with it, faults are registered', async () => {
    const sb = await listeningSandbox({ strict: true, registrationToken: 'let-me-register-please' });
    try {
      const metadata = { token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT], mock_ehr_faults: ['fhir-503'] };
      const refused = await registerClient(sb, metadata);
      assert.equal(refused.status, 401);
      assert.equal(sb.faults.list().length, 0);
      const accepted = await registerClient(sb, metadata, { authorization: 'Bearer let-me-register-please' });
      assert.equal(accepted.status, 201);
      assert.deepEqual(sb.faults.list().map((f) => f.fault), [{ at: 'fhir', status: 503, client: accepted.body.client_id }]);
    } finally {
      await sb.close();
    }
  });
});

describe('faults per client: the documented clients file', () => {
  it('the example clients file (with faults) is accepted, and its faults are in force', async () => {
    const docs = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f))].map((f) => readFileSync(f, 'utf8'));
    const section = docs.map((text) => text.split('### Your own clients')[1]).find((part) => part !== undefined);
    const json = /```json\n([\s\S]*?)```/.exec(section ?? '')?.[1];
    assert.ok(json, 'the clients file example is documented');
    const clients = JSON.parse(json) as { clientId: string; faults?: unknown[] }[];
    assert.ok(clients.some((c) => c.faults !== undefined), 'the example shows faults');
    const sb = await createSandbox({ patients: 0, keyFile: TEST_KEY_FILE, clients: clientsFile(clients) });
    const expected = clients.flatMap((c) => (c.faults ?? []).map(() => c.clientId));
    assert.deepEqual(sb.faults.list().map((f) => f.fault.client), expected);
  });
});
