/**
 * The sandbox's own pages beside the authorization server: the patient browser, the flow
 * inspector and its live feed, the launcher's encounter list, and the static files of the
 * demo app and of the pages' scripts. The home page itself is the EHR launcher
 * (`auth/launcher`).
 */
import express, { type Request, type Response, type Router } from 'express';
import { join } from 'node:path';
import type { SandboxContext } from '../context.js';
import { packageRoot } from '../paths.js';
import { requestBases } from '../auth/http/bases.js';
import { encountersOf } from '../auth/people/encounters.js';
import { displayName } from '../auth/people/names.js';
import { searchPatients } from '../auth/people/patient-search.js';
import { sendPage } from '../auth/pages/send-page.js';
import { patientChart } from './chart.js';
import { streamFlows } from './inspector-stream.js';
import { PAGE_ROUTES } from './routes.js';
import { staticFiles } from './static.js';

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export function createPagesRouter(ctx: SandboxContext): Router {
  const router = express.Router();
  const publicDir = join(packageRoot(), 'public');

  // The launcher fills its encounter menu from here when the patient changes: a same-origin
  // JSON read with nothing secret in the URL (no CSRF token travels in a GET).
  router.get(PAGE_ROUTES.encounters, (req: Request, res: Response) => {
    const id = text(req.query.patient);
    const patient = id ? ctx.store.peek('Patient', id) : undefined;
    res.setHeader('Cache-Control', 'no-store');
    if (!patient) {
      res.status(404).json({ error: 'not_found', description: `Patient ${id || '(none)'} does not exist.` });
      return;
    }
    res.json({ patient: { id, name: displayName(patient) }, encounters: encountersOf(ctx.store, id) });
  });

  router.get(PAGE_ROUTES.patients, (req: Request, res: Response) => {
    const { root } = requestBases(ctx, req);
    const q = text(req.query.q);
    const results = searchPatients(ctx.store, { q, page: Number(req.query.page ?? 1) }, undefined, new Date(ctx.clock.now()), 25);
    sendPage(res, ctx.auth, 'patients', 'Patients', { home: `${root}/`, wide: true, action: `${root}${PAGE_ROUTES.patients}`, q, results });
  });

  router.get(`${PAGE_ROUTES.patients}/:id`, (req: Request, res: Response) => {
    const { root, fhirBase } = requestBases(ctx, req);
    const id = String(req.params.id);
    const chart = patientChart(ctx.store, id, new Date(ctx.clock.now()));
    const home = `${root}/`;
    if (!chart) {
      sendPage(res, ctx.auth, 'not-found', 'Patient not found', { home, heading: 'Patient not found', description: `Patient ${id} does not exist in this sandbox.`, back: `${root}${PAGE_ROUTES.patients}`, backLabel: 'All patients' }, 404);
      return;
    }
    sendPage(res, ctx.auth, 'chart', chart.patient.name, { home, wide: true, back: `${root}${PAGE_ROUTES.patients}`, chart, fhirUrl: `${fhirBase}/Patient/${id}` });
  });

  router.get(PAGE_ROUTES.inspector, (req: Request, res: Response) => {
    const { root } = requestBases(ctx, req);
    const clients = ctx.auth.clients.list().map((c) => c.clientId);
    sendPage(res, ctx.auth, 'inspector', 'Flow inspector', { home: `${root}/`, wide: true, scripts: [`${root}/assets/inspector.js`], stream: `${root}${PAGE_ROUTES.inspectorEvents}`, clients });
  });
  router.get(PAGE_ROUTES.inspectorEvents, (req: Request, res: Response) => streamFlows(ctx, req, res));

  router.use(PAGE_ROUTES.assets, staticFiles(join(publicDir, 'assets')));
  router.use(PAGE_ROUTES.demoApp, staticFiles(join(publicDir, 'demo-app')));
  return router;
}
