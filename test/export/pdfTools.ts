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

/** A word of a PDF page as `pdftotext -bbox` places it, in points from the page's top left. */
export interface PdfWord {
  /** 0-based page. */
  page: number;
  /** The page's width, in points. */
  width: number;
  x0: number;
  y0: number;
  x1: number;
  word: string;
}

/**
 * Every word of a PDF with its box, read with poppler's `pdftotext -bbox`.
 * @param pdf the PDF file's path.
 * @throws what execFile throws when pdftotext is missing or fails.
 */
export async function pdfWords(pdf: string): Promise<PdfWord[]> {
  const { stdout: boxes } = await run('pdftotext', ['-bbox', pdf, '-'], { maxBuffer: 1 << 26 });
  return [...boxes.matchAll(/<page width="([\d.]+)"[^>]*>([\s\S]*?)<\/page>/g)].flatMap(
    ([, width, body], page) =>
      [
        ...body.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g,
        ),
      ].map(([, x0, y0, x1, word]) => ({
        page,
        width: Number(width),
        x0: Number(x0),
        y0: Number(y0),
        x1: Number(x1),
        word,
      })),
  );
}

/** The report's page margin (12 mm each side, export/pdf.ts), in points. */
export const REPORT_MARGIN_PT = (12 / 25.4) * 72;
