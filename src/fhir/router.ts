/**
 * The Express adapter of the FHIR API: content negotiation, body parsing, routing to an
 * interaction, and one error serializer. Every failure leaves as an OperationOutcome;
 * no stack trace ever reaches a client.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootUrl, type SandboxContext } from '../context.js';
import { applyOpenCors } from '../http/cors.js';
import { packageRoot } from '../paths.js';
import { urlFor } from '../routes.js';
import { formBody, jsonBody, type FormRecord } from '../http/body.js';
import { bodyKind, wantsFhirJson } from './http/body-kind.js';
import { FHIR_JSON, negotiate } from './http/media.js';
import { limitExceeded, SEARCH_LIMITS } from './search/limits.js';
import { createResponseCache, sendError, sendResult, toOperationOutcomeError } from './http/send.js';
import { versionFromEtag } from './interactions/headers.js';
import type { AccessDecision } from '../events.js';
import { authenticate, type GrantCache } from './access/authenticate.js';
import { OPEN_GRANT, type AccessGrant, type TokenGrant } from './access/grant.js';
import { createHandler } from './handle.js';
import type { FhirRequest } from './request.js';
import { routeRequest, type Route } from './route-request.js';
import type { FhirRequestEvent, FlowTags } from '../events.js';
import { fhirFault } from '../flow/fhir-faults.js';
import { stepContext } from '../flow/step-context.js';

/** The flow tags last made for a token, with the link they were made from. */
type TagsKept = WeakMap<TokenGrant, { link: FlowTags | undefined; tags: FlowTags }>;

/**
 * The flow a FHIR request belongs to: its token's client and jti, and the launch that token
 * came from. Made again only when the token's link changed (one object per token otherwise).
 */
function flowTags(ctx: SandboxContext, kept: TagsKept, grant: AccessGrant | undefined): FlowTags {
  if (grant?.kind !== 'token') return NO_TAGS;
  const link = grant.jti ? ctx.flow.links.find('jti', grant.jti) : undefined;
  const last = kept.get(grant);
  if (last && last.link === link) return last.tags;
  const tags: FlowTags = { ...link, clientId: grant.clientId, ...(grant.jti ? { jti: grant.jti } : {}) };
  kept.set(grant, { link, tags });
  return tags;
}

/** How many `Host` headers keep their root and base URLs. */
const KEEP_BASES = 64;

/** The tags of a request outside any flow (open mode, no valid token): nothing to add to its events. */
const NO_TAGS: FlowTags = Object.freeze({});

/** The query parameters in order, parsed once per request (URLSearchParams decoding). */
function queryParams(originalUrl: string): [string, string][] {
  const q = originalUrl.indexOf('?');
  return q < 0 ? [] : [...new URLSearchParams(originalUrl.slice(q + 1))];
}

/** What the router learns about one request as it goes, for the next stage, the error serializer and the event. */
interface Exchange {
  route?: Route;
  params: [string, string][];
  /** The first `_format` of the query. */
  format?: string;
  /** The negotiated response media type; undefined until negotiated. */
  mediaType?: string;
  pretty: boolean;
  root: string;
  base: string;
  grant?: AccessGrant;
  tags: FlowTags;
  decision?: AccessDecision;
  contentType?: string;
  /** True once the request is routed and until its `fhir.request` event is emitted. */
  due?: boolean;
}

