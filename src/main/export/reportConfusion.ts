/**
 * The report's confusion matrices, laid out to fit a printed page. A matrix of few classes
 * whose names fit the page's width side by side has the names as its column headers. Otherwise the classes are
 * numbered: each row header holds a class's number and name (the matrix's own legend) and
 * the column headers hold the numbers only; a matrix with more predicted classes than fit
 * the page's width beside its row headers is split into nearly equal parts of at most
 * {@link confusionColumnsPerPart} columns, each with every row, and its names get the width
 * the widest part leaves ({@link confusionNameWidthPx}). Which layout is decided from the
 * class count, the names' lengths and the counts' digits, never by measuring in a browser:
 * the page and the HTML are the same.
 *
 * Widths below are for the report's 13 px text: a digit about 7.5 px, a Latin letter about
 * 7 px, a CJK character 13 px, a cell's padding 16 px and border 1 px; the A4 text area
 * (186 mm) is about 703 px wide.
 */
import type { TaskMetrics } from '../../shared/domain';
import { breakableName, esc, fill, labelWidth, type REPORT_TEXT } from './reportText';

export { labelWidth };

/** Class names head the columns of a matrix of at most this many classes, when they fit. */
export const CONFUSION_LABELLED_MAX_CLASSES = 8;

/** A cell's padding (8 px each side) and one border, in CSS px. */
const CELL_PX = 17;

/**
 * The narrowest a numbered matrix's class names may be, in CSS px (12em): a longer name
 * wraps within it, never narrower, so that it takes a few lines, not one word a line.
 */
const NAME_MIN_PX = 156;

/** Width kept free beside a numbered matrix, in CSS px: estimates are estimates. */
const SLACK_PX = 8;

/** Width of the A4 text area the tables must fit, in CSS px (186 mm, 702.6 px, rounded down). */
const TEXT_AREA_PX = 700;

/** A generous width of one {@link labelWidth} unit at 13 px, bold (Noto Sans: about 6 px). */
const UNIT_PX = 7;

/**
 * A count column's width in px: the digits of its largest count or of its class number
 * (7.5 px each) and the cell's padding and border, at least 36 px (the cell's CSS min-width).
 */
function countColumnPx(largestCount: number, classes = 0): number {
  const digits = String(Math.max(0, Math.trunc(largestCount), classes)).length;
  return Math.max(36, Math.ceil(7.5 * digits) + CELL_PX);
}

/** The row header's class number, in px: `.class-index` (1.8em, bold) and the space after it. */
function indexPx(classes: number): number {
  return Math.max(24, 8 * String(classes).length) + 4;
}

/** The widest of the names, in px at {@link UNIT_PX} a unit. */
function widestNamePx(labels: readonly string[]): number {
  return UNIT_PX * Math.max(0, ...labels.map(labelWidth));
}

/**
 * Whether a matrix keeps its class names as column headers: at most
 * {@link CONFUSION_LABELLED_MAX_CLASSES} classes, and the row headers and every column as
 * wide as the widest name (each name on one line, a generous estimate: a name with spaces may
 * also wrap) fit the text area.
 * @param labels the task's classes, in matrix order.
 * @param largestCount the largest count in the matrix (a column is at least as wide).
 */
export function confusionLabelled(labels: readonly string[], largestCount: number): boolean {
  if (labels.length > CONFUSION_LABELLED_MAX_CLASSES) return false;
  const widest = Math.max(0, ...labels.map(labelWidth));
  const column = Math.max(countColumnPx(largestCount), UNIT_PX * widest + 17);
  return (labels.length + 1) * column <= TEXT_AREA_PX;
}

/**
 * How many predicted-class columns a numbered matrix part holds: as many as fit the text
 * area beside the row headers, each column as wide as its largest count or class number (at
 * least 36 px, the cell's minimum). A row header is its padding, the class's number and its
 * name as wide as the widest name, but at most 12em (a longer name wraps): short names leave
 * room for more columns.
 * @param labels the task's classes, in matrix order.
 * @param largestCount the largest count in the matrix (≥ 0).
 * @returns a whole number ≥ 1 (13 for names of 22 or more letters and counts of up to 2
 *   digits, 17 for names of up to 8 letters).
 */
export function confusionColumnsPerPart(labels: readonly string[], largestCount: number): number {
  const column = countColumnPx(largestCount, labels.length);
  const rowHeader = CELL_PX + indexPx(labels.length) + Math.min(NAME_MIN_PX, widestNamePx(labels));
  return Math.max(1, Math.floor((TEXT_AREA_PX - SLACK_PX - rowHeader) / column));
}

/**
 * The width in CSS px a numbered matrix gives its class names (`.class-name`'s width): the
 * widest name's, at most what the text area leaves beside the widest part's count columns
 * but at least 12em; a name wider wraps. Every part of a matrix has the same, so that their
 * rows line up.
 * @param labels the task's classes, in matrix order.
 * @param largestCount the largest count in the matrix (≥ 0).
 * @param widestPart the predicted-class columns of the matrix's widest part.
 */
