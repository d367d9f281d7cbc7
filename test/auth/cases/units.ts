/** The small pure checks where peers hide their bugs: audience, PKCE, redirect URIs, JWS, TTL. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sameAudience } from '../../../src/auth/audience.js';
import { redirectUrl } from '../../../src/auth/authorize/redirect.js';
import { isLoopbackUri, redirectUriAllowed } from '../../../src/auth/clients/redirect-uri.js';
import { permissiveClient } from '../../../src/auth/clients/registry.js';
import { signJwt, verifyJwt } from '../../../src/auth/keys/jws.js';
import { readKeyFile } from '../../../src/auth/keys/signing-key.js';
import { pkceFailure, s256 } from '../../../src/auth/token/pkce.js';
import { TtlMap } from '../../../src/auth/ttl-map.js';
import { createManualClock } from '../../../src/index.js';
import { TEST_KEY_FILE } from '../../helpers/fixtures.js';

describe('audience', () => {
  it('ignores trailing slashes and nothing else', () => {
    assert.ok(sameAudience('http://h/fhir', 'http://h/fhir'));
    assert.ok(sameAudience('http://h/fhir/', 'http://h/fhir'));
    assert.ok(sameAudience('http://h/fhir', 'http://h/fhir//'));
    assert.ok(!sameAudience('http://h/fhir2', 'http://h/fhir'));
    assert.ok(!sameAudience('https://h/fhir', 'http://h/fhir'));
    assert.ok(!sameAudience('http://h/FHIR', 'http://h/fhir'));
    assert.ok(!sameAudience('', ''));
  });
});

describe('PKCE verification', () => {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
  it('matches the RFC 7636 appendix B example', () => {
    assert.equal(s256(verifier), challenge);
    assert.equal(pkceFailure(challenge, verifier), undefined);
  });
  it('refuses missing, short, long, bad-character, equal-to-challenge and wrong verifiers', () => {
    assert.match(pkceFailure(challenge, undefined)!, /missing/);
    assert.match(pkceFailure(challenge, 'a'.repeat(42))!, /43 to 128/);
    assert.match(pkceFailure(challenge, 'a'.repeat(129))!, /43 to 128/);
    assert.match(pkceFailure(challenge, `${'a'.repeat(42)}!`)!, /43 to 128/);
    assert.match(pkceFailure(challenge, challenge)!, /equals the code_challenge/);
    assert.match(pkceFailure(challenge, 'b'.repeat(43))!, /does not match/);
    assert.match(pkceFailure(undefined, verifier)!, /had no code_challenge/);
    assert.equal(pkceFailure(undefined, undefined), undefined);
  });
});

describe('redirect URIs', () => {
  it('knows loopback URIs', () => {
    for (const u of ['http://localhost/', 'http://localhost:3000/cb', 'http://127.0.0.1:1/', 'http://[::1]:8080/x', 'https://localhost/']) assert.ok(isLoopbackUri(u), u);
    for (const u of ['http://localhost.example/', 'http://127.0.0.2/', 'http://example.com/', 'myapp://cb', 'http://localhost/#x']) assert.ok(!isLoopbackUri(u), u);
  });
  it('lets a permissive client use loopback URIs only', () => {
    const c = permissiveClient('x');
    assert.ok(redirectUriAllowed(c, 'http://localhost:9/cb'));
    assert.ok(!redirectUriAllowed(c, 'https://app.example/cb'));
    assert.ok(!redirectUriAllowed({ ...c, loopbackRedirects: false, redirectUris: ['https://a/cb'] }, 'https://a/cb/'));
    assert.ok(redirectUriAllowed({ ...c, loopbackRedirects: false, redirectUris: ['https://a/cb'] }, 'https://a/cb'));
  });
  it('appends parameters, keeping the existing query as it was', () => {
    assert.equal(redirectUrl('https://a/cb', { code: 'c', state: 's t' }), 'https://a/cb?code=c&state=s+t');
    assert.equal(redirectUrl('https://a/cb?x=%20', { code: 'c', state: undefined }), 'https://a/cb?x=%20&code=c');
  });
});

describe('JWS', () => {
  const key = readKeyFile(TEST_KEY_FILE);
  it('round-trips a token with kid and refuses any change', () => {
    const token = signJwt(key, { a: 1 });
    const verified = verifyJwt(key, token)!;
    assert.deepEqual(verified.payload, { a: 1 });
    assert.equal(verified.header.kid, key.kid);
    const [h, p, s] = token.split('.');
    assert.equal(verifyJwt(key, `${h}.${Buffer.from('{"a":2}').toString('base64url')}.${s}`), undefined);
    assert.equal(verifyJwt(key, `${Buffer.from('{"alg":"HS256","kid":"test-signing-key"}').toString('base64url')}.${p}.${s}`), undefined);
    assert.equal(verifyJwt(key, `${h}.${p}`), undefined);
    assert.equal(verifyJwt(key, 'a.b.c'), undefined);
  });
});

describe('TtlMap', () => {
  it('hides expired entries on its clock', () => {
    const clock = createManualClock(1000);
    const map = new TtlMap<string>(clock);
    map.set('a', 'x', 2000);
    assert.equal(map.get('a'), 'x');
    clock.set(2000);
    assert.equal(map.get('a'), undefined);
    assert.deepEqual(map.values(), []);
  });

  it('when full, drops an expired entry before the oldest live one, however the expiries are ordered', () => {
    const clock = createManualClock(1000);
    const map = new TtlMap<string>(clock, 3);
    map.set('old', 'live', 9000);
    map.set('short', 'expires first', 2000);
    map.set('b', 'live', 9000);
    map.set('c', 'live', 9000); // full, nothing expired yet: the oldest goes
    assert.deepEqual(map.values(), ['expires first', 'live', 'live']);
    assert.equal(map.get('old'), undefined);
    clock.set(2000);
    map.set('d', 'live', 9000); // full again: the expired one in the middle goes, not the oldest live one
    assert.equal(map.get('b'), 'live');
    assert.equal(map.get('c'), 'live');
    assert.equal(map.get('d'), 'live');
    map.clear();
    map.set('e', 'after clear', 1500); // already expired on the clock: never visible
    assert.equal(map.get('e'), undefined);
  });
});
