/**
 * In English, an error with a known reason is shown by its headline, and the main process's
 * message under it only when the message adds something (a new user saw "The project file
 * “…” does not exist" and under it "Project file not found: …"). The errors are raised by the
 * real code (a session, the CSV preview); expected headlines are the en texts of
 * src/renderer/src/i18n/errors.ts written out, with the files' names, lines and columns.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewCsv } from '../../src/main/data';
import { nameHeader } from '../../src/main/data/csvTable';
import { refuseProjectPath } from '../../src/main/export/outputGuard';
import { StudioSession } from '../../src/main/services/session';
import { reasonDetails } from '../../src/shared/errors';
import { addsNothing, describeError } from '../../src/renderer/src/errorText';
import { i18n } from '../../src/renderer/src/i18n';
import { makeTempDir } from '../store/helpers';

const { t, te } = i18n.global;
let dir: string;
let cleanup: () => Promise<void>;
let session: StudioSession;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  session = new StudioSession({ stateDir: join(dir, 'state') });
  i18n.global.locale.value = 'en';
});
afterAll(async () => {
  await session?.dispose();
  await cleanup?.();
});

/** The error `work` throws or rejects with (fails the test when it does not). */
async function refusal(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

/** Writes `text` to a file of the temporary folder; @returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('English errors whose message repeats the headline', () => {
  it('show the headline once, the message only as its tooltip', async () => {
    const missing = join(dir, 'gone.mtlproj');
    const cases: [unknown, string][] = [
      [await refusal(() => session.requireStore()), 'No project is open: open or create one first'],
      [
        await refusal(() => session.openProject(missing)),
        `The project file “${missing}” does not exist`,
      ],
      [
        await refusal(() => previewCsv(join(dir, 'absent.csv'))),
        `The file “${join(dir, 'absent.csv')}” does not exist`,
      ],
      // dup.csv: line 1 names "a" in columns 1 and 3 — refused where a file is labelled (an
      // import and predict rename it: a.1), by the header check it runs.
      [
        await refusal(async () => nameHeader(['a', 'b', 'a'], 'dup.csv', 1)),
        '“dup.csv” line 1: the column name “a” appears twice (columns 1 and 3)',
      ],
      // Save as CSV onto the open project, by its own path (a new user saw the sentence twice:
      // "… is the open project: …" and "… is the project file … (or one of its SQLite files)").
      [
        await refusal(() => refuseProjectPath(file('open.mtlproj', ''), join(dir, 'open.mtlproj'))),
        `“${join(dir, 'open.mtlproj')}” is the open project: an export cannot replace the project it comes from; choose another file`,
      ],
    ];
    for (const [err, headline] of cases) {
      const message = (err as Error).message;
      expect(describeError(err, t, te, 'en'), message).toEqual({
        headline,
        detail: null,
        original: message,
      });
    }
  });

  it('keeps a ragged line’s message: it adds how many lines are bad, and where', async () => {
    // ragged.csv: line 3 has 1 of 2 fields; the first column it lacks is "b"; 1 bad line.
    const err = await refusal(() => previewCsv(file('ragged.csv', 'a,b\n1,2\n3\n')));
    const described = describeError(err, t, te, 'en');
    expect(described.headline).toBe(
      '“ragged.csv” line 3, column “b”: expected 2 fields, found 1; the row ends before this column',
    );
    expect(described.detail).toContain('1 line has a wrong number of fields (line 3)');
  });

  it('keep a message that adds something: a name, a number, a remedy', () => {
    // As crossValidation.ts words it: the message names the dataset, the headline does not.
    const fewRows = {
      code: 'SPLIT_INVALID',
      message:
        'Cross-validation needs at least 2 labelled rows (one to test on in each of 2 folds); dataset "birds" has 1. Label more rows.',
      details: reasonDetails('CV_TOO_FEW_ROWS', { rows: 1 }),
    };
    expect(describeError(fewRows, t, te, 'en')).toEqual({
      headline:
        'Cross-validation needs at least 2 labelled rows (one to test on in each of 2 folds), but the table has 1: label more rows',
      detail: fewRows.message,
    });
    // One of the project's SQLite files: the message names the project, the headline does not.
    const project = file('kept.mtlproj', '');
    const wal = file('kept.mtlproj-wal', '');
    const walError = (() => {
      try {
        refuseProjectPath(wal, project);
      } catch (err) {
        return err;
      }
      throw new Error('expected a refusal');
    })();
    expect(describeError(walError, t, te, 'en')).toEqual({
      headline: `“${wal}” is the open project: an export cannot replace the project it comes from; choose another file`,
      detail: `"${wal}" is one of the SQLite files that make up the project ${project} (its -wal file): an export cannot replace the project it comes from; choose another file.`,
    });
    // The same facts in other words: nothing added; another file, line or a remedy: added.
    expect(addsNothing('The file “/x/a.csv” does not exist', 'File not found: /x/a.csv')).toBe(
      true,
    );
    expect(addsNothing('The file “/x/a.csv” does not exist', 'File not found: /x/b.csv')).toBe(
      false,
    );
    expect(addsNothing('“a.csv” line 3: a quoted field is never closed', 'a.csv line 4: …')).toBe(
      false,
    );
    expect(
      addsNothing(
        'The folder “/x/y” does not exist',
        'The folder "/x/y" does not exist; create it first or choose another folder.',
      ),
    ).toBe(false);
  });
});
