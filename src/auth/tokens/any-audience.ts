/**
 * The audience of tokens minted by `sb.issueToken` before the sandbox knows its own URL
 * (not listening yet, no `baseUrl`, or mounted in another app): such a token is honoured at
 * whatever URL this sandbox is served, and only by this sandbox (its signature says so).
 */
export const ANY_FHIR_BASE = 'urn:mock-ehr:this-sandbox';
