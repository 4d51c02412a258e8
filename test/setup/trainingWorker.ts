/**
 * vitest globalSetup, run in vitest's own process before its forks start: compiles the
 * training child process (src/main/engine/worker/trainingWorker.ts) once per run, with the
 * CLI's esbuild options (bin/build-cli.mjs: buildTrainingWorker), into
 * `test-results/training-worker-<pid>/`, and names it in MTL_STUDIO_COMPILED_WORKER
 * (engine/worker/trainingProcess.ts: COMPILED_WORKER_ENV), which the forks inherit. Tests
 * that run the engine from source then start each training child from it rather than
 * through tsx: ≈ 0.6 s CPU per child instead of ≈ 2.5 s (tsx compiled the worker's
 * TypeScript and Node imported tfjs's CommonJS bundles as ES modules in every child; Dec
 * 2026, bench/results/2026-12-06-suite-speed.md). Compiled from the current sources at every
 * run, it cannot be stale; in watch mode (`vitest` without `run`), where a source can change
 * between reruns, nothing is compiled and the children run through tsx as before. Tests that
 * fork trainingWorker.ts themselves still run it through tsx.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { COMPILED_WORKER_ENV } from '../../src/main/engine/worker/trainingProcess';
// @ts-expect-error: a plain ES module script without type declarations
import { buildTrainingWorker } from '../../bin/build-cli.mjs';

/** Whether process `pid` still runs (signal 0 only probes). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the workers of earlier runs whose vitest is gone (a run that ended without its
 * teardown, e.g. stopped by Ctrl-C); those of runs still going stay.
 */
function removeLeftovers(results: string): void {
  let names: string[];
  try {
    names = readdirSync(results);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^training-worker-(\d+)$/.exec(name);
    if (match && !alive(Number(match[1])))
      rmSync(join(results, name), { recursive: true, force: true });
  }
}

/**
 * Builds the worker and sets the variable; returns the teardown that removes both.
 * @param project vitest's project (its config says whether vitest watches).
 * @returns vitest's globalSetup teardown.
 * @throws when esbuild is missing or the sources do not compile (the run stops).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (project.config.watch) return () => undefined;
  const results = join(process.cwd(), 'test-results');
  removeLeftovers(results);
  const outDir = join(results, `training-worker-${process.pid}`);
  await (buildTrainingWorker as (dir: string) => Promise<void>)(outDir);
  process.env[COMPILED_WORKER_ENV] = join(outDir, 'training-worker.js');
  return () => {
    delete process.env[COMPILED_WORKER_ENV];
    rmSync(outDir, { recursive: true, force: true });
  };
}
