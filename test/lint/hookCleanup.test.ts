/**
 * The lint rule (eslint.config.js, test files) that keeps a beforeEach or beforeAll from
 * returning a value by accident: vitest calls a function such a hook returns as its cleanup.
 * `beforeEach(() => vi.mocked(startTrainingProcess).mockClear())` returned the mock, so every
 * test of crossValidationStop.test.ts ended by starting a real training child with no job
 * (found as "its job file held no job (undefined; 3 bytes)" in loaded full runs). Expected
 * values: the rule's id, and no message for the block-bodied form.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The rule ids ESLint reports for `code` as a test file of this project (unused imports aside). */
async function ruleIds(code: string): Promise<(string | null)[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/test/engine/x.test.ts` });
  return result.messages
    .map((m) => m.ruleId)
    .filter((id) => id !== '@typescript-eslint/no-unused-vars');
}

const HEADER = "import { beforeAll, beforeEach, vi } from 'vitest';\nconst start = vi.fn();\n";

describe('a beforeEach/beforeAll hook in a test file', () => {
  it.each([
    ['beforeEach(() => vi.mocked(start).mockClear());'],
    ['beforeAll(async () => vi.mocked(start).mockClear());'],
  ])('with an expression body is refused: %s', async (hook) => {
    expect(await ruleIds(`${HEADER}${hook}\n`)).toEqual(['no-restricted-syntax']);
  });

  it('with a block body is accepted', async () => {
    expect(
      await ruleIds(`${HEADER}beforeEach(() => {\n  vi.mocked(start).mockClear();\n});\n`),
    ).toEqual([]);
  });
});
