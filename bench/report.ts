/**
 * Writing benchmark results: one JSON document and one Markdown report per run under
 * bench/results/, plus bench/results/latest.md (what the README links).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccuracyResult, MeanStd } from './accuracy';
import type { ImageImportResult } from './imageImport';
import type { CardsBenchResult, Fmnist1kResult, Fmnist70kResult } from './imageTraining';
import type { CnnSpeedResult } from './cnnSpeed';
import type { PredictResult } from './predict';
import type { ImportSpeedResult, StartupResult } from './importSpeed';
import type { ActiveLearningResult } from './activeLearning';
import type { ScaleResult } from './scale';
import type { SpeedResult, StepProfile } from './speed';
import { table1mMarkdown, type Table1mResult } from './table1m';
import { vsSklearnMarkdown, type VsSklearnResult } from './vsSklearn';

/** Everything one `npm run bench` measured. */
export interface BenchReport {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  tiny: boolean;
  accuracy: AccuracyResult[];
  /** Accuracy vs scikit-learn: split and k-fold, single-task, best fixed, Auto. */
  vsSklearn: VsSklearnResult[];
  speed: SpeedResult | null;
  /** CNN speed, one entry per input size. */
  cnnSpeed: CnnSpeedResult[] | null;
  scale: ScaleResult | null;
  /** Absent in reports written before the predict section existed. */
  predict?: PredictResult | null;
  /** CSV import against the sqlite3 shell (absent in reports written before it existed). */
  importSpeed?: ImportSpeedResult | null;
  startup?: StartupResult | null;
  /** Absent in reports written before the section existed. */
  activeLearning?: ActiveLearningResult | null;
  /** Image import rate (absent in reports written before the section existed). */
  images?: ImageImportResult | null;
  /** Image training sections (absent in reports written before they existed). */
  cards?: CardsBenchResult | null;
  fmnist1k?: Fmnist1kResult | null;
  fmnist70k?: Fmnist70kResult | null;
  /** The Data view at 1 000 000 rows (absent in reports written before the section existed). */
  table1m?: Table1mResult | null;
}

const f3 = (m: MeanStd | undefined): string =>
  m && Number.isFinite(m.mean) ? `${m.mean.toFixed(3)} ± ${m.std.toFixed(3)}` : '–';
const pct = (m: MeanStd | null): string =>
  m && Number.isFinite(m.mean)
    ? `${m.mean >= 0 ? '+' : ''}${m.mean.toFixed(2)} ± ${m.std.toFixed(2)}`
    : '–';

/** A step profile as a sentence and a table of the functions that took the most time. */
function profileTable(p: StepProfile, what: string, outside: string): string[] {
  return [
    `${what}: ${p.kernelsPerStep.toFixed(0)} calls per step, ${p.kernelMsPerStep.toFixed(3)} ms in them of ${p.wallMsPerStep.toFixed(3)} ms wall per step: ${(p.overheadShare * 100).toFixed(0)} % of the step is spent outside them (${outside}).`,
    '',
    '| kernel | calls per step | ms per step |',
    '|---|---|---|',
    ...p.topKernels.map((k) => `| ${k.name} | ${k.count.toFixed(1)} | ${k.ms.toFixed(4)} |`),
    '',
  ];
}

