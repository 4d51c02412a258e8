/**
 * The "recent projects" list of the Projects view, kept as a small JSON file in the
 * studio's state folder (Electron's userData, or ~/.config/mtl-studio for `npm run serve`).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecentProject } from '../../shared/contract';

/** Most projects the list keeps. */
export const MAX_RECENT_PROJECTS = 12;

interface StoredEntry {
  path: string;
  name: string;
  openedAt: string;
}

/** Reads and updates `recent-projects.json` in a state folder. */
export class RecentProjects {
  private readonly file: string;

  /** @param stateDir folder for the list (created on first write). */
  constructor(private readonly stateDir: string) {
    this.file = join(stateDir, 'recent-projects.json');
  }

  /** The list, most recent first, each marked whether its file still exists. */
  async list(): Promise<RecentProject[]> {
    return (await this.read()).map((e) => ({ ...e, exists: existsSync(e.path) }));
  }

  /** Moves (or adds) a project to the top of the list. */
  async touch(path: string, name: string): Promise<void> {
    const entries = (await this.read()).filter((e) => e.path !== path);
    entries.unshift({ path, name, openedAt: new Date().toISOString() });
    await mkdir(this.stateDir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(entries.slice(0, MAX_RECENT_PROJECTS), null, 2));
    await rename(tmp, this.file);
  }

  private async read(): Promise<StoredEntry[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (e): e is StoredEntry =>
          typeof e === 'object' &&
          e !== null &&
          typeof e.path === 'string' &&
          typeof e.name === 'string' &&
          typeof e.openedAt === 'string',
      );
    } catch {
      // A missing or damaged list is an empty list, never an error for the user.
      return [];
    }
  }
}
