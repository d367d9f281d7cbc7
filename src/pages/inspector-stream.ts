/**
 * The flow inspector's live feed: server-sent events (HTML Living Standard §9.2), one
 * `step` event per flow step, the recent steps first. A comment line every 15 s keeps idle
 * connections open through proxies.
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from '../context.js';
import type { FlowStep } from '../inspector/steps.js';

const HEARTBEAT_MS = 15_000;

export function streamFlows(ctx: SandboxContext, req: Request, res: Response): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  const send = (step: FlowStep): void => {
    res.write(`id: ${step.seq}\nevent: step\ndata: ${JSON.stringify(step)}\n\n`);
  };
  // A reconnecting EventSource sends the last id it saw: resend only what came after it.
  const after = Number(req.get('last-event-id') ?? 0) || 0;
  for (const step of ctx.flows.recent()) if (step.seq > after) send(step);
  res.write('event: ready\ndata: {}\n\n');
  const stop = ctx.flows.subscribe(send);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  req.on('close', () => {
    clearInterval(heartbeat);
    stop();
  });
}
