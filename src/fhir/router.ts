/**
 * The Express adapter of the FHIR API: content negotiation, body parsing, routing to an
 * interaction, and one error serializer. Every failure leaves as an OperationOutcome;
 * no stack trace ever reaches a client.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootUrl, type SandboxContext } from '../context.js';
import { openCors } from '../http/cors.js';
import { packageRoot } from '../paths.js';
import { urlFor } from '../routes.js';
import { formBody, jsonBody, type FormRecord } from '../http/body.js';
import { bodyKind, wantsFhirJson } from './http/body-kind.js';
import { FHIR_JSON, negotiate } from './http/media.js';
import { limitExceeded, SEARCH_LIMITS } from './search/limits.js';
import type { JsonCache } from './http/serialize.js';
import { sendError, sendResult, toOperationOutcomeError } from './http/send.js';
import { versionFromEtag } from './interactions/headers.js';
import type { AccessDecision } from '../events.js';
import { authenticate, type GrantCache } from './access/authenticate.js';
import { OPEN_GRANT, type AccessGrant } from './access/grant.js';
import { createHandler } from './handle.js';
import type { FhirRequest } from './request.js';
import { routeRequest, type Route } from './route-request.js';
import type { FlowTags } from '../events.js';
import { fhirFault } from '../flow/fhir-faults.js';

/** The flow a FHIR request belongs to: its token's client and jti, and the launch that token came from. */
function flowTags(ctx: SandboxContext, grant: AccessGrant | undefined): FlowTags {
  if (grant?.kind !== 'token') return {};
  return { ...(grant.jti ? ctx.flow.links.find('jti', grant.jti) : undefined), clientId: grant.clientId, ...(grant.jti ? { jti: grant.jti } : {}) };
}

function queryParams(originalUrl: string): [string, string][] {
  const q = originalUrl.indexOf('?');
  return q < 0 ? [] : [...new URLSearchParams(originalUrl.slice(q + 1))];
}

function formParams(body: unknown): [string, string][] {
  if (!body || typeof body !== 'object') return [];
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(body as FormRecord)) {
    for (const v of Array.isArray(value) ? value : [value]) out.push([name, String(v)]);
  }
  return out;
}

