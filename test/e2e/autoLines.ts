/**
 * Helpers of the end-to-end tests of "End search now" (autoProgress.test.ts,
 * autoEndEarly.test.ts): what the Auto progress line showed, and the button after its press.
 * Script texts, as in autoProgress.test.ts: this folder is type-checked without the DOM's
 * types.
 */
import type { Page } from 'playwright-core';

/**
 * Records every text the Auto progress line shows from now on (a MutationObserver in the
 * page): the line lasts only until the run completes, too briefly to poll for.
 */
export async function recordLines(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__autoLines = [];
    const note = () => {
      const line = document.querySelector('[data-testid="auto-progress-line"]');
      if (line) window.__autoLines.push(line.textContent.trim());
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  })()`);
}

/** The progress line's texts recorded since {@link recordLines}. */
export async function linesSeen(page: Page): Promise<string[]> {
  return (await page.evaluate('window.__autoLines')) as string[];
}

/** "End search now" right after its press: disabled, or gone with the search already over. */
export async function endButtonAfterPress(page: Page): Promise<string> {
  return (await page.evaluate(`(() => {
    const button = document.querySelector('[data-testid="auto-end-search"]');
    return !button || button.disabled ? 'disabled or gone' : 'still enabled';
  })()`)) as string;
}
