/** mock-ehr: a whole SMART on FHIR sandbox EHR in one Node process. */
export { createSandbox } from './sandbox.js';
export type { Sandbox } from './sandbox.js';
export { ConfigError, DEFAULTS } from './config.js';
export type { SandboxOptions, ResolvedOptions } from './config.js';
export { createManualClock, systemClock } from './clock.js';
export type { Clock, ManualClock } from './clock.js';
export type {
  AccessDecision,
  EventBus,
  EventOf,
  EventType,
  FhirRequestEvent,
  SandboxEvent,
  StoreChangeEvent,
} from './events.js';
export { OperationOutcomeError } from './errors/operation-outcome.js';
export type { OperationOutcome, OperationOutcomeIssue } from './errors/operation-outcome.js';
export type { Resource, StoredResource } from './fhir/resource.js';
export type { ResourceStore, VersionEntry } from './store/resource-store.js';
export { ROUTES } from './routes.js';
