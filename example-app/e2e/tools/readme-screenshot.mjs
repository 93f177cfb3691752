// Writes web/screenshot.png, the README's picture of the sign-on page: the custom sign-on page
// as PingOne's redirect shows it (?flowId=), first step. Run from example-app/e2e:
//   node tools/readme-screenshot.mjs

import path from 'node:path';
import { startApp, ROOT } from '../lib/app.mjs';
import { launch } from '../lib/browser.mjs';
import { waitForStatus } from '../lib/steps.mjs';

const app = await startApp();
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 760, height: 640 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(app.base + '/');
  await page.getByRole('button', { name: 'Sign in with redirect' }).click();
  await page.waitForURL(/\/signon\/\?flowId=/);
  await waitForStatus(page, 'USERNAME_PASSWORD_REQUIRED');
  await page.locator('body').click({ position: { x: 5, y: 5 } }); // no focus ring in the picture
  const file = path.join(ROOT, 'web', 'screenshot.png');
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
  await app.stop();
}
