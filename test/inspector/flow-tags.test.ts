/**
 * Every event of one launch carries the ids of its flow: the steps that finish after an
 * `await` (signing the tokens, decoding them for the inspector), the FHIR calls made with the
 * token, and the store changes those calls make; events outside any flow carry none.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxEvent } from '../../src/events.js';
import { ehrLaunch, exchangeCode } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('flow tags on events', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  it('tag the late steps of a launch, its FHIR calls and their store changes, and nothing else', async () => {
    const seen: SandboxEvent[] = [];
    const stop = t.sb.events.on('*', (event) => seen.push(event));
    try {
      const flow = await ehrLaunch(t, {}, { scope: 'launch openid fhirUser patient/*.rs patient/Observation.cu' }, {});
      const tokens = (await exchangeCode(t, flow)).body as Record<string, string>;
      const auth = { authorization: `Bearer ${tokens.access_token}` };
      const patient = String(tokens.patient);
      assert.equal((await fetch(`${t.fhirBase}/Patient/${patient}`, { headers: auth })).status, 200);
      const created = await fetch(`${t.fhirBase}/Observation`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'tag test' }, subject: { reference: `Patient/${patient}` } }),
      });
      assert.equal(created.status, 201);
      t.sb.store.create({ resourceType: 'Observation', status: 'final', code: { text: 'outside any flow' } });
    } finally {
      stop();
    }
    const token = seen.find((e) => e.type === 'auth.token')!;
    assert.ok(token.launchId && token.interactionId && token.jti, 'the token step knows its launch, authorization request and token');
    const ids = { launchId: token.launchId, interactionId: token.interactionId };
    for (const type of ['auth.code', 'auth.pkce', 'auth.tokens-decoded'] as const) {
      const event = seen.find((e) => e.type === type)!;
      assert.deepEqual({ launchId: event.launchId, interactionId: event.interactionId }, ids, `${type} belongs to the launch`);
    }
    const calls = seen.filter((e) => e.type === 'fhir.request');
    assert.equal(calls.length, 2);
    for (const call of calls) assert.deepEqual({ launchId: call.launchId, interactionId: call.interactionId, jti: call.jti }, { ...ids, jti: token.jti });
    const changes = seen.filter((e) => e.type === 'store.change');
    assert.equal(changes.length, 2);
    assert.deepEqual({ launchId: changes[0]!.launchId, jti: changes[0]!.jti }, { launchId: ids.launchId, jti: token.jti }, 'the write made with the token belongs to the flow');
    assert.deepEqual([changes[1]!.launchId, changes[1]!.jti, changes[1]!.interactionId], [undefined, undefined, undefined], 'a write outside any request belongs to no flow');
  });
});
