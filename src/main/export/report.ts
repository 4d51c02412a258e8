/**
 * The report of a project: one self-contained HTML file (no script, no network; charts are
 * inline SVG rendered on the main side by ECharts' server-side SVG renderer) with the
 * dataset summary, tasks and class balance, each run's configuration, backend and time,
 * the per-task test metrics, Δm against the named baseline, learning curves, confusion
 * matrices and, for image datasets, a few correctly and wrongly classified test images per
 * task (stored thumbnails as data URLs), for tables the test rows classified wrongly with the
 * most confidence (with the model's input values), and the cross-validated evaluations (per task
 * mean ± std over the folds, Δm with its paired tests, as the Compare view shows them) and
 * the task affinity (heat-map, recommended grouping, negative-transfer warnings); in
 * English or Simplified Chinese. pdf.ts prints it to PDF.
 *
 * This file holds the page (its style, dataset, runs and metrics tables, run sections);
 * reportData.ts the shape of its data, reportCharts.ts the SVG charts, reportConfusion.ts the
 * confusion matrices, reportCrossValidation.ts the cross-validation section,
 * reportAffinity.ts the task-affinity section, reportImages.ts the example images,
 * reportRows.ts a table run's most confidently wrong test rows, reportFinal.ts a
 * cross-validation's final model (no test scores: its cross-validation's estimate and Δm).
 */
import { refitEpochCounts } from '../../shared/autoRefit';
import type { AutoSearch, ColumnInfo, DatasetInfo, RunInfo } from '../../shared/domain';
import type { PixelSettings } from '../../shared/assets';
import { BACKEND_WORDS, fillWords, parseBackend, wordBackend } from '../../shared/backendText';
import { signed } from '../../shared/signedText';
import { trainedSeconds } from '../../shared/trainedTime';
import { affinitySection } from './reportAffinity';
import { caveatsSection } from './reportCaveats';
import { classBalanceChart, curvesChart, REPORT_FONTS } from './reportCharts';
import { anyNumbered, confusionTables } from './reportConfusion';
import { crossValidationSection } from './reportCrossValidation';
import { finalDeltaCell, finalEstimateTable, finalModelParagraph } from './reportFinal';
import type { ReportData } from './reportData';
import { imageExamples } from './reportImages';
import { wrongRowExamples } from './reportRows';
import {
  breakableName,
  esc,
  fill,
  nameCell,
  nameOf,
  REPORT_TEXT,
  type ReportLanguage,
} from './reportText';

function score(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3);
}

/**
 * "MMoE · Uncertainty" in the report's language, as the studio names a run's method
 * (single-task has no weighting); "Auto → MMoE · Uncertainty" for a run whose configuration
 * Auto chose.
 */
function methodOf(run: RunInfo, t: typeof REPORT_TEXT.en): string {
  const method =
    run.config.arch === 'single-task'
      ? nameOf('single-task', t)
      : `${nameOf(run.config.arch, t)} · ${nameOf(run.config.weighting, t)}`;
  if (run.finalOf) return fill(t.finalMethod, { method, cv: run.finalOf.evaluationId });
  return run.auto ? fill(t.autoMethod, { method }) : method;
}

/**
 * What an Auto run's search did, under its chosen configuration: how many configurations in
 * what time and budget, scored on which rows, the chosen trial's validation score and, when
 * stored, the final model's own best epoch and validation score.
 */
function autoSummary(search: AutoSearch, t: typeof REPORT_TEXT.en): string {
  const chosen = search.trials.find((x) => x.id === search.chosenTrial);
  const refit = refitEpochCounts(search.final);
  const lines = [
    fill(t.autoSearched, {
      n: search.trials.length,
      s: search.seconds.toFixed(0),
      budget: search.budgetSeconds,
      how:
        search.selection === 'inner-folds'
          ? fill(t.autoInner, { k: search.innerFolds })
          : t.autoValidation,
    }),
    ...(chosen ? [fill(t.autoChosen, { id: chosen.id, f1: score(chosen.score) })] : []),
    ...(search.final
      ? [
          refit
            ? fill(t.autoFinalRefit, {
                epochs: refit.perTask
                  ? fill(t.autoRefitEach, {
                      list: refit.perTask.map(([task, n]) => `${task} ${n}`).join(', '),
                    })
                  : refit.epochs === 1
                    ? t.autoRefitOne
                    : fill(t.autoRefitMany, { n: refit.epochs }),
                f1: score(search.final.score),
              })
            : fill(t.autoFinal, { best: search.final.bestEpoch, f1: score(search.final.score) }),
        ]
      : []),
  ];
  return `<p class="muted auto-search">${lines.map(esc).join(' ')}</p>`;
}

