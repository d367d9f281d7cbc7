/** mock-ehr: a whole SMART on FHIR sandbox EHR in one Node process. */
export { createSandbox } from './sandbox.js';
export type { Sandbox } from './sandbox.js';
export { ConfigError, DEFAULTS } from './config.js';
export { DataLoadError } from './data/errors.js';
export type { SandboxOptions, ResolvedOptions } from './config.js';
export { createManualClock, systemClock } from './clock.js';
export type { Clock, ManualClock } from './clock.js';
export type {
  AccessDecision,
  EventBus,
  EventOf,
  EventType,
  FaultEvent,
  FhirRequestEvent,
  FlowTags,
  SandboxEvent,
  StoreChangeEvent,
} from './events.js';
export type { SandboxStore, BundleInput, SearchParams } from './api/sandbox-store.js';
export type { IssueTokenOptions, TokenResponse } from './api/issue-token.js';
export type { CreateLaunchOptions, CreatedLaunch } from './api/create-launch.js';
export type { AuthorizeChoices, AuthorizeResult } from './api/authorize.js';
export { createPkce, exchangeCode, launchEhr, launchStandalone, refreshToken, DEFAULT_REDIRECT_URI } from './api/launches.js';
export type { AppOptions, EhrLaunchOptions, ExchangeCodeOptions, LaunchResult, Pkce, TokenReply } from './api/launches.js';
export { FAULT_PRESETS, presetFaults } from './flow/fault-types.js';
export type { Fault, FaultPreset, FaultTarget, AuthorizeFault, AuthorizeFaultError, TokenFault, FhirFault, OtherFault } from './flow/fault-types.js';
export type { Faults, InjectedFault } from './flow/faults.js';
export { STEPS } from './flow/steps.js';
export type { Step } from './flow/steps.js';
export { OperationOutcomeError } from './errors/operation-outcome.js';
export type { OperationOutcome, OperationOutcomeIssue } from './errors/operation-outcome.js';
export type { Resource, StoredResource } from './fhir/resource.js';
export type { ResourceStore, VersionEntry } from './store/resource-store.js';
export { ROUTES } from './routes.js';
export type { SandboxClients, SandboxProxies } from './sandbox.js';
export type { ProxyUser } from './auth/people/proxies.js';
export type { AuthOptions } from './auth/options.js';
export { AUTH_DEFAULTS } from './auth/options.js';
export type { ClientConfig, ClientRecord, ClientType, ClientOrigin, JsonWebKeySet } from './auth/clients/types.js';
export { DEMO_BACKEND_CLIENT_ID, DEMO_CLIENT_SECRET } from './auth/clients/demo-clients.js';
export { DEMO_ASYMMETRIC_ES384, DEMO_ASYMMETRIC_RS384, DEMO_BACKEND_ES384 } from './auth/clients/demo-keys.js';
export type { PrivateJwk } from './auth/clients/demo-keys.js';
export { authenticateBearer } from './auth/bearer.js';
export type { BearerResult } from './auth/bearer.js';
export type { AccessTokenRecord, LaunchContext, FhirContextItem, UserRef } from './auth/tokens/records.js';
export {
  OAuthError,
  InvalidRequestError,
  InvalidClientError,
  InvalidGrantError,
  UnauthorizedClientError,
  UnsupportedGrantTypeError,
  UnsupportedResponseTypeError,
  InvalidScopeError,
  AccessDeniedError,
  ServerError,
  InvalidRedirectUriError,
  InvalidClientMetadataError,
} from './auth/errors.js';
export type { OAuthErrorCode } from './auth/errors.js';
export type { AuthEvent, AuthErrorEvent, AuthTokenEvent, DiscoveryEvent } from './auth/events.js';
