/**
 * The endpoint table: every OAuth, page and discovery endpoint in one entry each (path from
 * the route table, method, page or JSON, body parser, the flow step its hooks run as, and
 * the handler). The router is built from it, and so are the CORS and page lists and the
 * endpoint URLs that the discovery documents publish. The FHIR API has its own router.
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from './context.js';
import { authorize } from './auth/authorize/endpoint.js';
import { showInteraction, submitInteraction } from './auth/interaction/handlers.js';
import { introspect } from './auth/introspect.js';
import { createLaunch, showLauncher } from './auth/launcher/launcher.js';
import { register } from './auth/register.js';
import { revoke } from './auth/revoke.js';
import { smartStyle } from './auth/style.js';
import { token } from './auth/token/endpoint.js';
import { sendJwks, sendOpenidConfiguration, sendSmartConfiguration } from './discovery/handlers.js';
import type { Step } from './flow/steps.js';
import type { RouteName } from './routes.js';

export interface Endpoint {
  route: RouteName;
  /** Appended to the route's path, e.g. `/:uid`. */
  suffix?: string;
  method: 'GET' | 'POST';
  /** A page has a browser session and CSRF tokens, and shows errors as HTML; JSON is open to any origin (CORS). */
  kind: 'page' | 'json';
  /** The browser session (cookie), needed by pages with forms; default: every page. */
  session?: boolean;
  body?: 'form' | 'json';
  /** The flow step whose hooks (faults, latency, events) run around the handler. */
  step?: Step;
  /** The member of the discovery documents that publishes this endpoint's URL. */
  discovery?: DiscoveryMember;
  handler: (ctx: SandboxContext, req: Request, res: Response) => void | Promise<void>;
}

export type DiscoveryMember =
  | 'authorization_endpoint'
  | 'token_endpoint'
  | 'introspection_endpoint'
  | 'revocation_endpoint'
  | 'registration_endpoint'
  | 'jwks_uri'
  | 'smart_style_url';

export const ENDPOINTS: readonly Endpoint[] = [
  { route: 'smartConfiguration', method: 'GET', kind: 'json', step: 'smart-configuration', handler: sendSmartConfiguration },
  { route: 'openidConfiguration', method: 'GET', kind: 'json', step: 'openid-configuration', handler: sendOpenidConfiguration },
  { route: 'jwks', method: 'GET', kind: 'json', step: 'jwks', discovery: 'jwks_uri', handler: sendJwks },
  { route: 'home', method: 'GET', kind: 'page', handler: showLauncher },
  { route: 'launch', method: 'POST', kind: 'page', body: 'form', step: 'launch', handler: createLaunch },
  // The authorize endpoint shows no form (only error pages): its interaction binds to a session on its first page.
  { route: 'authorize', method: 'GET', kind: 'page', session: false, step: 'authorize', discovery: 'authorization_endpoint', handler: authorize },
  { route: 'authorize', method: 'POST', kind: 'page', session: false, body: 'form', step: 'authorize', handler: authorize },
  { route: 'interaction', suffix: '/:uid', method: 'GET', kind: 'page', step: 'interaction', handler: showInteraction },
  { route: 'interaction', suffix: '/:uid', method: 'POST', kind: 'page', body: 'form', step: 'interaction', handler: submitInteraction },
  { route: 'token', method: 'POST', kind: 'json', body: 'form', step: 'token', discovery: 'token_endpoint', handler: token },
  { route: 'introspect', method: 'POST', kind: 'json', body: 'form', step: 'introspect', discovery: 'introspection_endpoint', handler: introspect },
  { route: 'revoke', method: 'POST', kind: 'json', body: 'form', step: 'revoke', discovery: 'revocation_endpoint', handler: revoke },
  { route: 'register', method: 'POST', kind: 'json', body: 'json', step: 'register', discovery: 'registration_endpoint', handler: register },
  { route: 'smartStyle', method: 'GET', kind: 'json', discovery: 'smart_style_url', handler: (_ctx, req, res) => smartStyle(req, res) },
];
