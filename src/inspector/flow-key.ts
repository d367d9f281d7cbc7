/**
 * The one place that decides which flow an event belongs to. Events carry a client id but
 * no launch or interaction id yet, so a flow is "the latest launch of this client": an EHR
 * launch (`auth.launch`) or an authorize request not preceded by one opens a flow, and the
 * client's later steps, tokens and FHIR calls join it. Discovery requests name no client;
 * they join the next flow that opens. When events carry an interaction id and a token
 * `jti`, key flows on those here and nothing else changes.
 */
import type { SandboxEvent } from '../events.js';

export interface FlowKeyer {
  /** The flow id of `event`, or undefined when it belongs to none (store changes, resets). */
  keyOf(event: SandboxEvent): string | undefined;
}

/** Flow ids, as `flow-{n}`; `anonymous` for FHIR calls made without a valid token. */
export function createFlowKeyer(): FlowKeyer {
  let next = 0;
  /** The open flow of each client, and whether it has reached the authorize request. */
  const open = new Map<string, { id: string; authorized: boolean }>();
  /** The id the next flow takes; discovery seen before that flow opens already carries it. */
  let upcoming = `flow-${++next}`;
  /** An EHR launch whose app has not sent its authorize request yet: its discovery joins it. */
  let awaitingApp: string | undefined;

  const start = (clientId: string, authorized: boolean): string => {
    const id = upcoming;
    upcoming = `flow-${++next}`;
    open.set(clientId, { id, authorized });
    return id;
  };

  return {
    keyOf(event) {
      switch (event.type) {
        case 'store.change':
        case 'sandbox.reset':
          return undefined;
        case 'discovery':
          return awaitingApp ?? upcoming;
        case 'auth.launch':
          awaitingApp = start(event.clientId, false);
          return awaitingApp;
        case 'auth.authorize': {
          const current = open.get(event.clientId);
          // An EHR launch's authorize request joins its launch; anything else opens a flow.
          if (current && !current.authorized && event.launchType === 'ehr') {
            current.authorized = true;
            if (awaitingApp === current.id) awaitingApp = undefined;
            return current.id;
          }
          awaitingApp = undefined;
          return start(event.clientId, true);
        }
        case 'auth.token':
          // A backend service's token request is a flow of its own.
          return event.grantType === 'client_credentials' ? start(event.clientId, true) : (open.get(event.clientId)?.id ?? start(event.clientId, true));
        default: {
          const clientId = 'clientId' in event ? event.clientId : undefined;
          if (!clientId) return event.type === 'fhir.request' ? 'anonymous' : undefined;
          return open.get(clientId)?.id ?? start(clientId, true);
        }
      }
    },
  };
}
