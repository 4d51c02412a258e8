/**
 * The report's example images of an image run: per task, a few correctly and wrongly
 * classified test images as figures (the stored thumbnail as a data URL, its true and
 * predicted class, its file and row).
 */
import type { ReportImage, ReportTaskImages } from './reportData';
import { esc, fill, type REPORT_TEXT } from './reportText';

/** One test image as a figure: its thumbnail, its true and predicted class. */
function imageFigure(
  image: ReportImage,
  outcome: 'correct' | 'wrong',
  t: typeof REPORT_TEXT.en,
): string {
  const caption = fill(outcome === 'correct' ? t.imageCorrect : t.imageWrong, {
    true: image.trueLabel,
    predicted: image.predictedLabel,
    p: (image.confidence * 100).toFixed(1),
  });
  // The file and its row, visible (not only the alt text), so a printed misclassified image
  // can be found: the file name, its full relative path as the tooltip.
  const file = fill(t.imageFile, { path: fileNameOf(image.path), row: image.rowId });
  return `<figure class="example ${outcome}" data-outcome="${outcome}" data-row-id="${image.rowId}"><img src="${esc(image.dataUrl)}" alt="${esc(image.path)}" width="64" height="64"><figcaption>${esc(caption)}<br><span class="file" title="${esc(image.path)}">${esc(file)}</span></figcaption></figure>`;
}

/** The last part of a '/'-separated relative path ("circle/blue/a.png" → "a.png"). */
function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Per task, a row of correctly and a row of wrongly classified test images, each row headed
 * by how many there are and how many are shown.
 * @param images per task, the shown images and the totals (services/exports.ts picks them).
 * @param t the report's strings in its language.
 * @returns an HTML fragment (a heading, then one `div.examples` per task), every value escaped.
 */
export function imageExamples(images: ReportTaskImages[], t: typeof REPORT_TEXT.en): string {
  const parts = [`<h4 class="examples-title">${esc(t.imagesTitle)}</h4>`];
  for (const task of images) {
    parts.push(`<div class="examples" data-task="${esc(task.task)}"><h5>${esc(task.task)}</h5>`);
    for (const outcome of ['correct', 'wrong'] as const) {
      const shown = task[outcome];
      const total = outcome === 'correct' ? task.correctTotal : task.wrongTotal;
      // "Correct predictions: 21 (4 most confident shown)": the count first, then how many
      // are shown; none at all said in words (a new user read "Wrong: 0 of 0").
      const correct = outcome === 'correct';
      const label =
        total === 0
          ? correct
            ? t.imagesNoCorrect
            : t.imagesNoWrong
          : fill(
              shown.length < total
                ? correct
                  ? t.imagesCorrect
                  : t.imagesWrong
                : correct
                  ? t.imagesCorrectAll
                  : t.imagesWrongAll,
              { n: shown.length, total },
            );
      parts.push(
        `<div class="example-row" data-outcome="${outcome}"><p class="muted">${esc(label)}</p>${shown.map((image) => imageFigure(image, outcome, t)).join('')}</div>`,
      );
    }
    parts.push('</div>');
  }
  return parts.join('');
}
