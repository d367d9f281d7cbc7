/**
 * `sb.issueToken()`: a token response minted without a launch, exactly like the token
 * endpoint's (SMART App Launch 2.2 "access token response"): access token, id_token with
 * `openid`, refresh token with `offline_access`, and the launch context members. The FHIR
 * API honours it like any other; the token endpoint refreshes it.
 */
import { ConfigError } from '../config.js';
import type { SandboxContext } from '../context.js';
import { userFromReference } from '../auth/people/personas.js';
import { randomToken } from '../auth/random.js';
import { issueTokens, type TokenResponse } from '../auth/token/issue.js';
import { ANY_FHIR_BASE } from '../auth/tokens/any-audience.js';
import type { Grant } from '../auth/tokens/records.js';
import { parseScopes } from '../scopes/index.js';
import { urlFor } from '../routes.js';

export type { TokenResponse } from '../auth/token/issue.js';

export interface IssueTokenOptions {
  /** Default `demo-public-app`. */
  clientId?: string;
  /** Space-separated SMART scopes, or a list; default `launch/patient patient/*.rs openid fhirUser`. */
  scope?: string | string[];
  /** The user (`Practitioner/{id}`, `Patient/{id}`, `RelatedPerson/{id}`); needed for `openid fhirUser` and user/ scopes. */
  user?: string;
  /** Patient id in context (returned as `patient`). */
  patient?: string;
  /** Encounter id in context. */
  encounter?: string;
  /** Access token lifetime in seconds; default the `accessTokenLifetime` option. */
  expiresIn?: number;
  /** Default true. */
  needPatientBanner?: boolean;
  /** `fhirContext` references, e.g. `['DiagnosticReport/123']`. */
  fhirContext?: string[];
  intent?: string;
  /**
   * The FHIR base URL the token is for (its `aud`); default the sandbox's when known. Before
   * `listen()` without `baseUrl`, the token is honoured at any URL this sandbox is served at.
   */
  fhirBaseUrl?: string;
}

/** The sandbox root when known: `baseUrl`, or where it listens. */
export type RootSource = () => string | undefined;

export async function issueToken(ctx: SandboxContext, root: RootSource, options: IssueTokenOptions = {}): Promise<TokenResponse> {
  const problems: string[] = [];
  const clientId = options.clientId ?? 'demo-public-app';
  const scopeText = Array.isArray(options.scope) ? options.scope.join(' ') : (options.scope ?? 'launch/patient patient/*.rs openid fhirUser');
  const scope = [...new Set(scopeText.split(' ').filter(Boolean))];
  const invalid = parseScopes(scope.join(' ')).invalid;
  for (const p of invalid) problems.push(`scope: ${JSON.stringify(p)}`);
  const user = options.user ? userFromReference(ctx.store, options.user) : undefined;
  if (options.user && !user) problems.push(`user: ${options.user} is not a Practitioner, Patient or RelatedPerson in the store`);
  if (options.patient && !ctx.store.peek('Patient', options.patient)) problems.push(`patient: Patient/${options.patient} does not exist`);
  if (options.encounter && !ctx.store.peek('Encounter', options.encounter)) problems.push(`encounter: Encounter/${options.encounter} does not exist`);
  if (options.expiresIn !== undefined && !(Number.isInteger(options.expiresIn) && options.expiresIn > 0)) problems.push('expiresIn must be a positive number of seconds');
  if (problems.length > 0) throw new ConfigError(problems);
  const known = root();
  const issuer = known ?? 'urn:mock-ehr';
  const now = ctx.clock.now();
  const grant: Grant = {
    id: randomToken(16),
    clientId,
    scope,
    context: {
      ...(options.patient ? { patient: options.patient } : {}),
      ...(options.encounter ? { encounter: options.encounter } : {}),
      ...(options.fhirContext?.length ? { fhirContext: options.fhirContext.map((reference) => ({ reference })) } : {}),
      ...(options.intent ? { intent: options.intent } : {}),
      needPatientBanner: options.needPatientBanner ?? true,
      ...(known ? { smartStyleUrl: urlFor(known, 'smartStyle') } : {}),
    },
    ...(user ? { user } : {}),
    fhirBase: options.fhirBaseUrl ?? (known ? urlFor(known, 'fhir') : ANY_FHIR_BASE),
    issuer,
    launchType: options.patient ? 'ehr' : 'standalone',
    authTime: Math.floor(now / 1000),
    revoked: false,
  };
  const issued = await issueTokens(ctx, grant, scope, issuer, { idToken: true, lifetime: options.expiresIn });
  const jti = issued.record.jti;
  ctx.flow.links.link('jti', jti, { clientId, jti });
  if (issued.body.refresh_token) ctx.flow.links.link('refresh', issued.body.refresh_token, { clientId });
  ctx.events.emit({
    type: 'auth.token',
    clientId,
    grantType: 'api',
    authMethod: 'none',
    jti,
    scope,
    expiresIn: issued.body.expires_in,
    refreshToken: issued.body.refresh_token !== undefined,
    idToken: issued.body.id_token !== undefined,
    ...(options.patient ? { patient: options.patient } : {}),
    ...(options.encounter ? { encounter: options.encounter } : {}),
    ...(options.user ? { user: options.user } : {}),
  });
  return issued.body;
}
