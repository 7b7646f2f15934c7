// Debian's Chromium, headless, through playwright-core (no browser download): the browser every
// TinodeWeb scenario drives. CHROMIUM in the environment points at another binary.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

/** Launches headless Chromium with the quiet defaults, plus `extraArgs` (e.g. fake media devices). */
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}