/** Renders the report as Markdown. */
export function toMarkdown(r: BenchReport): string {
  const out: string[] = [];
  out.push(`# MTL Studio benchmark — ${r.startedAt}`, '');
  out.push(
    `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node} (${r.machine.platform})${r.tiny ? ' — **tiny configuration (a smoke test, numbers mean nothing)**' : ''}.`,
    '',
  );
  if (r.vsSklearn?.length) out.push(vsSklearnMarkdown(r.vsSklearn));
  if (r.accuracy.length) {
    out.push('## Accuracy', '');
    out.push(
      'Test macro-F1 per task, mean ± std over seeds (each seed: its own stratified 70/15/15 split and initialisation). Δm (Maninis et al., CVPR 2019) on macro-F1 against the single-task baseline of the same seed, in percent. scikit-learn: logistic regression and histogram gradient boosting per task on the same train+validation rows, same test rows.',
      '',
    );
    for (const a of r.accuracy) {
      out.push(`### ${a.dataset} (${a.rows} rows, seeds ${a.seeds.join(', ')})`, '');
      out.push(`| arch | weighting | ${a.tasks.join(' | ')} | Δm (%) | s/run |`);
      out.push(`|---|---|${a.tasks.map(() => '---|').join('')}---|---|`);
      for (const p of a.points) {
        out.push(
          `| ${p.arch} | ${p.arch === 'single-task' ? '–' : p.weighting} | ${a.tasks.map((t) => f3(p.macroF1[t])).join(' | ')} | ${pct(p.deltaM)} | ${p.seconds.mean.toFixed(1)} |`,
        );
      }
      if ('skipped' in a.sklearn)
        out.push('', `scikit-learn reference skipped: ${a.sklearn.skipped}`);
      else {
        const sk = a.sklearn;
        out.push(
          `| sklearn logistic regression | | ${a.tasks.map((t) => f3(sk[t].logreg)).join(' | ')} | | |`,
        );
        out.push(
          `| sklearn hist. gradient boosting | | ${a.tasks.map((t) => f3(sk[t].hgb)).join(' | ')} | | |`,
        );
      }
      out.push('');
    }
  }
  if (r.speed) {
    const s = r.speed;
    out.push('## Speed', '');
    out.push(
      `Same multi-task MLP (${s.features} inputs → ${s.hidden.join(' → ')} → heads for ${s.tasks.join(', ')}), batch ${s.batchSize}, Adam, ${s.epochs} timed epoch${s.epochs === 1 ? '' : 's'} on ${s.rows} rows of ${s.dataset}, after one warm-up epoch.`,
      '',
    );
    out.push('| engine | samples/s |', '|---|---|');
    out.push(
      `| MTL Studio, fused kernel (${s.ours.backend}) | ${s.ours.samplesPerSecond.toFixed(0)} |`,
      `| MTL Studio, tfjs kernels only (same backend; cross-stitch runs this way) | ${s.tfjsPath.samplesPerSecond.toFixed(0)} |`,
    );
    if ('skipped' in s.torch) out.push('', `PyTorch reference skipped: ${s.torch.skipped}`);
    else
      for (const t of s.torch)
        out.push(
          `| PyTorch ${t.version}, ${t.threads} thread(s) | ${t.samplesPerSecond.toFixed(0)} |`,
        );
    out.push(
      '',
      `Ratio (ours / best PyTorch): **${s.ratio === null ? '–' : s.ratio.toFixed(2)}×** with the fused kernel (steps run by: ${s.ours.stepEngine}).${s.load ? ` Load average (1/5/15 min) before ${loadText(s.load.before)}, after ${loadText(s.load.after)} (above the core count: the machine was shared, and both sides slow down unevenly).` : ''}`,
      '',
    );
    out.push(
      ...profileTable(
        s.kernelProfile,
        'Profile of the fused step over one epoch of (up to) 64 steps (WebAssembly functions of src/main/engine/kernel/mlp.as.ts and rows.as.ts; a table’s batches are gathered in the kernel by gatherBatch; wall time from the epoch’s start to its end, as the timed runs count it)',
        'JavaScript: the loop, Adam’s per-group set-up, copying weights to tfjs for the epoch’s snapshot, scoring the validation rows',
      ),
      ...profileTable(
        s.profile,
        'Profile of the tfjs path (tfjs kernels)',
        'tfjs engine bookkeeping, JavaScript',
      ),
    );
  }
  if (r.cnnSpeed?.length) {
    out.push('## CNN speed', '');
    const first = r.cnnSpeed[0];
    out.push(
      `Same multi-task CNN on both sides: ${first.convFilters.map((f) => `conv ${first.convKernel}×${first.convKernel} 'same' ${f} + ReLU + 2×2 max-pool`).join(' → ')} → flatten → dense ${first.hidden.join(' → ')} → one head per task; batch ${first.batchSize}, Adam, random images with random labels, ${first.epochs} timed epoch${first.epochs === 1 ? '' : 's'} after one warm-up epoch. samples/s per timed epoch (best first); the ratio uses the bests.`,
      '',
    );
    out.push(
      '| input | heads | MTL Studio (fused kernel) | PyTorch, 1 thread | PyTorch, 2 threads | ratio |',
    );
    out.push('|---|---|---|---|---|---|');
    for (const c of r.cnnSpeed) {
      const rates = (v: number[]) =>
        [...v]
          .sort((a, b) => b - a)
          .map((x) => x.toFixed(0))
          .join(' / ');
      const torch = (threads: number) =>
        'skipped' in c.torch
          ? '–'
          : rates(c.torch.find((t) => t.threads === threads)?.epochs ?? []);
      out.push(
        `| ${c.name}, ${c.rows} images | ${c.heads.join(', ')} classes | ${rates(c.ours.epochs)} | ${torch(1)} | ${torch(2)} | **${c.ratio === null ? '–' : c.ratio.toFixed(2)}×** |`,
      );
    }
    out.push('');
    const stitched = r.cnnSpeed.filter((c) => c.crossStitch);
    if (stitched.length > 0) {
      out.push(
        `Cross-stitch (Misra et al., CVPR 2016) on the same CNN, one column per task with a unit after each block and dense layer, trained through tfjs kernels (${stitched[0].crossStitch.stepEngine}; on wasm the convolution gradients are src/main/engine/ops/wasmConvGradients.ts): ${stitched.map((c) => `${c.name} **${c.crossStitch.samplesPerSecond.toFixed(0)} samples/s** (${(c.crossStitch.samplesPerSecond / c.ours.samplesPerSecond).toFixed(2)}× the shared CNN in the fused kernel)`).join('; ')}.`,
        '',
      );
    }
    for (const c of r.cnnSpeed) {
      if ('skipped' in c.torch) out.push(`PyTorch reference skipped: ${c.torch.skipped}`, '');
      out.push(
        ...profileTable(
          c.kernelProfile,
          `Profile of the fused step, ${c.name} (${c.ours.backend}; WebAssembly functions of src/main/engine/kernel/mlp.as.ts and conv.as.ts)`,
          "JavaScript: scaling the batch's pixels, the loop, the epoch-end validation",
        ),
      );
    }
  }
  if (r.scale) {
    const s = r.scale;
    out.push('## Scale', '');
    out.push(
      `${s.rows.toLocaleString('en')} rows (${s.source}) imported from CSV into SQLite in ${s.importSeconds.toFixed(1)} s, then a hard-sharing MLP (→ 128 → 64 → heads, batch 128) trained on the ${s.trainRows.toLocaleString('en')} training rows by streaming chunks of ${s.chunkRows.toLocaleString('en')} rows from SQLite: **${s.samplesPerSecond.toFixed(0)} samples/s** over ${s.epochs} epoch(s) on ${s.backend}; peak RSS **${s.peakRssMiB.toFixed(0)} MiB** (${s.rssNote}).`,
      '',
    );
    if (s.epochSeconds !== undefined && s.epochCpuSeconds !== undefined && s.load) {
      const main = s.epochMainThreadCpuSeconds;
      out.push(
        `The epoch took ${s.epochSeconds.toFixed(1)} s and ${s.epochCpuSeconds.toFixed(1)} CPU s of the training process${main == null ? '' : ` (${main.toFixed(1)} on its main thread, which runs the kernel and turns SQLite's rows into batches; SQLite reads in a thread of its own: **${((s.trainRows * s.epochs) / main).toFixed(0)} samples per main-thread CPU second**)`}; load average ${s.load.before.map((l) => l.toFixed(1)).join(' / ')} before, ${s.load.after.map((l) => l.toFixed(1)).join(' / ')} after (1 / 5 / 15 min).`,
        '',
      );
    }
  }
  if (r.table1m) out.push(...table1mMarkdown(r.table1m));
  if (r.predict) {
    const p = r.predict;
    out.push('## Prediction', '');
    out.push(
      `${p.rows.toLocaleString('en')} CSV rows (${p.source}) predicted by \`mtl-studio predict --model\` with a model bundle alone (hard-sharing MLP → 128 → 64 → three heads, loaded with tf.loadLayersModel), streaming in batches of ${p.batchRows} rows on ${p.backend}, forward pass in ${p.forward ?? 'tfjs'}: **${p.rowsPerSecond.toFixed(0)} rows/s** (${p.seconds.toFixed(1)} s${p.cpuSeconds === undefined ? '' : `, ${p.cpuSeconds.toFixed(1)} CPU s`}, ${p.outputMiB.toFixed(0)} MiB of predictions written); peak RSS **${p.peakRssMiB.toFixed(0)} MiB** with a 256 MiB V8 heap cap.`,
      '',
    );
    if (p.tfjs) {
      out.push(
        `The same pass with tfjs running the loaded model (as a TensorFlow.js user runs the bundle): **${p.tfjs.rowsPerSecond.toFixed(0)} rows/s** (${p.tfjs.seconds.toFixed(1)} s, ${p.tfjs.cpuSeconds.toFixed(1)} CPU s), peak RSS ${p.tfjs.peakRssMiB.toFixed(0)} MiB.`,
        '',
      );
    }
  }
  if (r.importSpeed) {
    const s = r.importSpeed;
    out.push('## Import', '');
    out.push(
      `The same ${s.rows.toLocaleString('en')}-row CSV (${s.fileMiB.toFixed(1)} MiB, diamonds repeated with ±2 % noise), into a new file each time.`,
      '',
      '| importer | s | CPU s | rows/s | MB/s | peak RSS (MiB) |',
      '|---|---|---|---|---|---|',
      `| MTL Studio (encoding detection, type inference, missing tokens, typed columns, profiles, one transaction) | ${s.ours.seconds.toFixed(2)} | ${cpuText(s.ours.cpuSeconds)} | ${s.ours.rowsPerSecond.toFixed(0)} | ${s.ours.megabytesPerSecond.toFixed(1)} | ${s.ours.peakRssMiB.toFixed(0)} |`,
    );
    if ('skipped' in s.sqlite) out.push('', `sqlite3 reference skipped: ${s.sqlite.skipped}`);
    else {
      out.push(
        `| sqlite3 ${s.sqlite.version} shell, \`.mode csv\` + \`.import\` (text only) | ${s.sqlite.seconds.toFixed(2)} | ${cpuText(s.sqlite.cpuSeconds)} | ${s.sqlite.rowsPerSecond.toFixed(0)} | ${s.sqlite.megabytesPerSecond.toFixed(1)} | |`,
        '',
        `Ratio (ours / sqlite3, rows/s): **${s.ratio!.toFixed(2)}×** (goal ≥ 0.5×)${s.cpuRatio === null || s.cpuRatio === undefined ? '' : `; in CPU time ${s.cpuRatio.toFixed(2)}×`}. Peak RSS: ${s.ours.rssNote}.${s.load ? ` Load average (1/5/15 min) before ${loadText(s.load.before)}, after ${loadText(s.load.after)} (above the core count: the machine was shared).` : ''}`,
      );
    }
    out.push('');
  }
  if (r.startup) {
    const s = r.startup;
    out.push('## Start-up', '');
    out.push(
      `\`${s.command}\` (compiled CLI, a whole process): median **${s.medianSeconds.toFixed(3)} s** over ${s.runs} runs (${s.minSeconds.toFixed(3)}–${s.maxSeconds.toFixed(3)} s).`,
      '',
    );
  }
  if (r.activeLearning) out.push(...activeMarkdown(r.activeLearning));
  if (r.images) {
    const m = r.images;
    out.push('## Image import', '');
    out.push(
      `${m.images.toLocaleString('en')} synthetic card PNG files (${m.sourceSize}×${m.sourceSize}, ${(m.sourceBytes / 1e6).toFixed(1)} MB) imported into a new project — read, SHA-256, decode, resize to ${m.size}×${m.size} ${m.colour} (training pixels), WebP thumbnail, originals stored, one transaction — with ${m.concurrency} images decoded at once: **${m.imagesPerSecond.toFixed(0)} images/s** (${m.megabytesPerSecond.toFixed(1)} MB/s; ${m.importSeconds.toFixed(1)} s; project ${m.projectMiB.toFixed(0)} MiB). Reading the training pixels back in shuffled batches of ${m.readPixels.batchSize}: ${m.readPixels.rowsPerSecond.toFixed(0)} images/s. (Writing the cards took ${m.generateSeconds.toFixed(1)} s, not counted.)`,
      '',
    );
  }
  out.push(...imageTrainingMarkdown(r));
  return out.join('\n');
}

/** The active-labelling section: both learning curves side by side. */
function activeMarkdown(a: ActiveLearningResult): string[] {
  const out = ['## Active labelling', ''];
  out.push(
    `${a.dataset}: ${a.pool} pool items with hidden labels, ${a.test} fixed test items (${a.tasks.length} tasks: ${a.tasks.join(', ')}); ${a.initial} random labels, then rounds of ${a.step} chosen by least confidence (summed over the tasks an item lacks; the Label view's queue) or at random; the same hard-sharing MLP retrained each round. Mean test macro-F1 over the tasks, mean ± std over seeds ${a.seeds.join(', ')}. Trained on the whole pool: ${f3(a.fullPool)}.`,
    '',
    '| labelled items | least confidence | random |',
    '|---|---|---|',
  );
  a.curves['least-confidence'].forEach((p, i) => {
    out.push(`| ${p.labels} | ${f3(p.meanMacroF1)} | ${f3(a.curves.random[i]?.meanMacroF1)} |`);
  });
  const reach = (n: number | null): string => (n === null ? 'not reached' : `${n} labels`);
  out.push(
    '',
    `95 % of the whole-pool score: least confidence ${reach(a.labelsTo95['least-confidence'])}, random ${reach(a.labelsTo95.random)} (${a.seconds.toFixed(0)} s).`,
    '',
  );
  return out;
}

const loadText = (l: number[]): string => l.map((v) => v.toFixed(1)).join(' / ');
const cpuText = (seconds: number | null | undefined): string =>
  seconds === null || seconds === undefined ? '–' : seconds.toFixed(2);

/** Markdown of the cards, fmnist1k and fmnist70k sections (empty when none ran). */
function imageTrainingMarkdown(r: BenchReport): string[] {
  const out: string[] = [];
  if (r.cards) {
    const c = r.cards;
    const tasks = Object.keys(c.runs[0]?.tasks ?? {});
    out.push('## Card example', '');
    out.push(
      `${c.cards} synthetic cards at ${c.imageSize}×${c.imageSize} RGB, backend ${c.backend}; test macro-F1 per task, Δm (percent, test macro-F1) against single-task CNNs.`,
      '',
      `| architecture | ${tasks.join(' | ')} | Δm | s |`,
      `|---|${tasks.map(() => '---|').join('')}---|---|`,
      ...c.runs.map(
        (run) =>
          `| ${run.arch} | ${tasks.map((t) => run.tasks[t].macroF1.toFixed(3)).join(' | ')} | ${run.deltaM === null ? '–' : run.deltaM.toFixed(2)} | ${run.seconds.toFixed(1)} |`,
      ),
      '',
      `Wall time: **${c.timings.total} s** in all (generate ${c.timings.generate} s, import ${c.timings.import} s, train ${c.timings.train} s). Load average (1/5/15 min) before ${loadText(c.load.before)}, after ${loadText(c.load.after)} (2 cores: above 2 means the machine was shared).`,
      '',
    );
  }
  if (r.fmnist1k) {
    const f = r.fmnist1k;
    out.push('## Fashion-MNIST 1 000', '');
    if ('skipped' in f) out.push(`Skipped: ${f.skipped}`, '');
    else {
      const tasks = Object.keys(f.points[0]?.macroF1 ?? {});
      out.push(
        `${f.images} real images (${f.source}) written as 28×28 grey PNG files and imported as a folder; CNN ${f.config.convFilters?.join('/')} filters, dense ${f.config.hiddenUnits?.join('/')}; ${f.seeds} split seed(s); test macro-F1 mean ± std.`,
        '',
        `| architecture | ${tasks.join(' | ')} | Δm | s |`,
        `|---|${tasks.map(() => '---|').join('')}---|---|`,
        ...f.points.map(
          (p) =>
            `| ${p.arch} | ${tasks.map((t) => f3(p.macroF1[t])).join(' | ')} | ${p.deltaM ? `${p.deltaM.mean.toFixed(2)} ± ${p.deltaM.std.toFixed(2)}` : '–'} | ${p.seconds.mean.toFixed(1)} |`,
        ),
        '',
      );
    }
  }
  if (r.fmnist70k) {
    const f = r.fmnist70k;
    out.push('## Fashion-MNIST 70 000', '');
    if ('skipped' in f) out.push(`Skipped: ${f.skipped}`, '');
    else {
      out.push(
        `${f.images.toLocaleString('en')} images (${f.source}) written as PNG files (${f.writeSeconds.toFixed(0)} s, not counted), then through the CLI: \`import-images\` ${f.import.seconds.toFixed(1)} s (**${f.import.imagesPerSecond.toFixed(0)} images/s**, peak RSS ${f.import.memory.peakSumMiB.toFixed(0)} MiB); \`train\` ${f.train.arch} CNN, ${f.train.epochs} epoch(s) on ${f.train.trainRows.toLocaleString('en')} training images, pixels streamed from the project file: **${f.train.samplesPerSecond.toFixed(0)} samples/s** (${f.train.backend}), peak RSS of the CLI and its training process **${f.train.memory.peakSumMiB.toFixed(0)} MiB** (goal < 1 024). Test macro-F1: ${Object.entries(
          f.macroF1,
        )
          .map(([t, v]) => `${t} ${v.toFixed(3)}`)
          .join(
            ', ',
          )}. Load average before ${loadText(f.load.before)}, after ${loadText(f.load.after)}.`,
        '',
      );
    }
  }
  return out;
}

/**
 * Writes `<stamp>.json` and `<stamp>.md` into `dir`, and `latest.md` too when the report is
 * a full run (every section, not tiny), so a partial run never hides the last full one.
 * @returns the paths written (`latest` is null when not written).
 */
export function writeReport(
  report: BenchReport,
  dir: string,
): { json: string; markdown: string; latest: string | null } {
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const json = join(dir, `${stamp}.json`);
  const markdown = join(dir, `${stamp}.md`);
  const md = toMarkdown(report);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdown, `${md}\n`);
  const full =
    !report.tiny &&
    report.accuracy.length > 0 &&
    report.speed !== null &&
    report.cnnSpeed !== null &&
    report.scale !== null &&
    Boolean(report.activeLearning);
  const latest = full ? join(dir, 'latest.md') : null;
  if (latest) writeFileSync(latest, `${md}\n`);
  return { json, markdown, latest };
}