/**
 * The backend a run trained on, in the report's language (the stored text is English:
 * shared/backendText.ts reads its parts); a text of another form as stored.
 */
function backendOf(run: RunInfo, lang: ReportLanguage): string {
  const details = parseBackend(run.backend);
  return details ? wordBackend(details, fillWords(BACKEND_WORDS[lang])) : (run.backend ?? '–');
}

function seconds(run: RunInfo, t: typeof REPORT_TEXT.en): string {
  if (!run.finishedAt) return '–';
  const trained = trainedSeconds(run, Date.now());
  return trained === null ? '–' : fill(t.seconds, { s: trained.toFixed(1) });
}

/**
 * The configuration fields that matter for a run's architecture, as `<tr>` rows of the
 * report's configuration table: the method, optimisation, the dense trunk (or the gated
 * experts), and for a CNN trunk (image runs) its conv filters per block, kernel side and
 * augmentation — what the Train form shows for images.
 * @param run the run whose stored configuration is listed.
 * @param t the report's strings in its language.
 * @returns HTML rows, every value escaped.
 */
export function configRows(run: RunInfo, t: typeof REPORT_TEXT.en): string {
  const c = run.config;
  const gated = c.arch === 'mmoe' || c.arch === 'ple';
  const fields: [keyof typeof t.config, unknown][] = [
    ['arch', nameOf(c.arch, t)],
    ...(c.arch === 'single-task'
      ? []
      : ([['weighting', nameOf(c.weighting, t)]] as [keyof typeof t.config, unknown][])),
    ['epochs', c.epochs],
    ['batchSize', c.batchSize],
    ['learningRate', c.learningRate],
    ['seed', c.seed],
    [
      'patience',
      c.patienceScaledFrom && c.patienceScaledFrom.patience !== c.patience
        ? fill(t.patienceScaled, {
            patience: c.patience,
            given: c.patienceScaledFrom.patience,
            rows: c.patienceScaledFrom.trainRows,
            steps: c.patienceSteps,
          })
        : c.patience,
    ],
    ...(gated
      ? ([
          ['numExperts', c.numExperts],
          ['expertUnits', c.expertUnits.join(', ')],
        ] as [keyof typeof t.config, unknown][])
      : ([['hiddenUnits', c.hiddenUnits.length ? c.hiddenUnits.join(', ') : t.hiddenNone]] as [
          keyof typeof t.config,
          unknown,
        ][])),
    ...(c.arch === 'ple'
      ? ([
          ['numLevels', c.numLevels],
          ['specificExperts', c.specificExperts],
        ] as [keyof typeof t.config, unknown][])
      : []),
    ['headUnits', c.headUnits],
    ...(c.trunk === 'cnn'
      ? ([
          ['convFilters', c.convFilters.join(', ')],
          ['convKernel', c.convKernel],
          [
            'augmentFlip',
            c.augmentFlip === 'horizontal' ? t.augmentFlipHorizontal : t.augmentFlipNone,
          ],
          ['augmentShift', c.augmentShift],
          ['augmentBrightness', c.augmentBrightness],
        ] as [keyof typeof t.config, unknown][])
      : []),
    ['dropout', c.dropout],
    ['weightDecay', c.weightDecay],
    ['classWeights', c.classWeights === 'balanced' ? t.classWeightsBalanced : t.classWeightsNone],
  ];
  return fields.map(([k, v]) => `<tr><th>${esc(t.config[k])}</th><td>${esc(v)}</td></tr>`).join('');
}

/** Most characters of class names the Tasks table lists for a task before "… and N more". */
export const CLASS_LIST_CHARS = 200;

/**
 * A task's classes for the Tasks table: all of them, comma-separated, while they fit in
 * CLASS_LIST_CHARS characters; else as many as fit (at least one) and "… and 24 more (30
 * classes: all under Class balance)". Thirty long class names made the table taller than a
 * page (its last row then printed on the next); the class balance chart names every class.
 * @param classes the task's class names, in their order.
 * @returns plain text (not escaped).
 */
