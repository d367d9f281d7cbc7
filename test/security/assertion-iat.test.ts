/**
 * A client assertion issued "in the future" (RFC 7519 §4.1.6 `iat`) is refused: beyond a few
 * seconds of clock skew, such a JWT was not made for this request, and accepting it would let
 * a pre-signed assertion be used later.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { backendToken } from '../helpers/backend.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('client assertion iat', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  it('refuses an assertion whose iat is a minute ahead, issues nothing, and does not burn its jti', async () => {
    const issued: string[] = [];
    const stop = t.sb.events.on('auth.token', (e) => issued.push(e.type));
    const jti = randomUUID();
    const ahead = Math.floor(Date.now() / 1000) + 60;
    // exp stays within the five minutes SMART allows, so only iat is wrong.
    const reply = await backendToken(t, { assertion: { now: ahead, expiresIn: 60, jti } });
    assert.equal(reply.status, 401, JSON.stringify(reply.body));
    assert.equal(reply.body.error, 'invalid_client');
    assert.match(String(reply.body.error_description), /iat is in the future/);
    assert.equal(reply.body.access_token, undefined);
    stop();
    assert.deepEqual(issued, []);
    // The refused assertion left no trace: the same jti, honestly dated, still works.
    const ok = await backendToken(t, { assertion: { jti } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('accepts an iat a second or two ahead (clock skew)', async () => {
    const reply = await backendToken(t, { assertion: { now: Math.floor(Date.now() / 1000) + 2 } });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  });
});
