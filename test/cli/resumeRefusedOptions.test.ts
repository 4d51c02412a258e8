/**
 * `train --resume RUN` refuses the options that define a run instead of ignoring them.
 * Found by a new user: `train -p P --resume 5 --epochs 60 --arch mmoe --lr 0.5` printed only
 * "resuming run 5 after epoch 11 …" and trained run 5's stored configuration. The options a
 * resume takes (-p, --checkpoint-every, --checkpoint-seconds, --in-process, --json) stay
 * accepted, and a default (--arch hard-sharing, --evaluation auto) never counts as given.
 *
 * Expected values, by hand from the command lines: the refused flags are the ones typed, in
 * the help's order (--arch before --epochs before --lr, as registered in
 * cli/commands/training.ts); the new run is the command typed without its --resume. The check
 * comes before the project is read, so a project file that does not exist shows which way
 * the command went: refused (BAD_REQUEST) or on to open the project (NOT_FOUND).
 */
import { writeFileSync } from 'node:fs';
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

describe('train --resume with options that define a run', () => {
  it('is a usage error naming them, the stored configuration and the new run to train', async () => {
    const project = join(dir, 'absent.mtlproj');
    const out = await cli(
      'train',
      '-p',
      project,
      '--resume',
      '5',
      '--epochs',
      '60',
      '--arch',
      'mmoe',
      '--lr',
      '0.5',
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('error: --arch, --epochs and --lr cannot change on --resume');
    expect(out.stderr).toContain('a resumed run keeps its stored configuration');
    expect(out.stderr).toContain(
      `start a new run (an option not given takes its default, not run 5's): mtl-studio train -p ${project} --epochs 60 --arch mmoe --lr 0.5\n`,
    );
    expect(out.stderr).not.toContain('resuming run');
  });

  it('counts an option given with its default value, and --resume=RUN, under --json', async () => {
    const project = join(dir, 'absent.mtlproj');
    const out = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--resume=3',
      '--evaluation',
      'auto',
      '--backend',
      'cpu',
      '--checkpoint-every',
      '2',
    );
    expect(out.code).toBe(1);
    const { error } = JSON.parse(out.stdout) as {
      error: { code: string; message: string; details: { runId: number; options: string[] } };
    };
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.details).toEqual({ runId: 3, options: ['--evaluation', '--backend'] });
    // The new run keeps the checkpoint option (a new run takes it too), not --resume=3.
    expect(error.message).toContain(
      `mtl-studio --json train -p ${project} --evaluation auto --backend cpu --checkpoint-every 2`,
    );
  });

  it('accepts the options a resume takes (the command goes on to open the project)', async () => {
    const project = join(dir, 'absent.mtlproj');
    const out = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--resume',
      '5',
      '--checkpoint-every',
      '1',
      '--checkpoint-seconds',
      '0',
      '--in-process',
    );
    expect(out.code).toBe(1);
    const { error } = JSON.parse(out.stdout) as { error: { code: string; message: string } };
    expect(error).toEqual({ code: 'NOT_FOUND', message: `Project file not found: ${project}` });
  });

  it('says first that a completed run cannot be resumed at all', async () => {
    // Found by a new user: the options were refused ("leave them out to resume run 1"), and
    // only without them came "Run 1 is completed; …". The run's own refusal now comes first.
    const project = join(dir, 'done.mtlproj');
    const csv = join(dir, 'done.csv');
    const rows = Array.from(
      { length: 24 },
      (_, i) => `${(i % 5) * 1.5},${i % 2 ? 'red' : 'blue'},${i % 3 ? 'S' : 'M'}`,
    );
    writeFileSync(csv, `x,colour,size\n${rows.join('\n')}\n`);
    expect((await cli('import', csv, '-p', project)).code).toBe(0);
    expect((await cli('tasks', '-p', project, '--add', 'colour', 'size')).code).toBe(0);
    expect((await cli('train', '-p', project, '--epochs', '2', '--evaluation', 'split')).code).toBe(
      0,
    );
    const out = await cli('train', '-p', project, '--resume', '1', '--epochs', '50', '--lr', '0.1');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      'Run 1 is completed; only an interrupted, failed or cancelled run can be resumed.',
    );
    expect(out.stderr).not.toContain('cannot change on --resume');
  });
});
