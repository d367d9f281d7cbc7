/**
 * OperationOutcome is the error currency of the FHIR API (R4 http.html#errors).
 * Every FHIR failure is thrown as an OperationOutcomeError and serialized once, by the router.
 */
export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

/** The R4 IssueType codes this sandbox uses. */
export type IssueCode =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'security'
  | 'login'
  | 'forbidden'
  | 'processing'
  | 'not-supported'
  | 'not-found'
  | 'deleted'
  | 'conflict'
  | 'too-long'
  | 'too-costly'
  | 'throttled'
  | 'exception'
  | 'transient'
  | 'informational';

export interface OperationOutcomeIssue {
  severity: IssueSeverity;
  code: IssueCode;
  diagnostics?: string;
  expression?: string[];
  details?: { text: string };
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

export class OperationOutcomeError extends Error {
  readonly status: number;
  readonly outcome: OperationOutcome;
  readonly headers: Record<string, string>;

  constructor(status: number, issues: OperationOutcomeIssue[], headers: Record<string, string> = {}) {
    super(issues.map((i) => i.diagnostics ?? i.code).join('; '));
    this.name = 'OperationOutcomeError';
    this.status = status;
    this.outcome = { resourceType: 'OperationOutcome', issue: issues };
    this.headers = headers;
  }
}

function issue(code: IssueCode, diagnostics: string, expression?: string[]): OperationOutcomeIssue {
  const out: OperationOutcomeIssue = { severity: 'error', code, diagnostics };
  if (expression && expression.length > 0) out.expression = expression;
  return out;
}

export function outcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

export function informational(message: string): OperationOutcome {
  return outcome([{ severity: 'information', code: 'informational', diagnostics: message }]);
}

export const badRequest = (message: string, expression?: string[]): OperationOutcomeError =>
  new OperationOutcomeError(400, [issue('invalid', message, expression)]);

export const notFound = (message: string): OperationOutcomeError =>
  new OperationOutcomeError(404, [issue('not-found', message)]);

export const gone = (message: string): OperationOutcomeError =>
  new OperationOutcomeError(410, [issue('deleted', message)]);

export const methodNotAllowed = (message: string, allow: string[]): OperationOutcomeError =>
  new OperationOutcomeError(405, [issue('not-supported', message)], { Allow: allow.join(', ') });

export const notAcceptable = (message: string): OperationOutcomeError =>
  new OperationOutcomeError(406, [issue('not-supported', message)]);

export const preconditionFailed = (message: string): OperationOutcomeError =>
  new OperationOutcomeError(412, [issue('conflict', message)]);

export const payloadTooLarge = (message: string): OperationOutcomeError =>
  new OperationOutcomeError(413, [issue('too-long', message)]);

export const unsupportedMediaType = (message: string): OperationOutcomeError =>
  new OperationOutcomeError(415, [issue('not-supported', message)]);

/** A resource that failed validation: one issue per problem, each naming its path. */
export const unprocessable = (
  problems: { message: string; path?: string }[],
  status = 422,
): OperationOutcomeError =>
  new OperationOutcomeError(
    status,
    problems.map((p) => issue(status === 400 ? 'structure' : 'invalid', p.message, p.path ? [p.path] : undefined)),
  );

export const serverError = (): OperationOutcomeError =>
  new OperationOutcomeError(500, [issue('exception', 'The server could not complete the request.')]);
