/** A real browser (Chromium through playwright-core) clicks through the pages. */
import './cases/browser.js';
