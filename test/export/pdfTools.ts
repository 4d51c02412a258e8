/**
 * What the report tests need on the machine to read a printed PDF back: Chromium (to print)
 * and poppler-utils (`pdftotext`, `pdftoppm`). Outside CI a missing tool skips the PDF
 * checks with a reason; under CI it fails them (`.ci/run` installs both with apt-get).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findChromium } from '../../src/main/export/pdf';
import { UNDER_CI } from '../e2e/chromium';

const run = promisify(execFile);

/** True when `command` is on this machine's PATH (`which` finds it). */
export async function hasCommand(command: string): Promise<boolean> {
  try {
    await run('which', [command]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Null when Chromium, pdftotext and pdftoppm are all here; else the sentence a skipped test
 * gives, e.g. "No pdftoppm: the wide report's PDF is not checked.".
 * @param what the report checked, as the sentence names it ("the wide report's PDF").
 * @throws Error under CI when a tool is missing (except Chromium alone, when the run asked
 *   for none with MTL_CHROMIUM=none).
 */
export async function missingPdfTools(what: string): Promise<string | null> {
  const missing = [
    ...(findChromium() === null ? ['Chromium'] : []),
    ...((await hasCommand('pdftotext')) ? [] : ['pdftotext']),
    ...((await hasCommand('pdftoppm')) ? [] : ['pdftoppm']),
  ];
  if (missing.length === 0) return null;
  const why = `No ${missing.join(', ')}: ${what} is not checked.`;
  if (UNDER_CI && !(missing.length === 1 && process.env.MTL_CHROMIUM === 'none')) {
    throw new Error(`${why} (under CI: install Debian chromium and poppler-utils)`);
  }
  return why;
}
