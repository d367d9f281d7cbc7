import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FAULT_PRESETS } from '../../src/index.js';
import { inputValues } from '../helpers/browser.js';
import { ehrLaunch, exchangeCode, launchFromEhr } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('simulated faults chosen on the EHR launcher', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  it('the launcher offers every preset as a checkbox', async () => {
    const page = await (await fetch(`${t.url}/`)).text();
    assert.deepEqual(inputValues(page, 'fault'), FAULT_PRESETS.map((p) => p.id));
  });

  it('a fault ticked for one launch happens in that launch only', async () => {
    const faulty = await ehrLaunch(t, { faults: ['token-503'] });
    assert.ok(faulty.code, faulty.location.href);
    const reply = await exchangeCode(t, faulty);
    assert.equal(reply.status, 503);
    assert.equal(reply.body.error, 'temporarily_unavailable');
    const healthy = await ehrLaunch(t);
    assert.equal((await exchangeCode(t, healthy)).status, 200);
  });

  it('an unknown fault id is ignored', async () => {
    const app = await launchFromEhr(t, { faults: ['no-such-fault'] });
    assert.ok(app.searchParams.get('launch'));
  });
});