export function classListText(classes: readonly string[], t: typeof REPORT_TEXT.en): string {
  let shown = 0;
  let chars = 0;
  while (shown < classes.length) {
    chars += classes[shown].length + (shown > 0 ? 2 : 0);
    if (chars > CLASS_LIST_CHARS && shown > 0) break;
    shown += 1;
  }
  const list = classes.slice(0, shown).join(', ');
  if (shown === classes.length) return list;
  return `${list} ${fill(t.moreClasses, { more: classes.length - shown, n: classes.length })}`;
}

/** One column's row of the dataset table: name, type and role in the report's language. */
function columnRow(c: ColumnInfo, t: typeof REPORT_TEXT.en): string {
  return `<tr>${nameCell(c.name)}<td>${esc(t.columnTypes[c.type] ?? c.type)}</td><td>${esc(t.columnRoles[c.role] ?? c.role)}</td><td class="num">${c.profile.missing}</td><td class="num">${c.profile.distinctEstimated ? '≈' : ''}${c.profile.distinct}</td></tr>`;
}

const STYLE = `
  * { box-sizing: border-box; }
  body { font-family: ${REPORT_FONTS}; color: #1d2330; margin: 0 auto; max-width: 960px; padding: 24px 32px; font-size: 13px; line-height: 1.45; }
  h1 { font-size: 24px; margin: 0 0 4px; }
  h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid #2f6fde; padding-bottom: 4px; }
  h3 { font-size: 15px; margin: 20px 0 6px; }
  .muted { color: #5d6677; }
  table { border-collapse: collapse; margin: 6px 0 12px; }
  th, td { border: 1px solid #d6dbe4; padding: 3px 8px; text-align: left; vertical-align: top; }
  thead th { background: #f1f4f9; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  /* A number and its unit stay on one line ("16.1 s" wrapped to "16.1" / "s" in a narrow
     column). A Δm cell may still break between its value and its note "(vs run N)". */
  td.num { white-space: nowrap; }
  td.num.delta { white-space: normal; }
  td.num.delta > span:first-child { white-space: nowrap; }
  /* Long names (tasks, columns) break at their underscores and dots (breakableName's <wbr>)
     or, failing that, anywhere: a 55-character name kept whole squeezed the Tasks table's
     classes to one word a line over three pages. A long name keeps 10em (nameCell), the
     classes 16em. Short names and prose keep the ordinary rules. */
  td.long-name { overflow-wrap: anywhere; min-width: 10em; }
  td.classes { min-width: 16em; }
  /* Chinese may break between any two characters, so a squeezed column printed its header
     one character a line ("运/行", "最/佳/轮/次") and Δm's "无基/线". Headers and Δm cells break
     only at spaces and punctuation (no effect on Latin text, which breaks at spaces). */
  th, td.delta { word-break: keep-all; }
  .charts { display: flex; flex-wrap: wrap; gap: 8px 24px; }
  .chart h4 { margin: 4px 0; font-size: 13px; }
  /* A run's section is taller than what is left of most pages: kept whole it left a page
     mostly blank. Its parts (head, matrices, image rows) stay whole instead. */
  .run { border-top: 1px solid #d6dbe4; margin-top: 16px; }
  .run-head { display: flex; gap: 24px; flex-wrap: wrap; align-items: flex-start; }
  .auto-search { max-width: 30em; }
  table.confusion td { text-align: right; min-width: 36px; }
  table.confusion caption { text-align: left; font-weight: 600; padding: 2px 0; }
  table.confusion th.corner { font-weight: normal; font-size: 11px; color: #5d6677; }
  .confusions { display: flex; flex-wrap: wrap; gap: 0 24px; align-items: flex-start; }
  /* Numbered matrices (reportConfusion.ts): the row header is the legend, number then name;
     the name is as wide as the widest name, at most what the count columns leave of the
     page's width and at least 12em (--class-name-width); a longer name wraps within it. A
     definite width: with a max-width only, Chromium gave the header cell less than the
     name's width and the name ran over the first count column. */
  .confusion-note { break-after: avoid; page-break-after: avoid; }
  table.confusion caption .part { font-weight: normal; color: #5d6677; }
  table.confusion th.class-row { font-weight: normal; white-space: nowrap; }
  table.confusion .class-index { display: inline-block; min-width: 1.8em; font-weight: 600; vertical-align: top; }
  table.confusion .class-name { display: inline-block; width: var(--class-name-width, 12em); white-space: normal; overflow-wrap: anywhere; vertical-align: top; }
  /* A part's range stays on one line ("…21–30 of" / "30" wrapped); a long task name breaks. */
  table.confusion caption .part { white-space: nowrap; }
  /* A stopped cross-validation's folds cell is a sentence: it wraps (kept on one line it
     widened the table past the page). An evaluation's task rows stay on one page, and a
     stronger rule parts two evaluations. */
  td.num.stopped { white-space: normal; }
  tbody.cv-evaluation { break-inside: avoid; page-break-inside: avoid; }
  table.task-rows tbody.cv-evaluation + tbody.cv-evaluation > tr:first-child > * { border-top: 2px solid #c5ccd8; }
  .examples { break-inside: avoid; margin-bottom: 8px; }
  .examples h5 { margin: 8px 0 2px; font-size: 13px; }
  .example-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
  .example-row > p { flex-basis: 100%; margin: 2px 0; }
  /* A table run's wrong rows: the inputs cell wraps between values, never inside one
     "column value" pair unless that alone is wider than the cell. */
  .wrong-rows { margin-bottom: 8px; }
  .wrong-rows h5 { margin: 8px 0 2px; font-size: 13px; }
  .wrong-rows p { margin: 2px 0; }
  .wrong-rows tr { break-inside: avoid; page-break-inside: avoid; }
  td.inputs { overflow-wrap: anywhere; }
  td.inputs .input { display: inline-block; }
  td.inputs .input-name { color: #5d6677; }
  figure.example { margin: 0; width: 128px; font-size: 11px; }
  figure.example .file { color: #555; overflow-wrap: anywhere; }
  figure.example img { display: block; width: 64px; height: 64px; object-fit: contain; image-rendering: pixelated; background: #f1f4f9; border: 2px solid #3a9d5d; }
  figure.example.wrong img { border-color: #c0392b; }
  html:lang(en) body { font-family: "Noto Sans", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", ${REPORT_FONTS}; }
  .good { color: #2d7a47; } .bad { color: #b03a2e; }
  .affinity .chart, .affinity-groups, .affinity .warning { break-inside: avoid; page-break-inside: avoid; }
  .affinity-groups strong { margin-left: 6px; }
  .caveats { break-inside: avoid; page-break-inside: avoid; color: #8a5a00; }
  .caveats ul { margin: 2px 0 8px; padding-left: 20px; }
  @page { size: A4; margin: 14mm 12mm; }
  /* A heading stays with what follows it: never alone at the bottom of a page ("Runs" above
     its table on the next page). Both spellings: Chromium reads either, older engines the
     page-break one. Rows, small tables (confusion matrices, a run's head) and figures stay
     whole; a long table breaks between rows (kept whole it left a page mostly blank). */
  h1, h2, h3, h4, h5, caption { break-after: avoid; page-break-after: avoid; }
  tr, table.confusion, .run-head, figure, .chart { break-inside: avoid; page-break-inside: avoid; }
  /* Printed, the matrices flow as inline tables, not a flex row: Chromium keeps a heading
     with a following flex container only poorly ("Confusion matrices" was left alone).
     The body keeps 2px each side: Chromium clips what it prints at the page's text area,
     and a table as wide as that area lost its right border (Runs, Per-task test metrics,
     Cross-validation): the collapsed border's outer half lies 0.5px outside the table, and
     the A4 text area (186 mm) is laid out about 703px wide but clipped at 526.93pt
     (702.57px, poppler's measure): about 0.9px lost, the whole border. */
  @media print {
    body { padding: 0 2px; max-width: none; }
    .confusions { display: block; }
    .confusions > table { display: inline-table; vertical-align: top; margin-right: 24px; }
    /* A numbered matrix is a block table: an inline one taller than the page was sliced
       across pages without its column numbers; a block one breaks between rows and
       Chromium repeats its <thead> atop the next page. */
    .confusions > table.numbered { display: table; }
  }
`;

