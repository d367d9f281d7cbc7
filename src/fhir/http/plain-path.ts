/**
 * Which requests may go straight to the FHIR API, without Express walking the app's routes:
 * the ones Express would hand to it unchanged.
 */
import { ROUTES } from '../../routes.js';

/** A character for which Express (`parseurl`) parses the whole URL with `url.parse`. */
const SLOW_PARSE = /[\t\n\f\r #\u00a0\ufeff]/;
/** `.well-known` right below the base (any case). */
const WELL_KNOWN = /^\/fhir\/\.well-known(?:\/|$)/i;

/**
 * The path below the FHIR base of a request Express would hand to the FHIR API unchanged:
 * `/fhir/...` in lower case, neither discovery (`/fhir/.well-known`) nor a URL that Express
 * parses the slow way (whitespace or `#` anywhere in it, the query included: `url.parse` then
 * also turns backslashes in the path into slashes). Undefined for every other request.
 */
export function plainFhirPath(url: string): string | undefined {
  if (!url.startsWith(`${ROUTES.fhir}/`) || SLOW_PARSE.test(url)) return undefined;
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  return WELL_KNOWN.test(pathname) ? undefined : pathname.slice(ROUTES.fhir.length);
}
