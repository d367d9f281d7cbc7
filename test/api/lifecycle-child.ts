/**
 * Run as a child process by lifecycle.test.ts: two sandboxes, a launch through each (with a
 * latency fault, an open event stream and a token refresh), then close(). The process must
 * then exit by itself: nothing may keep it alive.
 */
import { launchEhr, refreshToken } from '../../src/index.js';
import { listeningSandbox } from './helpers.js';

const a = await listeningSandbox();
const b = await listeningSandbox();
const stream = a.events.stream();
void stream.next();
a.faults.inject({ at: 'token', latency: 20 });
const flow = await launchEhr(a, { patient: 'pat-1' });
await refreshToken(a, { refreshToken: flow.tokens!.refresh_token! });
await launchEhr(b, { patient: 'pat-2' });
await b.issueToken({ patient: 'pat-1' });
await stream.return?.();
await a.close();
await b.close();
process.stdout.write('closed\n');
