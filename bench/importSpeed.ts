/**
 * Import and start-up benchmark: the same CSV (diamonds repeated with noise) imported by
 * MTL Studio (a child process: its peak RSS is the import's alone) and by the `sqlite3`
 * command-line shell (`.mode csv` + `.import`, which only stores text: no encoding
 * detection, types, missing tokens, profiles); rows/s and MB/s side by side. And the
 * start-up of `mtl-studio --help` (the compiled CLI), median of several runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_DATASETS } from './datasets';
import { writeNoisyDiamonds } from './scaleData';

/** One importer's speed on the bench file. */
export interface ImportTiming {
  seconds: number;
  /** User + system CPU seconds (all threads), null where not measurable. */
  cpuSeconds: number | null;
  rowsPerSecond: number;
  megabytesPerSecond: number;
}

/** Result of the import section. */
export interface ImportSpeedResult {
  rows: number;
  fileMiB: number;
  ours: ImportTiming & { peakRssMiB: number; rssNote: string };
  /** The sqlite3 shell's `.import`, or why it did not run. */
  sqlite: (ImportTiming & { version: string }) | { skipped: string };
  /** ours.rowsPerSecond / sqlite.rowsPerSecond (goal of #14: ≥ 0.5), null when skipped. */
  ratio: number | null;
  /** sqlite CPU seconds / ours (the same ratio in CPU time, steadier on a shared machine). */
  cpuRatio: number | null;
  /** Load average (1/5/15 min) before and after both imports. */
  load: { before: number[]; after: number[] };
}

/** Result of the start-up line. */
export interface StartupResult {
  command: string;
  runs: number;
  medianSeconds: number;
  minSeconds: number;
  maxSeconds: number;
}

const timing = (
  seconds: number,
  cpuSeconds: number | null,
  rows: number,
  bytes: number,
): ImportTiming => ({
  seconds,
  cpuSeconds,
  rowsPerSecond: rows / seconds,
  megabytesPerSecond: bytes / 2 ** 20 / seconds,
});

/**
 * CPU seconds (user + system) of this process's waited-for children so far, from
 * /proc/self/stat (Linux; clock ticks taken as 100 per second, the kernel's USER_HZ);
 * null elsewhere.
 */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime
  } catch {
    return null;
  }
}

/**
 * Writes the file, imports it both ways (fresh project / database each time).
 * @param options.rows data rows of the file
 */
export async function runImportSpeed(options: {
  rows: number;
  log: (line: string) => void;
}): Promise<ImportSpeedResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-import-'));
  try {
    const csv = join(dir, 'diamonds-noisy.csv');
    const diamonds = BENCH_DATASETS.find((d) => d.name === 'diamonds')!;
    await writeNoisyDiamonds(diamonds.file, csv, options.rows);
    const bytes = statSync(csv).size;
    const loadBefore = loadavg();

    const child = spawnSync(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        fileURLToPath(new URL('./importChild.ts', import.meta.url)),
        csv,
        join(dir, 'import.mtlproj'),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (child.status !== 0) throw new Error(`import benchmark failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
      rows: number;
      seconds: number;
      cpuSeconds: number;
      maxRssMiB: number;
      rssBeforeMiB: number;
    };
    const ours = {
      ...timing(r.seconds, r.cpuSeconds, r.rows, bytes),
      peakRssMiB: r.maxRssMiB,
      rssNote: `maximum resident set of the importing process (${r.rssBeforeMiB.toFixed(0)} MiB before the import)`,
    };
    options.log(
      `import: ours ${r.seconds.toFixed(2)} s (${r.cpuSeconds.toFixed(2)} CPU s, ${ours.rowsPerSecond.toFixed(0)} rows/s), peak RSS ${r.maxRssMiB.toFixed(0)} MiB`,
    );

    let sqlite: ImportSpeedResult['sqlite'];
    const version = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      sqlite = {
        skipped:
          'the sqlite3 command-line shell is not installed (Debian: apt-get install sqlite3)',
      };
    } else {
      const started = performance.now();
      const cpuBefore = childrenCpuSeconds();
      const run = spawnSync(
        'sqlite3',
        [join(dir, 'reference.db'), '-cmd', '.mode csv', `.import ${csv} rows`],
        { encoding: 'utf8' },
      );
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = childrenCpuSeconds();
      if (run.status !== 0) throw new Error(`sqlite3 .import failed: ${run.stderr}`);
      const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
      sqlite = { ...timing(seconds, cpu, r.rows, bytes), version: version.stdout.split(' ')[0] };
      options.log(
        `import: sqlite3 .import ${seconds.toFixed(2)} s (${cpu?.toFixed(2) ?? '?'} CPU s)`,
      );
    }
    return {
      rows: r.rows,
      fileMiB: bytes / 2 ** 20,
      ours,
      sqlite,
      ratio: 'skipped' in sqlite ? null : ours.rowsPerSecond / sqlite.rowsPerSecond,
      cpuRatio:
        'skipped' in sqlite || sqlite.cpuSeconds === null || ours.cpuSeconds === null
          ? null
          : sqlite.cpuSeconds / ours.cpuSeconds,
      load: { before: loadBefore, after: loadavg() },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Times `node bin/mtl-studio.mjs --help` `runs` times (after one untimed run that builds
 * the compiled CLI if needed); wall-clock seconds of the whole process.
 */
export function runStartup(options: { runs: number }): StartupResult {
  const bin = fileURLToPath(new URL('../bin/mtl-studio.mjs', import.meta.url));
  const once = (): number => {
    const started = performance.now();
    const run = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`mtl-studio --help failed: ${run.stderr}`);
    return (performance.now() - started) / 1000;
  };
  once();
  const times = Array.from({ length: options.runs }, once).sort((a, b) => a - b);
  return {
    command: 'mtl-studio --help',
    runs: times.length,
    medianSeconds: times[Math.floor(times.length / 2)],
    minSeconds: times[0],
    maxSeconds: times[times.length - 1],
  };
}
