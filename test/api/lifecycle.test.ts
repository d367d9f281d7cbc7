import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { launchEhr, type Sandbox } from '../../src/index.js';
import { fhirGet, listeningSandbox } from './helpers.js';

describe('sandbox lifecycle', () => {
  it('after close() the process exits by itself: no timer, socket or stream is left open', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./lifecycle-child.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    // A bound so a leak fails the test instead of hanging it; not a timing assertion.
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code, signal] = await once(child, 'exit');
    clearTimeout(killer);
    assert.equal(signal, null, `the process had to be killed: something kept it alive\n${out}`);
    assert.equal(code, 0, out);
    assert.match(out, /closed/);
  });

  describe('two sandboxes in one process', () => {
    let a: Sandbox;
    let b: Sandbox;
    before(async () => {
      [a, b] = await Promise.all([listeningSandbox(), listeningSandbox()]);
    });
    after(async () => {
      await a.close();
      await b.close();
    });

    it('share no store, clock, faults, events or tokens', async () => {
      const seenByB: string[] = [];
      const stop = b.events.on('*', (e) => seenByB.push(e.type));
      a.store.create({ resourceType: 'Patient', id: 'only-in-a' });
      assert.equal(b.store.peek('Patient', 'only-in-a'), undefined);
      a.clock.advance(10 * 60 * 60 * 1000);
      assert.ok(Math.abs(b.clock.now() - Date.now()) < 60_000, "b's clock did not move");
      a.faults.inject({ at: 'fhir', status: 503 });
      const inB = await launchEhr(b, { patient: 'pat-1' });
      assert.equal((await fhirGet(b, 'Patient/pat-1', inB.tokens!.access_token)).status, 200, "a's fault does not reach b");
      const fromA = await a.issueToken({ patient: 'pat-1', scope: 'patient/*.rs' });
      assert.equal((await fhirGet(b, 'Patient/pat-1', fromA.access_token)).status, 401, "a's token means nothing to b");
      stop();
      assert.ok(!seenByB.includes('store.change'), "a's writes are not b's events");
    });
  });
});
