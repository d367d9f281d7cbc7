/**
 * The sandbox as one step of a flow sees it: the same sandbox, except that every event the
 * step emits carries the flow's tags (also after an `await`), and `flow.addTags` adds to them.
 * The tags are carried by this context, not by `AsyncLocalStorage` (see `flow/state.ts`).
 */
import type { SandboxContext } from '../context.js';
import type { FlowTags, SandboxEventBus } from '../events.js';
import type { FlowState } from './state.js';

/** `ctx` for a step of the flow `tags`; `tags` is the step's own object (`addTags` changes it). */
export function stepContext(ctx: SandboxContext, tags: FlowTags): SandboxContext {
  const bus = ctx.events;
  const events = Object.create(bus) as SandboxEventBus;
  events.emit = (input) => ctx.flow.scope.run(tags, () => bus.emit(input));
  events.publish = (event) => ctx.flow.scope.run(tags, () => bus.publish(event));
  const flow: FlowState = Object.create(ctx.flow) as FlowState;
  flow.addTags = (more) => {
    Object.assign(tags, more);
  };
  const step = Object.create(ctx) as SandboxContext;
  step.events = events;
  step.flow = flow;
  return step;
}
