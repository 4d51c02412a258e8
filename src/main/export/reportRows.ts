/**
 * The report's wrongly classified test rows of a table run: per task, the rows it got wrong
 * with the most confidence, each with its true and predicted class, the confidence and the
 * model's input values — what a reader checks first (a mislabelled row, an outlier, a
 * missing value), as Orange's Predictions widget shows predictions beside the inputs.
 */
import type { ReportRow, ReportTaskRows } from './reportData';
import { breakableName, esc, fill, type REPORT_TEXT } from './reportText';

/** The input values of a row as one wrapping cell: "column value · column value …". */
function inputsCell(row: ReportRow, t: typeof REPORT_TEXT.en): string {
  const values = row.inputs.map(
    (x) =>
      `<span class="input"><span class="input-name">${breakableName(x.column)}</span> ${x.value === null ? `<span class="muted">${esc(t.rowsMissingValue)}</span>` : esc(x.value)}</span>`,
  );
  if (row.moreInputs > 0) {
    values.push(`<span class="muted">${esc(fill(t.rowsMoreInputs, { n: row.moreInputs }))}</span>`);
  }
  return `<td class="inputs">${values.join(' · ')}</td>`;
}

/**
 * Per task, a table of the test rows classified wrongly with the most confidence, headed by
 * how many of the task's labelled test rows were wrong and how many are shown.
 * @param rows per task, the shown rows and the totals (services/reportExamples.ts picks them).
 * @param t the report's strings in its language.
 * @returns an HTML fragment (a heading, then one `div.wrong-rows` per task), every value
 *   escaped; '' when no task has a labelled test row.
 */
export function wrongRowExamples(rows: ReportTaskRows[], t: typeof REPORT_TEXT.en): string {
  const tasks = rows.filter((task) => task.testTotal > 0);
  if (tasks.length === 0) return '';
  const parts = [`<h4 class="examples-title">${esc(t.rowsTitle)}</h4>`];
  for (const task of tasks) {
    const label =
      task.wrongTotal === 0
        ? fill(t.rowsNoneWrong, { total: task.testTotal })
        : fill(task.wrong.length < task.wrongTotal ? t.rowsWrong : t.rowsWrongAll, {
            wrong: task.wrongTotal,
            total: task.testTotal,
            n: task.wrong.length,
          });
    parts.push(
      `<div class="wrong-rows" data-task="${esc(task.task)}"><h5>${breakableName(task.task)}</h5><p class="muted">${esc(label)}</p>`,
    );
    if (task.wrong.length > 0) {
      parts.push(
        `<table><thead><tr><th class="num">${esc(t.rowsRow)}</th><th>${esc(t.rowsTrue)}</th><th>${esc(t.rowsPredicted)}</th><th class="num">${esc(t.rowsConfidence)}</th><th>${esc(t.rowsInputs)}</th></tr></thead><tbody>${task.wrong
          .map(
            (row) =>
              `<tr data-row-id="${row.rowId}"><td class="num">${row.rowId}</td><td>${esc(row.trueLabel)}</td><td>${esc(row.predictedLabel)}</td><td class="num">${(row.confidence * 100).toFixed(1)} %</td>${inputsCell(row, t)}</tr>`,
          )
          .join('')}</tbody></table>`,
      );
    }
    parts.push('</div>');
  }
  return parts.join('');
}
