/**
 * vitest globalSetup, run in vitest's own process before its forks start: when the run holds
 * a browser test (a file under test/e2e/ or test/export/) and the Chromium of
 * test/e2e/chromium.ts exists, starts that Chromium once as a Playwright browser server and
 * names its WebSocket endpoint in MTL_E2E_BROWSER_WS, which the forks inherit;
 * `launchChromium` (chromium.ts) then connects to it instead of starting a Chromium of its
 * own. Each file still gets its own browser object and fresh contexts (closing a connected
 * browser closes the contexts it made and disconnects); only the browser process is shared.
 * A Chromium start costs about 1.9 s CPU (launch, first page; measured on the 2-core
 * development machine, Dec 2026, bench/results/2026-12-06-suite-speed.md), once per file
 * before. In watch mode, or when the run has no browser test (a unit file run alone), nothing
 * is started. A file that cannot connect (the server gone) launches its own (chromium.ts).
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_ARGS, SHARED_BROWSER_ENV } from '../e2e/chromium';

/** The test files that drive Chromium: the end-to-end files and the export bundle's. */
const BROWSER_FILES = /[\\/]test[\\/](e2e|export)[\\/]/;

/**
 * Starts the shared Chromium when the run needs one; returns the teardown that stops it.
 * @param project vitest's project (its config: watch mode and the command line's filters).
 * @returns vitest's globalSetup teardown.
 * @throws when the Chromium exists but does not start (the run stops, saying why).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const nothing = async (): Promise<void> => undefined;
  if (project.config.watch || process.env.MTL_CHROMIUM === 'none' || !existsSync(CHROMIUM))
    return nothing;
  const { testFiles } = await project.globTestFiles(project.config.filters);
  if (!testFiles.some((file) => BROWSER_FILES.test(file))) return nothing;
  const server: BrowserServer = await chromium.launchServer({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  process.env[SHARED_BROWSER_ENV] = server.wsEndpoint();
  return async () => {
    delete process.env[SHARED_BROWSER_ENV];
    await server.close();
  };
}
