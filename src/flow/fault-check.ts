/**
 * Checks a fault as untyped input (a JSON clients file, RFC 7591 registration metadata, or a
 * JavaScript caller of `sb.faults.inject`): the step, the members that step knows and the
 * values each member may take, every problem reported at once.
 */
import { FAULT_PRESETS, type Fault } from './fault-types.js';
import { STEPS } from './steps.js';

const TARGET = ['at', 'client', 'launch', 'times', 'latency'];
const OMITTABLE = ['patient', 'encounter', 'id_token', 'refresh_token', 'need_patient_banner', 'smart_style_url', 'scope'];

/** Per step: each member it knows besides the target ones, and the values that member may take (undefined: checked below). */
const MEMBERS: Record<'authorize' | 'token' | 'fhir' | 'other', Record<string, readonly unknown[] | undefined>> = {
  authorize: { error: ['access_denied', 'invalid_scope', 'server_error', 'temporarily_unavailable'], state: ['missing', 'wrong'] },
  token: {
    grantType: ['authorization_code', 'refresh_token', 'client_credentials'],
    error: ['invalid_grant', 'invalid_client'],
    status: [500, 503],
    omit: undefined,
    idToken: ['unknown-key'],
  },
  fhir: { status: [401, 403, 404, 410, 429, 500, 503], retryAfter: undefined, resourceType: undefined },
  other: { status: [500, 503], retryAfter: undefined },
};

const show = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

function memberProblems(f: Record<string, unknown>, members: Record<string, readonly unknown[] | undefined>, say: (m: string) => void): void {
  for (const key of Object.keys(f)) {
    if (TARGET.includes(key)) continue;
    if (!Object.hasOwn(members, key)) {
      say(`'${key}' is not a member of a fault at ${String(f.at)} (it knows ${[...TARGET, ...Object.keys(members)].join(', ')})`);
      continue;
    }
    const allowed = members[key];
    if (allowed && !allowed.includes(f[key])) say(`${key} must be one of ${show(allowed)}`);
  }
  if (f.omit !== undefined && !(Array.isArray(f.omit) && f.omit.length > 0 && f.omit.every((m) => OMITTABLE.includes(m as string)))) {
    say(`omit must be a non-empty list of ${show(OMITTABLE)}`);
  }
  if (f.retryAfter !== undefined && !(Number.isInteger(f.retryAfter) && (f.retryAfter as number) >= 0 && (f.retryAfter as number) <= 86_400)) {
    say('retryAfter must be a whole number of seconds from 0 to 86400');
  }
  if (f.resourceType !== undefined && !(typeof f.resourceType === 'string' && /^[A-Z][A-Za-z]{0,63}$/.test(f.resourceType))) {
    say('resourceType must be a FHIR resource type name');
  }
}

/** The problems of one fault, each prefixed with `where` (empty: it is well formed). */
export function faultProblems(raw: unknown, where = 'fault'): string[] {
  const problems: string[] = [];
  const say = (message: string): void => void problems.push(`${where}: ${message}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [`${where}: must be an object such as { "at": "token", "status": 503 }`];
  const f = raw as Record<string, unknown>;
  if (!(STEPS as readonly unknown[]).includes(f.at)) {
    say(`at must be one of ${STEPS.join(', ')}`);
    return problems;
  }
  const kind = f.at === 'authorize' || f.at === 'token' || f.at === 'fhir' ? f.at : 'other';
  memberProblems(f, MEMBERS[kind], say);
  if (f.client !== undefined && typeof f.client !== 'string') say('client must be a client_id');
  if (f.launch !== undefined && typeof f.launch !== 'string') say('launch must be a launch id');
  if (f.times !== undefined && !(Number.isInteger(f.times) && (f.times as number) > 0)) say('times must be a positive integer');
  if (f.latency !== undefined && !(typeof f.latency === 'number' && Number.isFinite(f.latency) && f.latency >= 0 && f.latency <= 60_000)) {
    say('latency must be between 0 and 60000 ms');
  }
  const effects = ['error', 'status', 'state', 'omit', 'idToken', 'latency'].filter((k) => f[k] !== undefined);
  if (effects.length === 0) say('a fault needs an effect: error, status, state, omit, idToken or latency');
  return problems;
}

/** Most faults one client may carry (bounds what anyone may register). */
export const MAX_CLIENT_FAULTS = 20;

/**
 * A client's own faults, given as fault objects or preset ids (`FAULT_PRESETS`, e.g.
 * `"fhir-503"`). They apply to that client only, so `client` and `launch` are not members.
 * Problems are pushed (prefixed with `where`); the faults are returned when there are none.
 */
export function clientFaultsFrom(problems: string[], raw: unknown, where: string): Fault[] | undefined {
  if (!Array.isArray(raw)) {
    problems.push(`${where}: must be a list of faults (objects such as { "at": "token", "status": 503 }, or preset ids such as "fhir-503")`);
    return undefined;
  }
  if (raw.length > MAX_CLIENT_FAULTS) {
    problems.push(`${where}: at most ${MAX_CLIENT_FAULTS} faults per client`);
    return undefined;
  }
  const before = problems.length;
  const faults = raw.map((item, i): Fault | undefined => {
    if (typeof item === 'string') {
      const preset = FAULT_PRESETS.find((p) => p.id === item);
      if (!preset) problems.push(`${where}[${i}]: '${item.slice(0, 80)}' is not a fault preset id (${FAULT_PRESETS.map((p) => p.id).join(', ')})`);
      return preset ? { ...preset.fault } : undefined;
    }
    const found = faultProblems(item, `${where}[${i}]`);
    for (const key of ['client', 'launch']) {
      if (item && typeof item === 'object' && key in item) found.push(`${where}[${i}]: ${key} is implied (a client's faults apply to that client only)`);
    }
    problems.push(...found);
    return found.length === 0 ? ({ ...(item as Fault) }) : undefined;
  });
  return problems.length > before ? undefined : (faults as Fault[]);
}
