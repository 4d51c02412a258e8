/**
 * Image (asset) types shared by the main process, the CLI and the renderer: how a folder
 * of images is read, what its preview shows and what an import reports.
 * Nothing here imports Node or Electron.
 */
import type { DatasetInfo, ImageColumnStats } from './domain';

/**
 * How the labels of a folder of images are found:
 * - 'folders': sub-folders are classes (`cats/…`, `dogs/…`); folder level k is task k
 *   (`colour/points/x.png` → colour and points).
 * - 'manifest': a CSV file with a path column (relative to the CSV) and label columns;
 *   empty cells are missing labels.
 * - 'flat': no labels at all (to be labelled later).
 */
export type ImageLayout = 'folders' | 'manifest' | 'flat';

/** Cards the card example generates by default (services/cardExample.ts). */
export const CARD_EXAMPLE_COUNT = 2000;
/** Side of the card example's network input images in pixels. */
export const CARD_INPUT_SIZE = 48;

/** Image file formats an import accepts (GIF: first frame only). */
export const IMAGE_FORMATS = ['png', 'jpeg', 'webp', 'gif', 'bmp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Colour of the decoded training pixels: 3 channels (sRGB) or 1 (luminance). */
export type ImageColour = 'rgb' | 'grey';

/**
 * How an image is brought to the square input size:
 * - 'cover': scaled to fill the square, the overflow cropped around the centre (default);
 * - 'contain': scaled to fit inside, the rest filled with black (letterbox);
 * - 'fill': stretched to the square, ignoring the aspect ratio.
 */
export type ImageFit = 'cover' | 'contain' | 'fill';

/** What an import does with an image that cannot be read or decoded. */
export type CorruptImagePolicy = 'skip' | 'refuse';

/** What an import does with a file whose content equals an earlier file's. */
export type DuplicateImagePolicy = 'keep' | 'skip';

/** Shape of the decoded pixels of an image column: uint8 `[height, width, channels]`, HWC. */
export interface PixelShape {
  height: number;
  width: number;
  channels: number;
}

/** How the pixels of an image column were decoded (stored with the dataset). */
export interface PixelSettings extends PixelShape {
  colour: ImageColour;
  fit: ImageFit;
}

/** A file that could not be used as an image, and why. */
export interface ImageProblem {
  /** Path relative to the import root, '/'-separated. */
  path: string;
  reason: string;
}

/** Class counts of one task (a folder level or a manifest label column). */
export interface ImageTaskPreview {
  /** Column (and suggested task) name. */
  name: string;
  /** Classes with their image counts, most frequent first. */
  classes: { value: string; count: number }[];
  /** Images without a label for this task. */
  missing: number;
}

/** What a folder (or manifest) holds, before anything is imported. */
export interface ImagePreview {
  layout: ImageLayout;
  /** Base name of the manifest file (layout 'manifest'), else null. */
  manifest: string | null;
  /** Readable images (corrupt ones not counted). */
  images: number;
  /** Bytes of the readable images' files. */
  bytes: number;
  /** One entry per label column: folder levels or manifest columns. */
  tasks: ImageTaskPreview[];
  /** Files that are not images (by extension), relative paths; they are ignored. */
  nonImages: string[];
  /** Image files that cannot be read or decoded (or, in a manifest, do not exist). */
  corrupt: ImageProblem[];
  /** Groups of relative paths with identical content (SHA-256), each of ≥ 2 paths. */
  duplicates: string[][];
  /** Sizes, channels and formats of the readable images (null when there are none). */
  stats: ImageColumnStats | null;
  /** The first few image paths, for a sample grid. */
  samples: string[];
}

/** Progress of an image preview or import. */
export interface ImageImportProgress {
  /** 'scan' lists files; 'decode' reads and checks (preview) or decodes and stores (import). */
  phase: 'scan' | 'decode';
  /** Files found ('scan') or images done ('decode'). */
  images: number;
  /** Images to do in this phase (0 while scanning). */
  totalImages: number;
  /** Bytes of image files read so far ('decode'). */
  bytes: number;
}

/** What an image import did. */
export interface ImageImportResult {
  dataset: DatasetInfo;
  layout: ImageLayout;
  /** Images stored (rows of the dataset). */
  imported: number;
  /** Corrupt or unreadable images left out (policy 'skip'). */
  skipped: ImageProblem[];
  /** Later copies left out (duplicate policy 'skip'), relative paths. */
  skippedDuplicates: string[];
  /** Files ignored because they are not images. */
  nonImages: string[];
  /** Groups of paths with identical content (as in the preview). */
  duplicates: string[][];
  /** How the stored training pixels were decoded. */
  pixels: PixelSettings;
}
