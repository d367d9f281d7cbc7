/**
 * Takes the README's screenshots with Chromium (playwright-core): the home page, the
 * consent page, the demo app showing a patient, and the flow inspector after that launch.
 * Run: npx tsx scripts/screenshots.ts   (writes docs/screenshots/*.png)
 */
import { join } from 'node:path';
import { createSandbox } from '../src/index.js';
import { packageRoot } from '../src/paths.js';
import { launchChromium } from '../test/helpers/chromium.js';

const out = join(packageRoot(), 'docs', 'screenshots');
const sb = await createSandbox({ patients: 20 });
// The port of the README's examples, so the pictures show the URLs a reader will see.
const root = await sb.listen(4013, 'localhost').catch(() => sb.listen(0, 'localhost'));
const browser = await launchChromium({ width: 1280, height: 860 });
try {
  const page = await browser.context.newPage();
  await page.goto(`${root}/`);
  await page.screenshot({ path: join(out, 'home.png') });
  await page.getByRole('button', { name: 'Launch the demo app' }).click();
  await page.getByRole('heading', { name: /Allow mock-ehr demo app/ }).waitFor();
  await page.screenshot({ path: join(out, 'consent.png') });
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByText(/^Signed in\. Showing /).waitFor();
  await page.screenshot({ path: join(out, 'demo-app.png'), fullPage: true });
  const inspector = await browser.context.newPage();
  await inspector.goto(`${root}/inspector`);
  await inspector.getByText(/^Live:/).waitFor();
  await inspector.locator('[data-kind="auth.pkce"]').first().scrollIntoViewIfNeeded();
  await inspector.screenshot({ path: join(out, 'inspector.png') });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await sb.close();
}
