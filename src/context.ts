/**
 * Everything one sandbox owns. Each sandbox builds its own context, and nothing lives at
 * module level, so several sandboxes run side by side in one process and share nothing.
 */
import type { Request } from 'express';
import { createProxyRegistry, type ProxyRegistry } from './auth/people/proxies.js';
import type { KeyRing } from './auth/keys/signing-key.js';
import { createAuthState, type AuthState } from './auth/state.js';
import { createOffsetClock, type ManualClock } from './clock.js';
import type { ResolvedOptions } from './config.js';
import { createEventBus, type SandboxEventBus } from './events.js';
import type { Resource } from './fhir/resource.js';
import { createHostRule, type HostRule } from './http/host-rule.js';
import { createResourceValidator, type ResourceValidator } from './fhir/validate/schema-validator.js';
import { createFlowState, type FlowState } from './flow/state.js';
import { createFlowTracker, type FlowTracker } from './inspector/tracker.js';
import { createSearchCache, type SearchCache } from './fhir/search/cache.js';
import { createClaimedProfilesCache, profileCollector, profilesClaimedBy, type ClaimedProfilesCache } from './discovery/supported-profiles.js';
import { createMemoryStore } from './store/memory-store.js';
import { seededIds } from './store/ids.js';
import { observeStore } from './store/observed-store.js';
import { asLoadedVersions, loadedVersionsAsTaken } from './store/stored-form.js';
import type { LoadOptions, ResourceStore } from './store/resource-store.js';

export interface SandboxContext {
  options: ResolvedOptions;
  /** The one clock: the configured one, behind an offset that `sb.clock.advance` moves. */
  clock: ManualClock;
  events: SandboxEventBus;
  /** The store; every committed write emits a `store.change` event. */
  store: ResourceStore;
  /** The same store without events, for seeding and reset. */
  quietStore: ResourceStore;
  /** Flow tags of the request being handled, links between a flow's artifacts, injected faults. */
  flow: FlowState;
  validate: ResourceValidator;
  /** The resources the store starts with, and returns to on reset. */
  initialData: readonly Resource[];
  /** When the sandbox was created (the CapabilityStatement's date). */
  startedAt: string;
  /** The authorization server's keys, clients, launches, codes and tokens. */
  auth: AuthState;
  /** The `Host` headers this sandbox answers. */
  hosts: HostRule;
  /** Flow events grouped into flows and described step by step (inspector, flow log). */
  flows: FlowTracker;
  /** Who may act for whom: recorded when data is loaded, or set through `sb.proxies`. */
  proxies: ProxyRegistry;
  /** The matches of recent searches, until the store next changes (fhir/search/cache.ts). */
  searchCache: SearchCache;
  /** The US Core profiles the stored data claims (the CapabilityStatement's supportedProfile), until the store next changes. */
  claimedProfiles: ClaimedProfilesCache;
}

/**
 * The store of a sandbox: loading data (the seed, `data`, `sb.store.load`, a reset) also
 * records the proxy relations that data states; writes through the FHIR API do not.
 */
function recordingStore(store: ResourceStore, proxies: ProxyRegistry): ResourceStore {
  return {
    ...store,
    load(resources, options) {
      const list = [...resources];
      store.load(list, options);
      proxies.recordLoaded(list);
    },
    clear() {
      store.clear();
      proxies.clear();
    },
  };
}

/**
 * How the store loads the initial data (and loads it again on reset). The generated seed is
 * compact already (its generator shares repeated elements, frozen, and makes its strings
 * flat): it is indexed later, a part at a time, so that even thousands of patients answer as
 * soon as they are loaded. Data files may hold anything: equal elements are shared.
 */
export function initialLoadOptions(options: ResolvedOptions): LoadOptions {
  return options.data.length === 0 ? { asGiven: true } : { shareElements: true };
}

/**
 * `data`: freshly generated or parsed resources that the context takes over (it stamps their
 * `meta` in place); a list, or an iterable that makes them as they are taken (the seed, which
 * is then loaded one chart at a time as it is generated). `keys`: the signing key ring, when
 * the caller started it before generating the data.
 */
export function createContext(options: ResolvedOptions, data: Iterable<Resource>, keys?: KeyRing): SandboxContext {
  const clock = createOffsetClock(options.clock);
  const ids = seededIds(options.seed);
  const proxies = createProxyRegistry();
  const memoryStore = createMemoryStore({ clock, newId: ids.next, onClear: ids.restart });
  const quietStore = recordingStore(memoryStore, proxies);
  // The store keeps these very objects (and gets them back on reset): one copy of the seed.
  let initialData: Resource[];
  const loadOptions = initialLoadOptions(options);
  let claimed: () => Map<string, string[]>;
  if (Array.isArray(data)) {
    initialData = asLoadedVersions(data as readonly Resource[], true);
    quietStore.load(initialData, loadOptions);
    claimed = () => profilesClaimedBy(initialData);
  } else {
    initialData = [];
    // What the proxies and the CapabilityStatement need of the data is noted as each resource
    // is loaded, while it is at hand, rather than by another pass over a million of them.
    const people: Resource[] = [];
    const profiles = profileCollector();
    memoryStore.load(
      loadedVersionsAsTaken(data, initialData, true, (r) => {
        profiles.add(r);
        if (r.resourceType === 'Patient' || r.resourceType === 'RelatedPerson') people.push(r);
      }),
      loadOptions,
    );
    proxies.recordLoaded(people);
    claimed = () => profiles.result();
  }
  // Known from the data just loaded (when no resource replaced another: a load as given
  // fails if one did), so the first `GET /metadata` need not look at every stored resource.
  const claimedProfiles = createClaimedProfilesCache(quietStore);
  if (loadOptions.asGiven || quietStore.count() === initialData.length) {
    claimedProfiles.prime(claimed(), quietStore.generation());
  }
  const flow = createFlowState(clock);
  const events = createEventBus(clock, 500, flow.scope.current);
  return {
    options,
    clock,
    events,
    flows: createFlowTracker(events),
    store: observeStore(quietStore, (change) => events.emit({ type: 'store.change', ...change })),
    quietStore,
    flow,
    validate: createResourceValidator(),
    initialData,
    startedAt: new Date(clock.now()).toISOString(),
    auth: createAuthState(options, clock, keys),
    hosts: createHostRule(options.allowedHosts, options.baseUrl),
    proxies,
    searchCache: createSearchCache(),
    claimedProfiles,
  };
}

/**
 * The public URL of the sandbox root for this request: the configured `baseUrl`, or the
 * request's protocol and host plus the path the sandbox app is mounted under.
 */
export function rootUrl(ctx: SandboxContext, req: Request): string {
  if (ctx.options.baseUrl) return ctx.options.baseUrl;
  const mount = (req.res?.locals.mountPath as string | undefined) ?? '';
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${mount}`;
}
