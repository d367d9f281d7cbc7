/**
 * A granular scope whose filter is relative to now (the `ap` date prefix, R4 search.html
 * 3.1.1.4.5) reads the sandbox clock wherever the token's access is decided: a read, the
 * validation of a stored resource and the criteria of a conditional write alike.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const SCOPE = 'patient/Observation.rs?date=ap2020-06-01';

describe('a granular filter relative to now', () => {
  let t: TestSandbox;
  let token: string;
  before(async () => {
    t = await startSandbox();
    t.sb.store.load([
      {
        resourceType: 'Observation',
        id: 'ap-old',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { reference: 'Patient/pat-1' },
        effectiveDateTime: '2019-06-01T00:00:00Z',
      },
    ]);
    // The token outlives the clock's move below.
    token = (await t.sb.issueToken({ scope: `launch/patient ${SCOPE}`, patient: 'pat-1', expiresIn: 40 * 365 * 86_400 })).access_token;
  });
  after(() => t.close());

  const status = async (path: string): Promise<number> => {
    const res = await fetch(`${t.fhirBase}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    return res.status;
  };

  it('follows the sandbox clock on a read and on $validate of the stored resource', async () => {
    // A year from the filter's day is outside its margin now (a tenth of its distance from now)...
    assert.equal(await status('/Observation/ap-old'), 403);
    assert.equal(await status('/Observation/ap-old/$validate'), 403);
    // ...and inside it thirty years later on the sandbox clock (a margin of three years).
    t.sb.clock.advance(30 * 365 * 86_400_000);
    assert.equal(await status('/Observation/ap-old'), 200);
    assert.equal(await status('/Observation/ap-old/$validate'), 200);
  });
});
