/**
 * Texts of the image import wizard that depend on more than one value: the decode
 * progress (files, with the unreadable ones the preview found) and the names of the images
 * much smaller than the input size (warned about, or left out by the import). Pure, so they are unit-tested from Node.
 */
// Relative, type-only imports: this module is also unit-tested from Node.
import type { ImageImportProgress, ImageImportResult } from '../../../shared/assets';
import { SMALL_NAMED, type SmallImages } from '../../../shared/smallImages';
import type { Translate } from '../errorText';

/**
 * The decode line of a preview or import: "Decoding: 150 of 223 files (77.5 KB)". The
 * progress counts every image file, unreadable ones included, while the preview's summary
 * counts readable images; so an import that skips the unreadable ones the preview found
 * (when that preview read the same number of files) says how many: "…; 2 of them
 * unreadable, to skip", and 223 files and "221 images" add up.
 * @param p a 'decode' progress event
 * @param size the bytes read so far, as text
 * @param unreadableToSkip unreadable files the import will skip (0: none, or not known)
 */
export function decodeProgressText(
  p: ImageImportProgress,
  size: string,
  unreadableToSkip: number,
  t: Translate,
): string {
  const counts = { n: p.images.toLocaleString(), total: p.totalImages.toLocaleString(), size };
  return unreadableToSkip > 0
    ? t('images.import.phase.decodeUnreadable', {
        ...counts,
        bad: unreadableToSkip.toLocaleString(),
      })
    : t('images.import.phase.decode', counts);
}

/**
 * The small images named in a warning: "a.png (1 × 1 px), b.png (3 × 5 px) and 4 more".
 * @param small images much smaller than the input size (smallImages in src/shared)
 */
export function smallImageNames(small: SmallImages, t: Translate): string {
  const named = small.first
    .map((s) => t('images.import.smallImage', { path: s.path, w: s.width, h: s.height }))
    .join(t('images.import.smallSeparator'));
  const more = small.count - small.first.length;
  return more > 0 ? t('images.import.smallMore', { names: named, n: more }) : named;
}

/**
 * The import's note on the images it left out as much smaller than its input (skipSmall),
 * with a leading space: " 2 images much smaller than the 64 × 64 px input were skipped:
 * a.png (4 × 4 px), b.png (4 × 6 px)."; '' when none was.
 * @param result the import's result (its skippedSmall, and small for the input size)
 */
export function skippedSmallNote(
  result: Pick<ImageImportResult, 'skippedSmall' | 'small'>,
  t: Translate,
): string {
  const skipped = result.skippedSmall;
  if (skipped.length === 0) return '';
  const { inputSize, below } = result.small;
  const n = skipped.length;
  const names = smallImageNames(
    { inputSize, below, count: n, first: skipped.slice(0, SMALL_NAMED) },
    t,
  );
  return ` ${t('images.import.smallSkippedNote', { n: n.toLocaleString(), size: inputSize, names }, n)}`;
}
