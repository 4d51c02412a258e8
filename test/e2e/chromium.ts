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

/** Starts {@link CHROMIUM} headless with the flags this machine needs (no sandbox, no GPU). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