export function confusionNameWidthPx(
  labels: readonly string[],
  largestCount: number,
  widestPart: number,
): number {
  const columns = widestPart * countColumnPx(largestCount, labels.length);
  const left = TEXT_AREA_PX - SLACK_PX - CELL_PX - indexPx(labels.length) - columns;
  return Math.min(Math.ceil(widestNamePx(labels)), Math.max(NAME_MIN_PX, Math.floor(left)));
}

/**
 * Splits `n` predicted classes into parts of nearly equal size, none over `perPart`
 * (18 classes at 10 per part: 9 and 9, not 10 and 8).
 * @returns [from, to) index ranges, in order, covering 0..n.
 */
export function confusionParts(n: number, perPart: number): Array<[number, number]> {
  if (n <= 0) return [];
  const count = Math.ceil(n / perPart);
  const size = Math.ceil(n / count);
  const parts: Array<[number, number]> = [];
  for (let from = 0; from < n; from += size) parts.push([from, Math.min(n, from + size)]);
  return parts;
}

/** A cell shaded by its share of the true class's row (green on the diagonal, else orange). */
function cell(v: number, i: number, j: number, total: number): string {
  const share = v / total;
  const bg =
    i === j
      ? `rgba(58,157,93,${(0.12 + 0.7 * share).toFixed(2)})`
      : v > 0
        ? `rgba(224,121,58,${(0.1 + 0.7 * share).toFixed(2)})`
        : 'transparent';
  return `<td style="background:${bg}">${v}</td>`;
}

/**
 * A task's confusion matrix as one or more HTML tables, cells shaded by their share of the
 * true class (over the whole row, also in a part). Few short class names: one table with the
 * names as column headers. Else numbered classes ("3 Married" heading row 3, "3" heading
 * column 3), split into parts of at most {@link confusionColumnsPerPart} predicted classes,
 * each captioned with its range ("predicted classes 1–9 of 18"), the column numbers in a
 * `<thead>` (repeated by Chromium atop a part continued on the next page).
 * @param task the task's name (the caption).
 * @param metrics its test metrics: `confusion[true][predicted]` counts, classes as `perClass`.
 * @param t the report's strings in its language.
 * @returns HTML, every value escaped.
 */
export function confusionTables(
  task: string,
  metrics: TaskMetrics,
  t: typeof REPORT_TEXT.en,
): string {
  const labels = metrics.perClass.map((c) => c.label);
  const totals = metrics.confusion.map((row) => row.reduce((a, b) => a + b, 0) || 1);
  const largest = Math.max(0, ...metrics.confusion.flat());
  const corner = `<th class="corner">${esc(t.trueVsPredicted)}</th>`;
  if (confusionLabelled(labels, largest)) {
    const rows = metrics.confusion
      .map(
        (row, i) =>
          `<tr><th>${esc(labels[i])}</th>${row.map((v, j) => cell(v, i, j, totals[i])).join('')}</tr>`,
      )
      .join('');
    return `<table class="confusion"><caption>${breakableName(task)}</caption><thead><tr>${corner}${labels.map((l) => `<th>${esc(l)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
  }
  const parts = confusionParts(labels.length, confusionColumnsPerPart(labels, largest));
  const nameWidth = confusionNameWidthPx(
    labels,
    largest,
    Math.max(...parts.map(([from, to]) => to - from)),
  );
  return parts
    .map(([from, to]) => {
      const caption =
        parts.length > 1
          ? `${breakableName(task)} <span class="part">· ${esc(fill(t.confusionPart, { from: from + 1, to, n: labels.length }))}</span>`
          : breakableName(task);
      const head = labels
        .slice(from, to)
        .map((l, k) => `<th class="num" title="${esc(l)}">${from + k + 1}</th>`)
        .join('');
      const rows = metrics.confusion
        .map(
          (row, i) =>
            `<tr><th class="class-row"><span class="class-index">${i + 1}</span> <span class="class-name">${esc(labels[i])}</span></th>${row
              .slice(from, to)
              .map((v, k) => cell(v, i, from + k, totals[i]))
              .join('')}</tr>`,
        )
        .join('');
      return `<table class="confusion numbered" style="--class-name-width:${nameWidth}px"><caption>${caption}</caption><thead><tr>${corner}${head}</tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
}

/**
 * Whether any matrix of a run is numbered (its section then says how to read the numbers).
 * @param results the run's per-task test metrics.
 */
export function anyNumbered(results: Record<string, TaskMetrics>): boolean {
  return Object.values(results).some(
    (m) =>
      !confusionLabelled(
        m.perClass.map((c) => c.label),
        Math.max(0, ...m.confusion.flat()),
      ),
  );
}
