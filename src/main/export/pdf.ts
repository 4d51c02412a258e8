/**
 * Printing the HTML report to PDF. In the desktop app Electron's own Chromium prints it
 * (`webContents.printToPDF`, given to the services as a {@link PdfPrinter}); on the CLI and
 * in browser mode a headless Chromium-family browser installed on the machine does,
 * through playwright-core (no browser download: it drives the executable it is given).
 * Why a browser and not a JavaScript PDF library: the PDF is then the very page the HTML
 * shows (same CSS, same SVG charts), and Chinese text is shaped and its font embedded by
 * the browser from the system's fonts, with no multi-megabyte CJK font in the studio.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MtlError } from '../../shared/errors';

/** Turns a self-contained HTML document into PDF bytes (A4, backgrounds printed). */
export type PdfPrinter = (html: string) => Promise<Uint8Array>;

/** Where Chromium, Chrome or Edge usually live, per platform (after MTL_CHROMIUM). */
function candidates(): string[] {
  if (process.platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (process.platform === 'win32') {
    const roots = [
      process.env['PROGRAMFILES'],
      process.env['PROGRAMFILES(X86)'],
      process.env['LOCALAPPDATA'],
    ].filter((r): r is string => Boolean(r));
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
    ]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/snap/bin/chromium',
  ];
}

/**
 * The browser used to print PDFs: `MTL_CHROMIUM` when set, else the first of the usual
 * install locations of Chromium, Google Chrome and Microsoft Edge that exists.
 * @returns its path, or null when none is found.
 */
export function findChromium(): string | null {
  const forced = process.env.MTL_CHROMIUM;
  if (forced) return existsSync(forced) ? forced : null;
  return candidates().find((path) => existsSync(path)) ?? null;
}

/**
 * A printer driving a headless Chromium-family browser found by {@link findChromium}.
 * @throws MtlError('EXPORT_FAILED') when no browser is found (the message says how to
 *   point to one, or to write .html and print it from any browser).
 */
export function chromiumPrinter(): PdfPrinter {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new MtlError(
      'EXPORT_FAILED',
      `No Chromium, Chrome or Edge found to print the PDF${process.env.MTL_CHROMIUM ? ` (MTL_CHROMIUM=${process.env.MTL_CHROMIUM} does not exist)` : ''}. Install one, set MTL_CHROMIUM to its executable, or write the report as .html and print it from a browser.`,
    );
  }
  return async (html) => {
    // A variable specifier: the desktop build never bundles playwright-core (Electron prints
    // with its own Chromium), and the CLI loads it from node_modules.
    const specifier = 'playwright-core';
    const { chromium } = (await import(specifier)) as typeof import('playwright-core');
    const browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      // The report is self-contained: nothing is fetched, so 'load' means laid out.
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await browser.close();
    }
  };
}
