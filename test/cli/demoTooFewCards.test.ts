/**
 * `demo cards` with too few cards to score a run. Found by a new user: `demo cards --count 5`
 * ended with "…; cross-validate instead, or label more rows", advice for `train`, an option
 * the demo does not have. Expected, by hand: 5 cards are 5 rows, too few for a test split
 * holding a labelled row of any task; the message names that count and the demo's own way
 * out, --count (its default, 2000, from `demo --help`), exit code 1.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('demo cards --count 5', () => {
  it('says the cards are too few and suggests --count, not cross-validation', async () => {
    const project = join(dir, 'cards.mtlproj');
    const { code, stderr } = await cli('demo', 'cards', '--count', '5', '-p', project);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "error: No task has a labelled row in the test split (5 rows in all): 5 cards are too few for the demo's test split; run it with more cards (--count, default 2000).\n",
    );
    expect(stderr).not.toContain('cross-validate');
  }, 120_000);
});
