/** Paths of the sandbox's own pages (relative to the sandbox root, like the route table). */
export const PAGE_ROUTES = {
  patients: '/patients',
  encounters: '/launcher/encounters',
  inspector: '/inspector',
  inspectorEvents: '/inspector/events',
  assets: '/assets',
  demoApp: '/demo-app',
} as const;
