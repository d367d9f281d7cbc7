/**
 * The typed request and result of the FHIR API. Interactions take a FhirRequest and return
 * a FhirResult; nothing below the router knows about Express, so tests and the programmatic
 * API can call interactions directly.
 */
export type Interaction =
  | 'capabilities'
  | 'read'
  | 'vread'
  | 'history-instance'
  | 'history-type'
  | 'history-system'
  | 'search-type'
  /** `GET [base]?_type=...` or `POST [base]/_search`: several types at once. */
  | 'search-system'
  | 'create'
  | 'update'
  | 'delete'
  /** `PATCH [type]/[id]` (or `[type]?criteria`) with a JSON Patch (RFC 6902). */
  | 'patch'
  /** `Patient/[id]/$everything` (R4 patient-operation-everything). */
  | 'everything'
  /** `[type]/$validate` or `[type]/[id]/$validate` (R4 resource-operation-validate). */
  | 'validate'
  /** `POST [base]` with a Bundle of type batch or transaction. */
  | 'batch';

export interface FhirRequest {
  interaction: Interaction;
  resourceType?: string;
  id?: string;
  versionId?: string;
  /** Query (and, for `_search`, form) parameters in order, repeated ones kept. */
  params: [string, string][];
  body?: unknown;
  /** `If-Match` version (from `W/"3"` or `3`). */
  ifMatch?: string;
  /** `If-None-Exist` criteria of a conditional create (R4 http.html#ccreate), without `?`. */
  ifNoneExist?: string;
  /** Media type of a body that is not FHIR JSON: a Binary's native type, or `application/json-patch+json`. */
  contentType?: string;
  /** `Accept` says FHIR JSON (or `_format` does): a Binary is then returned as a resource, not its bytes. */
  wantsFhir?: boolean;
  /**
   * Set inside a transaction: writes put their stored resources here instead of checking
   * references at once, and the transaction checks them all when every entry has run.
   */
  deferredChecks?: { resourceType: string; id?: string }[];
  /** `Prefer: handling=strict`. */
  strictHandling: boolean;
  /** `Prefer: return=...`. */
  preferReturn?: 'minimal' | 'representation' | 'OperationOutcome';
  /** The id a transaction assigned to a create whose fullUrl was a `urn:uuid:`. */
  assignedId?: string;
  /** True for an entry of a batch or transaction. */
  nested?: boolean;
  /** Absolute URL of the sandbox root for this request, no trailing slash. */
  root: string;
  /** Absolute URL of the FHIR base for this request, no trailing slash. */
  base: string;
}

export interface FhirResult {
  status: number;
  body?: unknown;
  /** Bytes sent as they are (a Binary in its own content type, named in `headers`). */
  raw?: Buffer;
  headers?: Record<string, string>;
  /**
   * True when the body is a stored resource version itself (a read): it never changes, so the
   * bytes it was sent as may be kept for the next read. A body made for one response is not.
   */
  stored?: boolean;
  /**
   * The body's compact JSON, made already, in pieces to be sent one after the other (a kept
   * search page: its own start, then the bytes kept); sent as it is unless the response is indented.
   */
  json?: readonly Buffer[];
  /** Told the compact JSON the body was sent as, so that it can be kept (a search page). */
  keep?: (json: Buffer) => void;
}
