/**
 * Checks of a training run's data before any network is built: classes, labelled rows,
 * and input rows that fit their kind (features or image pixels).
 */
import { MtlError, reasonDetails } from '../../shared/errors';
import type { BatchSource, SourceData, TrainingTask } from './batches';
import { imageRows, imageSize } from './images';

/**
 * Checks the data a training loop is given.
 * @throws MtlError('BAD_REQUEST') when a task has fewer than 2 classes, the training split
 *   is empty, a task has no labelled training row, pixels come without image scaling (or
 *   features with it), or the images' shape does not give numFeatures values per row.
 */
export function validateSource(data: SourceData, tasks: TrainingTask[]): void {
  validateBatches(data.batches, tasks);
  validateInput(data);
}

function validateBatches(batches: BatchSource, tasks: TrainingTask[]): void {
  if (batches.rows === 0) {
    throw new MtlError(
      'BAD_REQUEST',
      'The training split has no rows.',
      reasonDetails('TRAINING_SPLIT_EMPTY', {}),
    );
  }
  tasks.forEach((task, t) => {
    if (task.classes.length < 2) {
      throw new MtlError(
        'BAD_REQUEST',
        `Task "${task.name}" has ${task.classes.length} class; it needs at least 2.`,
      );
    }
    const labelled = (batches.classCounts[t] ?? []).reduce((a, b) => a + b, 0);
    if (labelled === 0) {
      throw new MtlError(
        'BAD_REQUEST',
        `Task "${task.name}" has no labelled row in the training split.`,
        reasonDetails('TASK_NO_TRAINING_LABELS', { task: task.name }),
      );
    }
  });
}

/** Pixels come with image scaling of the right size; features without. */
function validateInput(data: SourceData): void {
  const pixels = data.validation.features instanceof Uint8Array;
  if (pixels !== Boolean(data.image)) {
    throw new MtlError(
      'BAD_REQUEST',
      pixels
        ? 'Image pixels (uint8) need the fitted image preprocessing (data.image).'
        : 'Image preprocessing was given but the rows are not uint8 pixels.',
    );
  }
  if (data.image) {
    imageRows(data.validation.features as Uint8Array, data.image);
    if (imageSize(data.image) !== data.numFeatures) {
      throw new MtlError(
        'BAD_REQUEST',
        `Images of ${data.image.height}×${data.image.width}×${data.image.channels} have ${imageSize(data.image)} values per row, not numFeatures = ${data.numFeatures}.`,
      );
    }
  }
}
