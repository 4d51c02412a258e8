/**
 * `tasks`: the leakage warning (an input that determines a task exactly) names the command
 * that sets the input to ignore for this project and dataset, runnable as shown in sh:
 * split by sh into its words and run, the column is then ignored and the warning gone.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('tasks: the leakage warning', () => {
  it('names a runnable columns command with -p and -d', async () => {
    // "pet name" determines "kind" (kitty→cat, rex→dog, each twice or more): leakage.
    const csv = `${dir}/pets.csv`;
    const names = ['kitty', 'kitty', 'rex', 'rex', 'rex', 'kitty', 'rex', 'kitty'];
    const kinds = names.map((n) => (n === 'kitty' ? 'cat' : 'dog'));
    const rows = names.map((n, i) => `${n},${i % 3},${kinds[i]}`);
    await writeFile(csv, `pet name,legs,kind\n${rows.join('\n')}\n`);
    const project = `${dir}/my pets.mtlproj`;
    expect((await cli('import', csv, '-p', project)).code).toBe(0);
    const out = await cli('tasks', '-p', project, '--add', 'kind');
    expect(out.code).toBe(0);
    const command = `mtl-studio columns -p '${project}' -d 1 --role 'pet name'=ignore`;
    expect(out.stdout).toContain(
      `! kind: Input column "pet name" determines this task exactly; if it is derived from the target, set it to ignore (${command}).`,
    );
    const json = JSON.parse((await cli('--json', 'tasks', '-p', project)).stdout) as {
      tasks: { warnings: string[] }[];
    };
    expect(json.tasks[0].warnings.filter((w) => w.includes('determines'))).toHaveLength(1);
    expect(json.tasks[0].warnings.join('\n')).toContain(command);
    // Split by sh into its words, then run: the column is ignored, the warning gone.
    const { stdout: words } = await promisify(execFile)('sh', [
      '-c',
      `printf '%s\\n' ${command.replace(/^mtl-studio /, '')}`,
    ]);
    const ran = await cli(...words.trimEnd().split('\n'));
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/│ pet name +│ categorical +│ ignore /);
    expect((await cli('tasks', '-p', project)).stdout).not.toContain('determines');
  });
});
