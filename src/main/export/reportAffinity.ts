/**
 * The report's task-affinity section of a dataset, as the Compare view shows it: the newest
 * stored task affinity (services/taskAffinity.ts storedTaskAffinity, the call behind the
 * view's 'compare.storedAffinity') as a task × task heat-map, when it was computed and what
 * changed since, the grouping it recommends, its negative cells, and the cross-validations'
 * negative-transfer warnings with each task's recommended group. Without a stored affinity,
 * one line says how to measure it.
 */
import type { TaskAffinityView } from '../../shared/contract/evaluation';
import type { CrossValidationSummary } from '../../shared/domain';
import { shellWord } from '../../shared/shellWord';
import { signed } from '../../shared/signedText';
import { affinityChart } from './reportCharts';
import { cvMethod } from './reportCrossValidation';
import { esc, fill, type REPORT_TEXT } from './reportText';

/** What {@link affinitySection} shows for one dataset. */
export interface AffinitySectionInput {
  /** The stored affinity (null: none measured). */
  affinity: TaskAffinityView | null;
  /** The dataset's id and the project file's name, for the command that measures it. */
  datasetId: number;
  projectFile: string;
  /** The dataset's reported cross-validations (their `negativeTransfer` warnings). */
  crossValidations: CrossValidationSummary[];
}

/** A group as the Compare view writes it: "{ species, island }", or "sex alone". */
function groupText(group: string[], t: typeof REPORT_TEXT.en): string {
  return group.length > 1
    ? fill(t.affinityGroup, { tasks: group.join(', ') })
    : fill(t.affinityAlone, { task: group[0] });
}

/**
 * The command that measures a dataset's affinity, as the CLI's own hint words it:
 * `mtl-studio affinity -p <project file> -d <id>`, each word quoted for a POSIX shell.
 */
function measureCommand(projectFile: string, datasetId: number): string {
  return `mtl-studio affinity -p ${shellWord(projectFile)} -d ${datasetId}`;
}

/**
 * The task-affinity section: a heading, then either the heat-map (reportCharts.ts
 * affinityChart) with when it was computed (split, steps, look-ahead samples; labels or tasks
 * changed since), the method and its source, the recommended grouping and each pair whose
 * affinity is negative ("a step on sex raises the loss of species by 0.069 %", three
 * decimals as the Compare view's tooltip), or one line with how to measure it (the studio's
 * "Measure affinity" button, the CLI's `affinity` command). Then each cross-validation's
 * negative-transfer warning (worse than alone in most folds: services/evaluation.ts), worded
 * as the Compare view's, with the task's recommended group when it shares one.
 * @param input the dataset's stored affinity and reported cross-validations.
 * @param t the report's strings in its language.
 * @returns an HTML `<section class="affinity">`, every value escaped.
 */
export function affinitySection(input: AffinitySectionInput, t: typeof REPORT_TEXT.en): string {
  const a = input.affinity;
  const parts = [`<section class="affinity"><h3>${esc(t.affinity)}</h3>`];
  if (!a) {
    parts.push(
      `<p class="muted">${esc(fill(t.affinityNone, { command: measureCommand(input.projectFile, input.datasetId) }))}</p>`,
    );
  } else {
    const changed = [
      ...(a.changedSince.labels > 0
        ? [
            fill(
              a.changedSince.labels === 1
                ? t.affinityLabelsChangedOne
                : t.affinityLabelsChangedMany,
              { n: a.changedSince.labels },
            ),
          ]
        : []),
      ...(a.changedSince.tasks ? [t.affinityTasksChanged] : []),
    ];
    const computed = fill(t.affinityComputed, {
      time: `${a.computedAt.replace('T', ' ').slice(0, 16)} UTC`,
      split: a.splitId,
      steps: a.steps,
      samples: a.samples,
    });
    parts.push(
      `<p class="muted">${esc(computed)}${changed.map((c) => ` <span class="bad">${esc(c)}</span>`).join('')}</p>`,
    );
    parts.push(`<div class="chart">${affinityChart(a.tasks, a.affinity, t)}</div>`);
    parts.push(`<p class="muted">${esc(t.affinityMethods[a.method])}</p>`);
    parts.push(
      `<p class="affinity-groups">${esc(t.affinityGroups)} ${a.groups.map((g) => `<strong>${esc(groupText(g, t))}</strong>`).join(' ')}</p>`,
    );
    const hurts = a.tasks.flatMap((stepOn, i) =>
      a.tasks.flatMap((helped, j) =>
        i !== j && a.affinity[i][j] < 0
          ? [
              fill(t.affinityRaises, {
                stepOn,
                helped,
                value: Math.abs(100 * a.affinity[i][j]).toFixed(3),
              }),
            ]
          : [],
      ),
    );
    if (hurts.length > 0) {
      parts.push(
        `<p>${esc(t.affinityHurts)}</p><ul class="affinity-hurts">${hurts.map((h) => `<li>${esc(h)}</li>`).join('')}</ul>`,
      );
    }
  }
  const warnings = input.crossValidations.flatMap((s) =>
    s.negativeTransfer.map((task) => {
      const change = s.taskChange[task];
      const group = a?.groups.find((g) => g.length > 1 && g.includes(task));
      const line = fill(t.negativeTransfer, {
        task,
        method: `CV${s.evaluation.id} ${cvMethod(s, t)}`,
        worse: change.worseFolds,
        folds: change.folds,
        change: signed(change.mean, 1),
      });
      return group
        ? `${line} ${fill(t.negativeTransferGroup, { group: groupText(group, t) })}`
        : line;
    }),
  );
  for (const w of warnings) parts.push(`<p class="warning bad">${esc(w)}</p>`);
  parts.push('</section>');
  return parts.join('');
}