function preferences(header: string | undefined): Pick<FhirRequest, 'strictHandling' | 'preferReturn'> {
  const prefs = new Map<string, string>();
  for (const part of (header ?? '').split(/[,;]/)) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k) prefs.set(k.toLowerCase(), (v ?? '').replace(/"/g, ''));
  }
  const ret = prefs.get('return');
  return {
    strictHandling: prefs.get('handling') === 'strict',
    preferReturn: ret === 'minimal' || ret === 'representation' || ret === 'OperationOutcome' ? ret : undefined,
  };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** `/metadata` with any method: its errors (405) need no token, like the CapabilityStatement itself. */
const isMetadataPath = (path: string): boolean => /^\/metadata\/?$/.test(path);
const BINARY_READ = /^\/Binary\/[^/]+(\/_history\/[^/]+)?\/?$/;

/** The FHIR R4 REST API, to be mounted at `ROUTES.fhir`. */
export function createFhirRouter(ctx: SandboxContext): Router {
  const router = express.Router();
  const handle = createHandler(ctx, packageVersion());
  const grants: GrantCache = new WeakMap();
  // JSON of stored resource versions, made once each (versions never change).
  const serialized: JsonCache = new WeakMap();
  const json = jsonBody({ type: () => true, limit: ctx.options.bodyLimit });
  const form = formBody({ limit: SEARCH_LIMITS.searchFormBytes, parameterLimit: SEARCH_LIMITS.parametersPerRequest });
  const raw = express.raw({ type: () => true, limit: ctx.options.bodyLimit });

  // The SMART configuration lives under the FHIR base but belongs to discovery.
  router.use('/.well-known', (_req: Request, _res: Response, next: NextFunction) => next('router'));
  router.use(openCors());

  router.use((req: Request, res: Response, next: NextFunction) => {
    const params = queryParams(req.originalUrl);
    const format = params.find(([name]) => name === '_format')?.[1];
    try {
      res.locals.mediaType = negotiate(req.get('accept'), format);
    } catch (error) {
      // A Binary is read in its own content type, whatever Accept names (R4 binary.html#rest).
      if (req.method !== 'GET' || !BINARY_READ.test(req.path)) throw error;
      res.locals.mediaType = FHIR_JSON;
    }
    res.locals.pretty = params.some(([name, value]) => name === '_pretty' && value === 'true');
    // A path that names nothing is still answered only after the token is checked, so that a
    // request without one learns nothing but 401 (the CapabilityStatement excepted).
    let route: Route | undefined;
    let routeError: unknown;
    try {
      route = routeRequest(req.method, req.path);
    } catch (error) {
      routeError = error;
    }
    res.locals.route = route;
    res.on('finish', () => {
      const grant = res.locals.grant as AccessGrant | undefined;
      ctx.events.emit({
        ...flowTags(ctx, grant),
        type: 'fhir.request',
        method: req.method,
        path: req.originalUrl,
        status: res.statusCode,
        interaction: route?.interaction,
        resourceType: route?.resourceType,
        decision: res.locals.decision as AccessDecision | undefined,
        clientId: grant?.kind === 'token' ? grant.clientId : undefined,
      });
    });
    // Every interaction but the CapabilityStatement needs a token, unless the sandbox is open.
    res.locals.grant =
      ctx.options.open || route?.interaction === 'capabilities' || isMetadataPath(req.path)
        ? OPEN_GRANT
        : authenticate(ctx, grants, req.get('authorization'), urlFor(rootUrl(ctx, req), 'fhir'));
    if (!route) throw routeError;
    if (req.originalUrl.length > SEARCH_LIMITS.urlLength) throw limitExceeded('urlLength', `The request URL has ${req.originalUrl.length} characters`);
    const body = bodyKind(req.method, route, req.get('content-type'));
    res.locals.contentType = body.contentType;
    if (body.kind === 'form') {
      form(req, res, (error?: unknown) => {
        const type = (error as { type?: unknown } | undefined)?.type;
        if (type === 'entity.too.large') next(limitExceeded('searchFormBytes', 'The _search form body is too large'));
        else if (type === 'parameters.too.many') next(limitExceeded('parametersPerRequest', 'The _search form has too many parameters'));
        else next(error);
      });
    } else if (body.kind === 'json') json(req, res, next);
    else if (body.kind === 'raw') raw(req, res, next);
    else next();
  });

  // The hooks around each interaction: the flow's tags for every event it emits, then faults.
  router.use(async (_req: Request, res: Response, next: NextFunction) => {
    const route = res.locals.route as Route;
    const tags = flowTags(ctx, res.locals.grant as AccessGrant);
    // Run in the flow's scope so a fault's event carries the flow's ids like the call's own.
    const failure = await ctx.flow.scope.run(tags, () => fhirFault(ctx, tags, route.interaction, route.resourceType));
    if (failure) {
      sendError(res, failure, res.locals.mediaType as string);
      return;
    }
    ctx.flow.scope.run(tags, () => next());
  });

  router.use((req: Request, res: Response) => {
    const route = res.locals.route as Route;
    const params = queryParams(req.originalUrl);
    if ((route.interaction === 'search-type' || route.interaction === 'search-system') && req.method === 'POST') params.push(...formParams(req.body));
    const request: FhirRequest = {
      ...route,
      params,
      body: req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH' ? req.body : undefined,
      contentType: res.locals.contentType as string | undefined,
      wantsFhir: wantsFhirJson(req.get('accept'), queryParams(req.originalUrl).find(([name]) => name === '_format')?.[1]),
      ifNoneExist: req.get('if-none-exist')?.replace(/^[A-Za-z]*\?/, ''),
      ifMatch: versionFromEtag(req.get('if-match')),
      ...preferences(req.get('prefer')),
      root: rootUrl(ctx, req),
      base: urlFor(rootUrl(ctx, req), 'fhir'),
    };
    const result = handle(request, res.locals.grant as AccessGrant, (decision) => {
      res.locals.decision = decision;
    });
    sendResult(res, result, res.locals.mediaType as string, res.locals.pretty as boolean, serialized);
  });

  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const outcome = toOperationOutcomeError(error, ctx.options.bodyLimit);
    if (outcome.status >= 500) console.error('mock-ehr: unexpected error in the FHIR API:', error);
    sendError(res, outcome, (res.locals.mediaType as string | undefined) ?? undefined);
  });

  return router;
}