/**
 * The dataset's source as `<tr>` rows: a table's source file; for an image dataset, the
 * folder or manifest (by name only: the store keeps no machine path) and the training input
 * (e.g. "32 × 32 px, RGB, fill and crop the centre (cover)").
 */
function sourceRows(
  dataset: DatasetInfo,
  pixels: PixelSettings | null,
  t: typeof REPORT_TEXT.en,
): string {
  if (pixels === null) {
    return `<tr><th>${esc(t.source)}</th><td>${esc(dataset.sourceName)}</td></tr>`;
  }
  const manifest = /\.(csv|tsv|txt)$/i.test(dataset.sourceName);
  const input = fill(t.imageInputValue, {
    width: pixels.width,
    height: pixels.height,
    colour: t.imageColours[pixels.colour] ?? pixels.colour,
    fit: t.imageFits[pixels.fit] ?? pixels.fit,
  });
  return `<tr><th>${esc(manifest ? t.sourceManifest : t.sourceFolder)}</th><td>${esc(fill(t.sourceNameOnly, { name: dataset.sourceName }))}</td></tr><tr><th>${esc(t.imageInput)}</th><td class="image-input">${esc(input)}</td></tr>`;
}

/**
 * The report as one self-contained HTML document.
 * @param lang 'en' or 'zh-CN' (every heading, label and note; data values as stored).
 */
