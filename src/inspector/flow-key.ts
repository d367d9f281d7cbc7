/**
 * The one place that decides which flow an event belongs to, from the ids events carry (see
 * `FlowTags`): an EHR launch id or the interaction id of an authorization request starts a
 * flow, or joins the flow it already belongs to; the token exchange carries the interaction
 * together with the new token's `jti`, which links the two; FHIR calls, refreshes (which also
 * carry the interaction of their grant), introspection and revocation carry the `jti`. So two
 * launches of one client at the same time are two flows.
 *
 * Two kinds of events carry no id and are placed by time: discovery (it names no client)
 * joins the EHR launch still waiting for its app's authorization request, or else the next
 * flow that opens; a client's event that no id ties to a flow (an authorization request
 * refused before it became an interaction, a token request with an unknown code) starts a
 * flow at the authorize or launch endpoint, and otherwise joins that client's latest flow.
 */
import type { SandboxEvent } from '../events.js';

export interface FlowKeyer {
  /** The flow id of `event`, or undefined when it belongs to none (store changes, resets). */
  keyOf(event: SandboxEvent): string | undefined;
}

/** Steps that name no client: their faults are placed like discovery. */
const DISCOVERY_STEPS = new Set(['smart-configuration', 'openid-configuration', 'jwks']);

/**
 * Flow ids, as `flow-{n}`; `anonymous` for FHIR calls made without a valid token. The ids
 * of the `maxFlows` most recently active flows are remembered; an older flow's later events
 * start a new one.
 */
export function createFlowKeyer(maxFlows = 2000): FlowKeyer {
  let next = 0;
  /** The id the next flow takes; discovery seen before that flow opens already carries it. */
  let upcoming = `flow-${++next}`;
  /** An EHR launch whose app has not sent its authorize request yet: its discovery joins it. */
  let awaitingApp: string | undefined;
  /** `launch:{id}`, `interaction:{id}`, `jti:{id}` -> flow id. */
  const byId = new Map<string, string>();
  /** Each remembered flow with its ids and client, least recently active first. */
  const flows = new Map<string, { keys: string[]; clientId?: string }>();
  const latestOfClient = new Map<string, string>();
  /** The flow last added or moved to the end of `flows`. */
  let newest: string | undefined;
  /** How many flows were forgotten so far. */
  let forgotten = 0;
  /**
   * The ids of the last FHIR call that carried any, and its flow: a client's calls come one
   * after another with the same ids, and while that flow is still the newest and no flow was
   * forgotten, the next such call belongs to it and changes nothing (its ids are all known).
   */
  let lastCall: { launchId?: string; interactionId?: string; jti?: string; clientId?: string; flow: string; forgotten: number } | undefined;

  const forgetOldest = (): void => {
    while (flows.size > maxFlows) {
      forgotten += 1;
      const [oldest, record] = flows.entries().next().value as [string, { keys: string[]; clientId?: string }];
      flows.delete(oldest);
      for (const key of record.keys) byId.delete(key);
      if (record.clientId && latestOfClient.get(record.clientId) === oldest) latestOfClient.delete(record.clientId);
      if (awaitingApp === oldest) awaitingApp = undefined;
    }
  };

  const start = (clientId: string | undefined): string => {
    const id = upcoming;
    upcoming = `flow-${++next}`;
    flows.set(id, { keys: [], ...(clientId ? { clientId } : {}) });
    newest = id;
    if (clientId) latestOfClient.set(clientId, id);
    forgetOldest();
    return id;
  };

  /** Marks `flow` as just active and ties `keys` to it. */
  const touch = (flow: string, keys: string[]): void => {
    const record = flows.get(flow);
    if (!record) return;
    // A flow's calls come one after another: the most recently active flow stays where it is.
    if (newest !== flow) {
      flows.delete(flow);
      flows.set(flow, record);
      newest = flow;
    }
    for (const key of keys) {
      if (byId.has(key)) continue;
      byId.set(key, flow);
      record.keys.push(key);
    }
  };

  return {
    keyOf(event) {
      if (event.type === 'store.change' || event.type === 'sandbox.reset') return undefined;
      const call = event.type === 'fhir.request' ? lastCall : undefined;
      if (
        call !== undefined &&
        call.flow === newest &&
        call.forgotten === forgotten &&
        call.jti === event.jti &&
        call.launchId === event.launchId &&
        call.interactionId === event.interactionId &&
        call.clientId === event.clientId
      ) {
        return call.flow;
      }
      if (event.type === 'discovery') return awaitingApp ?? upcoming;
      const keys: string[] = [];
      if (event.launchId) keys.push(`launch:${event.launchId}`);
      if (event.interactionId) keys.push(`interaction:${event.interactionId}`);
      if (event.jti) keys.push(`jti:${event.jti}`);
      const clientId = event.clientId;
      let flow = keys.map((key) => byId.get(key)).find((id) => id !== undefined);

      if (!flow && keys.length === 0) {
        if (event.type === 'fault' && !clientId) {
          if (DISCOVERY_STEPS.has(event.step)) return awaitingApp ?? upcoming;
          if (event.step === 'fhir') return 'anonymous';
        }
        if (!clientId) return event.type === 'fhir.request' ? 'anonymous' : undefined;
        const opens = event.type === 'auth.launch' || event.type === 'auth.authorize' || (event.type === 'auth.error' && (event.endpoint === 'authorize' || event.endpoint === 'launch'));
        flow = opens ? undefined : latestOfClient.get(clientId);
      }

      flow ??= start(clientId);
      touch(flow, keys);
      if (event.type === 'fhir.request' && keys.length > 0) {
        lastCall = { launchId: event.launchId, interactionId: event.interactionId, jti: event.jti, clientId, flow, forgotten };
      }
      if (event.type === 'auth.launch') awaitingApp = flow;
      else if (event.type === 'auth.authorize' && (awaitingApp === flow || event.launchType === 'standalone')) awaitingApp = undefined;
      return flow;
    },
  };
}
