/**
 * The route table: every endpoint path lives here once. Routers mount these paths and
 * discovery documents build their URLs from them, so no endpoint URL is typed twice.
 * Paths are relative to the sandbox root (which may itself be mounted under a sub-path).
 */
export const ROUTES = {
  home: '/',
  fhir: '/fhir',
  smartConfiguration: '/fhir/.well-known/smart-configuration',
  openidConfiguration: '/.well-known/openid-configuration',
  jwks: '/.well-known/jwks.json',
  authorize: '/auth/authorize',
  token: '/auth/token',
  introspect: '/auth/introspect',
  revoke: '/auth/revoke',
  register: '/auth/register',
  interaction: '/auth/interaction',
  launch: '/launch',
  smartStyle: '/smart-style.json',
  health: '/health',
} as const;

export type RouteName = keyof typeof ROUTES;

/** The absolute URL of a named route, given the sandbox root URL (no trailing slash). */
export function urlFor(root: string, name: RouteName): string {
  const path = ROUTES[name];
  return path === '/' ? `${root}/` : `${root}${path}`;
}