export function renderReportHtml(data: ReportData, lang: ReportLanguage): string {
  const t = REPORT_TEXT[lang];
  const parts: string[] = [];
  parts.push(`<h1>${esc(t.title)} · ${esc(data.project.name)}</h1>`);
  parts.push(
    `<p class="muted">${esc(fill(t.generated, { time: data.generatedAt.replace('T', ' ').slice(0, 16) + ' UTC', version: data.studioVersion, file: data.project.file }))}</p>`,
  );
  for (const {
    dataset,
    tasks,
    split,
    runs,
    crossValidations,
    crossValidationCaveats,
    pixels,
    affinity,
  } of data.datasets) {
    parts.push(`<h2>${esc(fill(t.dataset, { name: dataset.name }))}</h2>`);
    parts.push(
      `<table><tbody>${sourceRows(dataset, pixels ?? null, t)}<tr><th>${esc(t.rows)}</th><td>${dataset.rowCount}</td></tr><tr><th>${esc(t.columns)}</th><td>${dataset.columns.length}</td></tr><tr><th>${esc(t.imported)}</th><td>${esc(dataset.importedAt.slice(0, 16).replace('T', ' '))}</td></tr></tbody></table>`,
    );
    parts.push(
      `<table><thead><tr><th>${esc(t.column)}</th><th>${esc(t.type)}</th><th>${esc(t.role)}</th><th class="num">${esc(t.missing)}</th><th class="num">${esc(t.distinct)}</th></tr></thead><tbody>${dataset.columns.map((c) => columnRow(c, t)).join('')}</tbody></table>`,
    );
    if (split) {
      const strat = split.stratifiedOn ? fill(t.stratified, { column: split.stratifiedOn }) : '';
      parts.push(`<p>${esc(fill(t.split, { seed: split.seed, ...split.counts, strat }))}</p>`);
    }
    if (tasks.length > 0) {
      parts.push(`<h3>${esc(t.tasks)}</h3>`);
      parts.push(
        `<table><thead><tr><th>${esc(t.task)}</th><th>${esc(t.target)}</th><th>${esc(t.classes)}</th><th class="num">${esc(t.labelled)}</th><th class="num">${esc(t.missing)}</th></tr></thead><tbody>${tasks
          .map(
            (task) =>
              `<tr>${nameCell(task.name)}${nameCell(task.targetColumn)}<td class="classes">${esc(classListText(task.classes, t))}</td><td class="num">${task.classCounts.reduce((a, b) => a + b, 0)}</td><td class="num">${task.missing}</td></tr>`,
          )
          .join('')}</tbody></table>`,
      );
      parts.push(`<h3>${esc(t.classBalance)}</h3><div class="charts">`);
      for (const task of tasks) {
        parts.push(
          `<div class="chart"><h4>${breakableName(task.name)}</h4>${classBalanceChart(task)}</div>`,
        );
      }
      parts.push('</div>');
    }
    if (crossValidations.length > 0)
      parts.push(crossValidationSection(crossValidations, t, crossValidationCaveats));
    // As the Compare view's panel: only for 2 tasks or more (absent: none to relate).
    if (affinity !== undefined) {
      parts.push(
        affinitySection(
          { affinity, datasetId: dataset.id, projectFile: data.project.file, crossValidations },
          t,
        ),
      );
    }
    if (runs.length === 0) {
      if (crossValidations.length === 0) parts.push(`<p class="muted">${esc(t.noRuns)}</p>`);
      continue;
    }
    parts.push(`<h3>${esc(t.runs)}</h3>`);
    parts.push(
      `<table><thead><tr><th>${esc(t.run)}</th><th>${esc(t.method)}</th><th>${esc(t.tasks)}</th><th>${esc(t.backend)}</th><th class="num">${esc(t.time)}</th><th class="num">${esc(t.bestEpoch)}</th><th class="num">${esc(t.deltaM)}</th></tr></thead><tbody>${runs
        .map((r) => {
          const d = r.final
            ? finalDeltaCell(r.final, t)
            : r.deltaM === null
              ? r.run.config.arch === 'single-task' && !r.run.auto
                ? '–'
                : esc(r.baselineRunId ? '–' : t.noBaseline)
              : `<span class="${r.deltaM >= 0 ? 'good' : 'bad'}">${signed(r.deltaM, 2)} %</span> <span class="muted">(${esc(fill(t.vs, { id: r.baselineRunId ?? '' }))})</span>`;
          return `<tr><td>#${r.run.id}</td><td>${esc(methodOf(r.run, t))}</td><td>${r.run.tasks.map(breakableName).join(', ')}</td><td>${esc(backendOf(r.run, lang))}</td><td class="num">${esc(seconds(r.run, t))}</td><td class="num">${r.final ? '–' : (r.run.bestEpoch ?? '–')}</td><td class="num delta">${d}</td></tr>`;
        })
        .join('')}</tbody></table>`,
    );
    parts.push(`<p class="muted">${esc(t.deltaMNote)}</p>`);
    // Beside the scores and Δm people share, what the Train view warns of them.
    parts.push(caveatsSection(runs, t));
    // A final model has no test scores: its cross-validation's estimate has a table of its own.
    const tested = runs.filter((r) => !r.final);
    if (tested.length > 0) parts.push(`<h3>${esc(t.metrics)}</h3>`);
    if (tested.length > 0)
      parts.push(
        `<table><thead><tr><th>${esc(t.run)}</th><th>${esc(t.task)}</th><th class="num">${esc(t.accuracy)}</th><th class="num">${esc(t.balancedAccuracy)}</th><th class="num">${esc(t.macroF1)}</th><th class="num">${esc(t.rocAuc)}</th><th class="num">${esc(t.logLoss)}</th><th class="num">${esc(t.n)}</th></tr></thead><tbody>${tested
          .flatMap((r) =>
            Object.entries(r.run.results ?? {}).map(
              ([task, m], i) =>
                `<tr><td>${i === 0 ? `#${r.run.id} ${esc(methodOf(r.run, t))}` : ''}</td>${nameCell(task)}<td class="num">${score(m.accuracy)}</td><td class="num">${score(m.balancedAccuracy)}</td><td class="num">${score(m.macroF1)}</td><td class="num">${score(m.rocAuc)}</td><td class="num">${score(m.logLoss)}</td><td class="num">${m.n}</td></tr>`,
            ),
          )
          .join('')}</tbody></table>`,
      );
    parts.push(finalEstimateTable(runs, (r) => methodOf(r.run, t), t));
    for (const r of runs) {
      parts.push(
        `<section class="run"><h3>${esc(t.run)} #${r.run.id} · ${esc(methodOf(r.run, t))}</h3>`,
      );
      if (r.final) parts.push(finalModelParagraph(r.final, t));
      parts.push(
        `<div class="run-head"><div><table><caption>${esc(r.run.auto ? t.autoConfiguration : t.configuration)}</caption><tbody>${configRows(r.run, t)}</tbody></table>${r.search ? autoSummary(r.search, t) : ''}</div>`,
      );
      if (r.epochs.length > 0) {
        parts.push(
          `<div class="chart"><h4>${esc(r.final ? t.curvesFinal : t.curves)}</h4>${curvesChart(r.epochs, r.run.tasks, t, Boolean(r.final))}</div>`,
        );
      }
      parts.push('</div>');
      // A final model has no test split, so no confusion matrix.
      if (r.final) {
        parts.push('</section>');
        continue;
      }
      parts.push(`<h4>${esc(t.confusion)}</h4>`);
      if (anyNumbered(r.run.results ?? {}))
        parts.push(`<p class="muted confusion-note">${esc(t.confusionNumbered)}</p>`);
      parts.push('<div class="confusions">');
      for (const [task, m] of Object.entries(r.run.results ?? {}))
        parts.push(confusionTables(task, m, t));
      parts.push('</div>');
      if (r.images && r.images.length > 0) parts.push(imageExamples(r.images, t));
      if (r.rows && r.rows.length > 0) parts.push(wrongRowExamples(r.rows, t));
      parts.push('</section>');
    }
  }
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="MTL Studio ${esc(data.studioVersion)}">
<title>${esc(t.title)} · ${esc(data.project.name)}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}
