/**
 * A project as an import with --decimal-comma before commit 0c60587 left it: column x (0…9,
 * 40 rows) carries the `dotThousands` note that import stored ("1.000" read as 1, a decimal
 * point), y is `a` below 5 and `b` from 5; task y is added and one run trained on a split.
 * Built through the store (an old import cannot be run any more) and trained by the CLI.
 * Shared by test/cli/predictOldDotRule.test.ts and test/e2e/newUserGaps.test.ts.
 */
import { ProjectStore } from '../../src/main/store/projectStore';
import { emptyProfile } from '../store/helpers';
import { cli } from './run';

/** The note an import before 0c60587 stored on a column holding "1.000" and "0,5". */
export const OLD_DOT_NOTE = {
  kind: 'dotThousands' as const,
  example: { text: '1.000', line: 3 },
  read: 1,
  thousands: 1000,
  cells: 1,
  comma: { text: '0,5', line: 2 },
  grouped: false,
};

/**
 * Writes the project at `path` and trains run 1 on it.
 * @param trainArgs extra `train` flags (e.g. the epochs).
 * @throws Error with the CLI's stderr when `tasks` or `train` fails.
 */
export async function oldDotRuleProject(path: string, trainArgs: string[]): Promise<void> {
  const store = await ProjectStore.open(path, { create: true });
  try {
    await store.datasets.create(
      {
        name: 'old',
        sourceName: 'old.csv',
        encoding: 'utf-8',
        delimiter: ';',
        columns: [
          {
            index: 0,
            name: 'x',
            type: 'numeric',
            role: 'input',
            profile: {
              ...emptyProfile,
              distinct: 10,
              decimalComma: true,
              note: 'ambiguous dot: line 3 has "1.000", read as 1 (a decimal point)',
              noteReason: OLD_DOT_NOTE,
            },
          },
          { index: 1, name: 'y', type: 'categorical', role: 'input', profile: emptyProfile },
        ],
      },
      (async function* () {
        // x = i mod 10 (the old import's "1.000" is the stored 1), y = a below 5.
        for (let i = 0; i < 40; i++) yield [i % 10, i % 10 < 5 ? 'a' : 'b'];
      })(),
    );
  } finally {
    await store.close();
  }
  for (const args of [
    ['tasks', '-p', path, '--add', 'y'],
    ['train', '-p', path, '--evaluation', 'split', ...trainArgs],
  ]) {
    const done = await cli(...args);
    if (done.code !== 0) throw new Error(done.stderr);
  }
}
