/** Issue requirements 3 and 10: the authorization options, their defaults, checks and flags. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCli, usage, UsageError } from '../../../src/cli-args.js';
import { resolveOptions } from '../../../src/config.js';
import { AUTH_DEFAULTS, ConfigError } from '../../../src/index.js';
import { exchangeCode, getTokens, standaloneLaunch } from '../../helpers/flows.js';
import { startSandbox } from '../../helpers/sandbox.js';

describe('authorization options', () => {
  it('have documented defaults', () => {
    const o = resolveOptions({});
    assert.equal(o.strict, false);
    assert.equal(o.pkceRequired, true);
    assert.equal(o.codeLifetime, 60);
    assert.equal(o.accessTokenLifetime, 3600);
    assert.equal(o.refreshTokenLifetime, 30 * 24 * 3600);
    assert.deepEqual(o.clients, []);
    assert.equal(o.keyFile, undefined);
    assert.deepEqual(AUTH_DEFAULTS, {
      strict: false,
      pkceRequired: true,
      codeLifetime: 60,
      accessTokenLifetime: 3600,
      refreshTokenLifetime: 2592000,
      maxParameterLength: 4096,
      maxPendingAuthorizations: 1000,
      maxSessions: 10000,
      maxClients: 1000,
      maxClientMetadataBytes: 16384,
      jwksAllowPrivate: false,
    });
    assert.deepEqual(o.allowedHosts, []);
    assert.equal(o.registrationToken, undefined);
  });

  it('report every problem at once', () => {
    assert.throws(
      () => resolveOptions({ codeLifetime: 0, accessTokenLifetime: 1.5, strict: 'yes', keyFile: '', clients: [{ clientId: '', type: 'nope' }] } as never),
      (e: unknown) => {
        const problems = (e as ConfigError).problems;
        assert.ok(problems.some((p) => p.startsWith('codeLifetime')));
        assert.ok(problems.some((p) => p.startsWith('accessTokenLifetime')));
        assert.ok(problems.some((p) => p.startsWith('strict')));
        assert.ok(problems.some((p) => p.startsWith('keyFile')));
        assert.ok(problems.some((p) => p.startsWith('clients[0]: clientId')));
        assert.ok(problems.some((p) => p.startsWith('clients[0]: type')));
        return e instanceof ConfigError;
      },
    );
  });

  it('check each client: secrets, keys, redirect URIs, duplicates', () => {
    const problems = (clients: unknown[]): string[] => {
      try {
        resolveOptions({ clients } as never);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    assert.match(problems([{ clientId: 'a', type: 'confidential-symmetric', redirectUris: ['https://a/'] }])[0]!, /needs a secret/);
    assert.match(problems([{ clientId: 'a', type: 'confidential-asymmetric', redirectUris: ['https://a/'] }])[0]!, /needs jwks or jwksUri/);
    assert.match(problems([{ clientId: 'a', type: 'public' }])[0]!, /at least one redirect URI/);
    assert.match(problems([{ clientId: 'a', type: 'public', redirectUris: ['ftp://a/'] }])[0]!, /redirectUris/);
    assert.match(problems([{ clientId: 'a', type: 'public', redirectUris: ['https://a/'], secret: 'x'.repeat(10) }])[0]!, /only a confidential-symmetric/);
    assert.match(problems([{ clientId: 'a', type: 'public', redirectUris: ['https://a/'] }, { clientId: 'a', type: 'public', redirectUris: ['https://b/'] }])[0]!, /listed twice/);
    assert.match(problems([{ clientId: 'a', type: 'public', redirectUris: ['https://a/'], colour: 'red' }])[0]!, /unknown member 'colour'/);
    assert.deepEqual(problems([{ clientId: 'b', type: 'backend-service', jwksUri: 'https://b.example/jwks.json' }]), []);
  });

  it('read clients from a JSON file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-ehr-clients-'));
    const file = join(dir, 'clients.json');
    writeFileSync(file, JSON.stringify({ clients: [{ clientId: 'file-app', type: 'public', name: 'From a file', redirectUris: ['https://file.example/cb'], scope: 'launch/patient patient/Observation.rs' }] }));
    const t = await startSandbox({ clients: file, strict: true });
    try {
      const client = t.sb.clients.get('file-app')!;
      assert.equal(client.name, 'From a file');
      assert.deepEqual(client.scope, ['launch/patient', 'patient/Observation.rs']);
      const flow = await standaloneLaunch(t, { clientId: 'file-app', redirectUri: 'https://file.example/cb', scope: 'launch/patient patient/*.rs' }, { patient: 'pat-1' });
      assert.equal((await exchangeCode(t, flow)).body.scope, 'launch/patient patient/Observation.rs');
    } finally {
      await t.close();
    }
    writeFileSync(file, '{"clients": 3}');
    assert.throws(() => resolveOptions({ clients: file }), /must hold a JSON array/);
    assert.throws(() => resolveOptions({ clients: join(dir, 'missing.json') }), /cannot read clients file/);
  });

  it('set the lifetimes of codes and tokens', async () => {
    const t = await startSandbox({ codeLifetime: 5, accessTokenLifetime: 120 });
    try {
      const tokens = await getTokens(t);
      assert.equal(tokens.expires_in, 120);
      const flow = await standaloneLaunch(t);
      t.sb.clock.advance(6000);
      assert.equal((await exchangeCode(t, flow)).body.error, 'invalid_grant');
    } finally {
      await t.close();
    }
  });
});

describe('authorization flags', () => {
  it('map to options', () => {
    const { options } = parseCli(
      ['--strict', '--pkce-optional', '--key-file', 'k.json', '--clients', 'c.json', '--code-lifetime', '30', '--access-lifetime', '600', '--refresh-lifetime', '1000'],
      {},
    );
    assert.deepEqual(
      { strict: options.strict, pkceRequired: options.pkceRequired, keyFile: options.keyFile, clients: options.clients, code: options.codeLifetime, access: options.accessTokenLifetime, refresh: options.refreshTokenLifetime },
      { strict: true, pkceRequired: false, keyFile: 'k.json', clients: 'c.json', code: 30, access: 600, refresh: 1000 },
    );
  });

  it('read environment variables, flags winning', () => {
    const { options } = parseCli(['--code-lifetime', '9'], { MOCK_EHR_STRICT: '1', MOCK_EHR_KEY_FILE: 'env.json', MOCK_EHR_CODE_LIFETIME: '99', MOCK_EHR_PKCE_OPTIONAL: 'false' });
    assert.equal(options.strict, true);
    assert.equal(options.keyFile, 'env.json');
    assert.equal(options.codeLifetime, 9);
    assert.equal(options.pkceRequired, undefined);
  });

  it('--open and --own-patients-only, or their variables, map to options', () => {
    assert.deepEqual(
      (({ open, ownPatientsOnly }) => ({ open, ownPatientsOnly }))(parseCli(['--open', '--own-patients-only'], {}).options),
      { open: true, ownPatientsOnly: true },
    );
    const fromEnv = parseCli([], { MOCK_EHR_OPEN: '1', MOCK_EHR_OWN_PATIENTS_ONLY: 'true' }).options;
    assert.equal(fromEnv.open, true);
    assert.equal(fromEnv.ownPatientsOnly, true);
    const neither = parseCli([], {}).options;
    assert.equal(neither.open, undefined);
    assert.equal(neither.ownPatientsOnly, undefined);
    for (const flag of ['--open', '--own-patients-only']) assert.match(usage(), new RegExp(`${flag} `));
  });

  it('refuse a bad lifetime and are listed in the usage', () => {
    assert.throws(() => parseCli(['--access-lifetime', 'soon'], {}), UsageError);
    for (const flag of ['--key-file', '--clients', '--strict', '--pkce-optional', '--code-lifetime', '--access-lifetime', '--refresh-lifetime']) {
      assert.match(usage(), new RegExp(`${flag} `));
    }
  });
});
