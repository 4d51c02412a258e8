/**
 * Projects the operating system asks the desktop app to open: a `.mtlproj` file
 * double-clicked (the installers register the file association), passed on the command line
 * (Windows, Linux: as an argument of the first or of a second instance) or through macOS's
 * `open-file` event, which may come before the window exists. Electron-free, so it is
 * tested from Node; src/main/index.ts wires it to Electron.
 */
import { resolve } from 'node:path';
import type { ProjectOpenedEvent, ProjectSummary } from '../shared/contract';
import { toErrorPayload } from '../shared/errors';
import { PROJECT_EXTENSION } from './services/session';

/**
 * The project file among command-line arguments: the last argument that ends in
 * `.mtlproj` (any case) and is not an option, resolved against `cwd`.
 * @param argv the process's arguments after the executable (Chromium may add `--flags`).
 * @param cwd the folder relative paths are relative to (a second instance's own).
 * @returns the absolute path, or null when no argument names a project.
 */
export function projectArgument(argv: readonly string[], cwd: string): string | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i];
    if (!arg.startsWith('-') && arg.toLowerCase().endsWith(PROJECT_EXTENSION)) {
      return resolve(cwd, arg);
    }
  }
  return null;
}

/**
 * Opens requested projects one at a time, in order, once the window is ready to hear of it
 * (requests that come before — macOS sends `open-file` before `ready` — wait).
 */
export class ProjectLaunchQueue {
  private readonly waiting: string[] = [];
  private ready = false;
  private chain: Promise<void> = Promise.resolve();

  /**
   * @param open opens a project (StudioSession.openProject).
   * @param report receives each outcome, in order of the requests.
   */
  constructor(
    private readonly open: (path: string) => Promise<ProjectSummary>,
    private readonly report: (outcome: ProjectOpenedEvent) => void,
  ) {}

  /** Asks for `path` to be opened (now if ready, else once {@link start} is called). */
  request(path: string): void {
    if (this.ready) this.enqueue(path);
    else this.waiting.push(path);
  }

  /** The window can hear of projects from now on: opens what waited, in order. */
  start(): void {
    this.ready = true;
    for (const path of this.waiting.splice(0)) this.enqueue(path);
  }

  /** Resolves when every request made so far is done (for tests and quitting). */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(path: string): void {
    this.chain = this.chain.then(async () => {
      try {
        this.report({ path, project: await this.open(path) });
      } catch (err) {
        this.report({ path, project: null, error: toErrorPayload(err) });
      }
    });
  }
}
