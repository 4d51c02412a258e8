/**
 * Projects the operating system asks the desktop app to open (src/main/projectLaunch.ts):
 * the file found among command-line arguments, and requests that wait for the window and
 * are opened in order, each answered with the project or the reason it could not be opened.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectOpenedEvent } from '../../src/shared/contract';
import { projectArgument, ProjectLaunchQueue } from '../../src/main/projectLaunch';
import { StudioSession } from '../../src/main/services/session';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-launch-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('projectArgument', () => {
  it('takes the last argument naming a project, resolved against the working folder', () => {
    expect(projectArgument(['--no-sandbox', 'a.mtlproj', 'Data/B.MTLPROJ'], '/home/u')).toBe(
      resolve('/home/u', 'Data/B.MTLPROJ'),
    );
    expect(projectArgument(['/abs/p.mtlproj'], '/home/u')).toBe(resolve('/abs/p.mtlproj'));
  });

  it('ignores options and other files', () => {
    expect(projectArgument(['--open=x.mtlproj', 'table.csv', '.'], '/home/u')).toBeNull();
    expect(projectArgument([], '/home/u')).toBeNull();
  });
});

describe('ProjectLaunchQueue', () => {
  it('holds requests until started, then opens them in order and reports failures by code', async () => {
    const session = new StudioSession({ stateDir: join(dir, 'state') });
    try {
      const first = join(dir, 'first.mtlproj');
      const second = join(dir, 'second.mtlproj');
      await session.createProject(first, 'First');
      await session.createProject(second, 'Second');
      await session.closeProject();
      const notProject = join(dir, 'not-a-project.mtlproj');
      await writeFile(notProject, 'plain text, not SQLite');

      const outcomes: ProjectOpenedEvent[] = [];
      const queue = new ProjectLaunchQueue(
        (path) => session.openProject(path),
        (outcome) => outcomes.push(outcome),
      );
      queue.request(second);
      queue.request(join(dir, 'missing.mtlproj'));
      await queue.idle();
      expect(outcomes).toEqual([]); // the window is not ready yet
      queue.start();
      queue.request(notProject);
      queue.request(first);
      await queue.idle();

      expect(outcomes.map((o) => [o.path, o.project?.name ?? null, o.error?.code])).toEqual([
        [second, 'Second', undefined],
        [join(dir, 'missing.mtlproj'), null, 'NOT_FOUND'],
        [notProject, null, expect.stringMatching(/^(STORE|MIGRATION)$/)],
        [first, 'First', undefined],
      ]);
      // The last request wins: it is the open project.
      expect((await session.currentProject())?.name).toBe('First');
    } finally {
      await session.dispose();
    }
  });
});
