/**
 * Resident memory of a process and its descendants (e.g. `mtl-studio train` and its
 * training child process), sampled from /proc on Linux: the peak of their summed VmRSS and
 * each process's own high-water mark (VmHWM). Elsewhere the sampler reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** What the sampler saw. */
export interface TreeMemory {
  /** Largest sum of the tree's resident sets over the samples, MiB. */
  peakSumMiB: number;
  /** Each process seen: its command and its own peak resident set (VmHWM), MiB. */
  processes: { pid: number; command: string; peakMiB: number }[];
  samples: number;
}

function status(pid: number): { rssKiB: number; hwmKiB: number; name: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return {
      rssKiB: kib('VmRSS'),
      hwmKiB: kib('VmHWM'),
      name: /^Name:\s+(.*)$/m.exec(text)?.[1] ?? '',
    };
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .slice(0, 4)
      .join(' ')
      .replaceAll(`${process.cwd()}/`, ''); // no machine path in the committed results
  } catch {
    return '';
  }
}

/** The pids of `root` and all its descendants (parents from /proc/<pid>/stat). */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the command in parentheses, which may hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return out;
}

/**
 * Samples the memory of `root`'s process tree every `intervalMs` until `stop()`.
 * @returns stop(): what was seen (zeros where /proc does not exist).
 */
export function sampleTreeMemory(root: number, intervalMs = 250): { stop(): TreeMemory } {
  const seen = new Map<number, { command: string; peakKiB: number }>();
  let peakSumKiB = 0;
  let samples = 0;
  const sample = () => {
    if (process.platform !== 'linux') return;
    let sum = 0;
    for (const pid of tree(root)) {
      const s = status(pid);
      if (!s) continue;
      sum += s.rssKiB;
      const known = seen.get(pid) ?? { command: commandOf(pid) || s.name, peakKiB: 0 };
      known.peakKiB = Math.max(known.peakKiB, s.hwmKiB, s.rssKiB);
      seen.set(pid, known);
    }
    peakSumKiB = Math.max(peakSumKiB, sum);
    samples++;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return {
        peakSumMiB: peakSumKiB / 1024,
        processes: [...seen.entries()].map(([pid, p]) => ({
          pid,
          command: p.command,
          peakMiB: p.peakKiB / 1024,
        })),
        samples,
      };
    },
  };
}
