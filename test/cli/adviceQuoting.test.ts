/**
 * Commands printed as advice run as shown in a POSIX shell when the project's path holds a
 * space and a single quote: `predict`'s training-rows warning names `mtl-studio predict -p
 * P --run 1 --dataset 1 -o out.csv`, with P quoted by shellWord (src/shared/shellWord.ts).
 * The advice is copied from the warning and run by bash, `mtl-studio` standing for `node
 * bin/mtl-studio.mjs`, in the project's folder (out.csv is a relative path).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';
import { trainXyProject } from './xyProject';

const BIN = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  let tmp: string;
  ({ dir: tmp, cleanup } = await makeTempDir());
  dir = `${tmp}/it's my runs`;
  mkdirSync(dir);
  project = await trainXyProject(dir);
}, 120_000);
afterAll(() => cleanup());

describe('advice with a project path holding a space and a quote', () => {
  it("predict's training-rows warning: its predict command runs in bash", async () => {
    // train.csv is the training table itself: its rows include the run's training rows.
    const done = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/train.csv`);
    expect(done.code, done.stderr).toBe(0);
    const warning = (JSON.parse(done.stdout) as { warnings: string[] }).warnings.find((w) =>
      w.includes('mtl-studio predict -p'),
    );
    // The training-rows caveat (cli/commands/predictWords.ts), not some other warning.
    expect(warning).toMatch(
      /^tasks? "[^"]+"(, "[^"]+")*: \d+ of \d+ scored rows are rows this model was trained on .*: these scores are optimistic; score rows it did not see, e\.g\. the test split: mtl-studio predict -p /,
    );
    const advice = /mtl-studio predict .*? -o out\.csv/.exec(warning!)?.[0];
    // By hand: shellWord writes ' as '\'' inside single quotes.
    expect(advice).toBe(
      `mtl-studio predict -p '${project.replace(/'/g, `'\\''`)}' --run 1 --dataset 1 -o out.csv`,
    );
    const words = advice!.replace(/^mtl-studio /, '');
    await promisify(execFile)('bash', ['-c', `"$0" "$1" ${words}`, process.execPath, BIN], {
      cwd: dir,
    });
    // 30 rows of the dataset, each with its split (the file's header and 30 lines).
    expect(existsSync(`${dir}/out.csv`)).toBe(true);
    const lines = readFileSync(`${dir}/out.csv`, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(31);
    expect(lines[0].split(',')).toContain('split');
  }, 60_000);
});
