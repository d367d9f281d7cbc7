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

  it('keep two launches apart when their token requests wait at the same time', async () => {
    const scope = 'launch openid fhirUser patient/*.rs';
    const first = await ehrLaunch(t, {}, { scope }, {});
    const second = await ehrLaunch(t, {}, { scope }, {});
    const seen: SandboxEvent[] = [];
    const stop = t.sb.events.on('*', (event) => seen.push(event));
    // Both exchanges wait (on the sandbox's timers) and resume interleaved.
    t.sb.faults.inject({ at: 'token', latency: 40 });
    t.sb.faults.inject({ at: 'fhir', latency: 20 });
    try {
      const replies = await Promise.all([exchangeCode(t, first), exchangeCode(t, second)]);
      const tokens = replies.map((r) => (r.body as Record<string, string>).access_token!);
      await Promise.all(tokens.map(async (token) => {
        const res = await fetch(`${t.fhirBase}/Patient?_count=1`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        assert.equal(res.status, 200);
      }));
    } finally {
      t.sb.faults.clear();
      stop();
    }
    const issued = seen.filter((e) => e.type === 'auth.token');
    assert.equal(issued.length, 2);
    assert.notEqual(issued[0]!.launchId, issued[1]!.launchId);
    for (const token of issued) {
      const mine = seen.filter((e) => e.type !== 'store.change' && (e.jti === token.jti || e.interactionId === token.interactionId || e.launchId === token.launchId));
      for (const event of mine) {
        for (const key of ['launchId', 'interactionId', 'jti'] as const) {
          if (event[key] !== undefined) assert.equal(event[key], token[key], `${event.type} ${key} of its own flow`);
        }
      }
      assert.ok(mine.some((e) => e.type === 'fhir.request'), 'its FHIR call is tagged');
      assert.ok(mine.filter((e) => e.type === 'fault').length >= 2, 'its faults are tagged');
    }
  });
});

