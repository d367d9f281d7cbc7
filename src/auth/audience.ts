/**
 * The `aud` comparison (SMART App Launch 2.2, app-launch "aud"): the FHIR base URL the app
 * names must be this server's base. Trailing slashes are ignored; nothing else is.
 */
const trim = (url: string): string => url.replace(/\/+$/, '');

export function sameAudience(aud: string, fhirBase: string): boolean {
  if (aud.length > 0 && aud === fhirBase) return true;
  return aud.length > 0 && trim(aud) === trim(fhirBase);
}
