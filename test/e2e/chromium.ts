/**
 * The Chromium every browser test drives, and what a test does without one. Never a
 * downloaded browser: MTL_CHROMIUM when set, else Debian's /usr/bin/chromium (`.ci/run`
 * installs it). Without it a test is skipped and says why — except under CI (the CI
 * variable set, as `.ci/run` and GitHub Actions do), where it fails: a CI run must not pass
 * by skipping its browser tests. MTL_CHROMIUM=none says on purpose that a machine has no
 * browser (the release workflow, CI's Windows and macOS runners): skipped, saying so, even
 * under CI.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The Chromium (or Chrome) the end-to-end tests drive. */
export const CHROMIUM = process.env.MTL_CHROMIUM || '/usr/bin/chromium';

/** True under CI: the CI variable set to anything but '', 'false' or '0'. */
export const UNDER_CI = !['', 'false', '0'].includes((process.env.CI ?? '').toLowerCase());

/**
 * Whether tests that need a browser must be skipped.
 * @param what the tests, as the message names them (e.g. the file).
 * @param browser the browser's path, or null when none was found.
 * @returns false when the browser exists; true (after a console warning saying why) when it
 *   does not, outside CI or with MTL_CHROMIUM=none.
 * @throws Error under CI when the browser does not exist and MTL_CHROMIUM is not 'none'.
 */
export function skipWithoutBrowser(what: string, browser: string | null): boolean {
  if (browser !== null && existsSync(browser)) return false;
  const why = `${what}: no Chromium${browser ? ` at ${browser}` : ''}. Install Debian's chromium, or set MTL_CHROMIUM to a Chromium or Chrome binary.`;
  if (UNDER_CI && process.env.MTL_CHROMIUM !== 'none') {
    throw new Error(
      `${why} CI is set, so this fails instead of being skipped (MTL_CHROMIUM=none skips on purpose).`,
    );
  }
  console.warn(`${why} Skipped.`);
  return true;
}

/** The flags this machine needs (no sandbox, no GPU), for every Chromium the tests start. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * The variable naming the WebSocket endpoint of the Chromium shared by the whole vitest run
 * (test/setup/sharedBrowser.ts starts it; unset: none).
 */
export const SHARED_BROWSER_ENV = 'MTL_E2E_BROWSER_WS';

/**
 * A Chromium for one test file: a connection to the run's shared {@link CHROMIUM} when
 * test/setup/sharedBrowser.ts started one (closing it closes the contexts this file made and
 * disconnects; the shared process goes on), else {@link CHROMIUM} started headless with
 * {@link CHROMIUM_ARGS}. A shared one that cannot be reached (gone) is not fatal: the file
 * starts its own.
 */
export async function launchChromium(): Promise<Browser> {
  const shared = process.env[SHARED_BROWSER_ENV];
  if (shared) {
    try {
      return await chromium.connect(shared, { timeout: 30_000 });
    } catch (err) {
      console.warn(
        `The shared Chromium (${shared}) could not be reached: ${String(err)}. Starting one for this file.`,
      );
    }
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
