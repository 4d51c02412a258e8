/**
 * The order vitest starts the test files in: longest first, by each file's duration in a
 * recent whole-suite CI run (fileDurations.json, seconds), so the two workers finish close
 * together instead of one running a 20 s file alone at the end. Vitest's own order needs its
 * results cache, which a fresh CI checkout never has; without it, it starts the largest files
 * first (CI 25 ran the 1.6 s encoding test first and the 22 s cli/imageTraining last).
 *
 * A file missing from the table (new since) starts before the known ones, as vitest starts
 * files it has no results for first: a new slow file is not left to the end. The table is an
 * order only: a stale or missing entry changes when a file starts, never what it checks.
 *
 * To refresh the table from a whole-suite run's JSON report (test-results/vitest.json):
 *   node -e "const r=require('./test-results/vitest.json').testResults,p=require('path');
 *   const d=Object.fromEntries(r.map(t=>[p.relative('.',t.name),Math.round(t.endTime-t.startTime)/1e3])
 *   .sort((a,b)=>b[1]-a[1]));require('fs').writeFileSync('test/setup/fileDurations.json',
 *   JSON.stringify(d,null,2)+'\n')"
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds per test file (path from the repository root, `/`-separated). */
const DURATIONS: Record<string, number> = JSON.parse(
  readFileSync(new URL('./fileDurations.json', import.meta.url), 'utf8'),
);

/** Vitest's sequencer with {@link DURATIONS}' order: unknown files, then longest first. */
export default class LongestFirstSequencer extends BaseSequencer {
  /**
   * @param files the files of this run.
   * @returns them in start order: files not in the table first (in vitest's own order), then
   *   the table's files by descending duration.
   */
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const own = await super.sort(files);
    const seconds = (file: TestSpecification): number =>
      DURATIONS[relative(file.project.config.root, file.moduleId).split('\\').join('/')] ??
      Infinity;
    // Array.prototype.sort is stable: equal durations (the unknown files) keep vitest's order.
    return own.sort((a, b) => {
      const [sa, sb] = [seconds(a), seconds(b)];
      return sa === sb ? 0 : sb > sa ? 1 : -1;
    });
  }
}