/** `/.well-known` or below it (matched as Express matches a mount path: case-insensitive). */
function isWellKnown(path: string): boolean {
  return path.length >= 12 && path.slice(0, 12).toLowerCase() === '/.well-known' && (path.length === 12 || path[12] === '/');
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
  if (header === undefined) return NO_PREFERENCES;
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

const NO_PREFERENCES: Pick<FhirRequest, 'strictHandling' | 'preferReturn'> = Object.freeze({ strictHandling: false, preferReturn: undefined });

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** `/metadata` with any method: its errors (405) need no token, like the CapabilityStatement itself. */
const isMetadataPath = (path: string): boolean => /^\/metadata\/?$/.test(path);
const BINARY_READ = /^\/Binary\/[^/]+(\/_history\/[^/]+)?\/?$/;

/** The FHIR API's handler, mounted at `ROUTES.fhir`, and the same handler called with the path below the base already known. */
export type FhirHandler = RequestHandler & {
  /** Handles a request whose path below `ROUTES.fhir` is `path` (`/Patient/1`), without Express mounting it. */
  serve(req: Request, res: Response, next: NextFunction, path: string): void;
};

/**
 * The FHIR R4 REST API, to be mounted at `ROUTES.fhir`: one handler (no router of its own
 * to walk through), which passes only `/.well-known/*` on to the next handler of the app.
 */
export function createFhirRouter(ctx: SandboxContext): FhirHandler {
  const handle = createHandler(ctx, packageVersion());
  const grants: GrantCache = new WeakMap();
  const tagsKept: TagsKept = new WeakMap();
  // JSON and bytes of stored resource versions, made once each (versions never change).
  const cache = createResponseCache();
  const json = jsonBody({ type: () => true, limit: ctx.options.bodyLimit });
  const form = formBody({ limit: SEARCH_LIMITS.searchFormBytes, parameterLimit: SEARCH_LIMITS.parametersPerRequest });
  const raw = express.raw({ type: () => true, limit: ctx.options.bodyLimit });

  // The root and FHIR base URLs lately made, by `Host` header: a client sends the same one
  // each time. Each is kept with what it was made from (protocol, mount path) and checked.
  const basesKept = new Map<string, { protocol: string; mount: unknown; root: string; base: string }>();
  const bases = (req: Request): { root: string; base: string } => {
    const host = req.headers.host;
    if (ctx.options.baseUrl || host === undefined) {
      const root = rootUrl(ctx, req);
      return { root, base: urlFor(root, 'fhir') };
    }
    const protocol = req.protocol;
    const mount: unknown = req.res?.locals.mountPath;
    const kept = basesKept.get(host);
    if (kept !== undefined && kept.protocol === protocol && kept.mount === mount) return kept;
    const root = rootUrl(ctx, req);
    const made = { protocol, mount, root, base: urlFor(root, 'fhir') };
    if (basesKept.size >= KEEP_BASES) basesKept.clear();
    basesKept.set(host, made);
    return made;
  };

  /** The one error serializer: every failure leaves as an OperationOutcome. */
  const fail = (res: Response, error: unknown): void => {
    const outcome = toOperationOutcomeError(error, ctx.options.bodyLimit);
    if (outcome.status >= 500) console.error('mock-ehr: unexpected error in the FHIR API:', error);
    sendError(res, outcome, (res.locals.fhir as Exchange | undefined)?.mediaType);
  };

  /**
   * The interaction itself: the request as the interactions see it, handled under the grant,
   * the result written. Runs in the flow's scope when the request belongs to a flow, so that
   * the events it emits (store changes) carry the flow's ids.
   */
  const respond = (req: Request, res: Response, x: Exchange): void => {
    const route = x.route!;
    const method = req.method;
    const params = x.params;
    if ((route.interaction === 'search-type' || route.interaction === 'search-system') && method === 'POST') params.push(...formParams(req.body));
    const prefer = preferences(req.get('prefer'));
    const request: FhirRequest = {
      interaction: route.interaction,
      resourceType: route.resourceType,
      id: route.id,
      versionId: route.versionId,
      params,
      body: method === 'POST' || method === 'PUT' || method === 'PATCH' ? req.body : undefined,
      contentType: x.contentType,
      wantsFhir: wantsFhirJson(req.headers.accept, x.format),
      ifNoneExist: req.get('if-none-exist')?.replace(/^[A-Za-z]*\?/, ''),
      ifMatch: versionFromEtag(req.headers['if-match']),
      strictHandling: prefer.strictHandling,
      preferReturn: prefer.preferReturn,
      root: x.root,
      base: x.base,
    };
    const result = handle(request, x.grant, (decision) => {
      x.decision = decision;
    });
    sendResult(res, result, x.mediaType, x.pretty, cache);
  };

  /**
   * Emits the request's `fhir.request` event, once, right after its answer was written (every
   * answer is written at once: `res.end`, or `res.send` for HEAD and conditional requests).
   */
  const announce = (req: Request, res: Response, x: Exchange): void => {
    if (!x.due) return;
    x.due = false;
    const grant = x.grant;
    const route = x.route;
    // With every key the bus delivers, `seq` and `time` (set by the bus) included: one object
    // of one shape, made at once, rather than one that grows key by key.
    const event: FhirRequestEvent & { seq: number; time: string } = {
      type: 'fhir.request',
      method: req.method,
      path: req.originalUrl,
      status: res.statusCode,
      interaction: route?.interaction,
      resourceType: route?.resourceType,
      decision: x.decision,
      clientId: grant?.kind === 'token' ? grant.clientId : undefined,
      seq: 0,
      time: '',
    };
    // The flow's tags first, as `{ ...tags, ...event }` (built by assignment: see events.ts).
    ctx.events.publish(x.tags === NO_TAGS ? event : Object.assign(Object.assign({}, x.tags), event));
  };

  /** Writes the OperationOutcome of `error`, then the request's event. */
  const failed = (req: Request, res: Response, x: Exchange, error: unknown): void => {
    fail(res, error);
    announce(req, res, x);
  };

  /** The hooks around each interaction (faults, the flow's scope), then the interaction. */
  const run = (req: Request, res: Response, x: Exchange): void => {
    const inScope = (): void => {
      try {
        if (x.tags === NO_TAGS) respond(req, res, x);
        // The scope gets its own copy: a step may add ids to it (flow.addTags), the kept tags stay as they are.
        else ctx.flow.scope.run({ ...x.tags }, () => respond(req, res, x));
      } catch (error) {
        fail(res, error);
      }
      announce(req, res, x);
    };
    // Without a fault in force for FHIR requests, nothing waits: the request is answered at once.
    if (!ctx.flow.faults.armed('fhir')) {
      inScope();
      return;
    }
    const route = x.route!;
    // Run in the flow's scope so a fault's event carries the flow's ids like the call's own.
    fhirFault(stepContext(ctx, { ...x.tags }), x.tags, route.interaction, route.resourceType).then((failure) => {
      if (failure) {
        sendError(res, failure, x.mediaType);
        announce(req, res, x);
      } else inScope();
    }, (error: unknown) => failed(req, res, x, error));
  };

  /** From the request to its interaction: negotiation, routing, the token, the body. Throws what it refuses. */
  const start = (req: Request, res: Response, next: NextFunction, path: string): void => {
    // The SMART configuration lives under the FHIR base but belongs to discovery.
    if (isWellKnown(path)) {
      next();
      return;
    }
    if (applyOpenCors(req, res)) return;
    const originalUrl = req.originalUrl;
    const params = queryParams(originalUrl);
    let format: string | undefined;
    let pretty = false;
    for (const [name, value] of params) {
      if (name === '_format' && format === undefined) format = value;
      else if (name === '_pretty' && value === 'true') pretty = true;
    }
    const { root, base } = bases(req);
    const x: Exchange = { params, format, pretty, root, base, tags: NO_TAGS };
    res.locals.fhir = x;
    try {
      x.mediaType = negotiate(req.headers.accept, format);
    } catch (error) {
      // A Binary is read in its own content type, whatever Accept names (R4 binary.html#rest).
      if (req.method !== 'GET' || !BINARY_READ.test(path)) throw error;
      x.mediaType = FHIR_JSON;
    }
    // A path that names nothing is still answered only after the token is checked, so that a
    // request without one learns nothing but 401 (the CapabilityStatement excepted).
    let routeError: unknown;
    try {
      x.route = routeRequest(req.method, path);
    } catch (error) {
      routeError = error;
    }
    // From here on the request has its `fhir.request` event, emitted once its answer is written.
    x.due = true;
    // Every interaction but the CapabilityStatement needs a token, unless the sandbox is open.
    x.grant =
      ctx.options.open || x.route?.interaction === 'capabilities' || isMetadataPath(path)
        ? OPEN_GRANT
        : authenticate(ctx, grants, req.headers.authorization, x.base);
    x.tags = flowTags(ctx, tagsKept, x.grant);
    if (!x.route) throw routeError;
    if (originalUrl.length > SEARCH_LIMITS.urlLength) throw limitExceeded('urlLength', `The request URL has ${originalUrl.length} characters`);
    const body = bodyKind(req.method, x.route, req.headers['content-type']);
    x.contentType = body.contentType;
    const then = (error?: unknown): void => {
      if (error) failed(req, res, x, error);
      else run(req, res, x);
    };
    if (body.kind === 'form') {
      form(req, res, (error?: unknown) => {
        const type = (error as { type?: unknown } | undefined)?.type;
        if (type === 'entity.too.large') failed(req, res, x, limitExceeded('searchFormBytes', 'The _search form body is too large'));
        else if (type === 'parameters.too.many') failed(req, res, x, limitExceeded('parametersPerRequest', 'The _search form has too many parameters'));
        else then(error);
      });
    } else if (body.kind === 'json') json(req, res, then);
    else if (body.kind === 'raw') raw(req, res, then);
    else run(req, res, x);
  };

  const serve = (req: Request, res: Response, next: NextFunction, path: string): void => {
    try {
      start(req, res, next, path);
    } catch (error) {
      fail(res, error);
      const x = res.locals.fhir as Exchange | undefined;
      if (x) announce(req, res, x);
    }
  };
  const handler = ((req: Request, res: Response, next: NextFunction) => serve(req, res, next, req.path)) as FhirHandler;
  handler.serve = serve;
  return handler;
}
