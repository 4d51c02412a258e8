/**
 * Image (asset) types shared by the main process, the CLI and the renderer: how a folder
 * of images is read, what its preview shows and what an import reports.
 * Nothing here imports Node or Electron.
 */
import type { DatasetInfo, ImageColumnStats } from './domain';
import type { ImageSetSummary, SmallImage, SmallImageGroup, SmallImages } from './smallImages';

/**
 * How the labels of a folder of images are found:
 * - 'folders': sub-folders are classes (`cats/…`, `dogs/…`); folder level k is task k
 *   (`colour/points/x.png` → colour and points).
 * - 'manifest': a CSV file with a path column (relative to the CSV) and label columns;
 *   empty cells are missing labels.
 * - 'flat': no labels at all (to be labelled later).
 */
export type ImageLayout = 'folders' | 'manifest' | 'flat';

/** Default square input size in pixels of an image import (data/images/importImages.ts). */
export const DEFAULT_IMAGE_SIZE = 64;
/** Default side of a generated card image in pixels (data/images/cards.ts). */
export const DEFAULT_CARD_IMAGE_SIZE = 128;

/** Cards the card example generates by default (services/cardExample.ts). */
export const CARD_EXAMPLE_COUNT = 2000;
/** What the card example made in the open project (`assets.cardExample`). */
export interface CardExampleResult {
  /** The imported dataset "cards", its four tasks defined. */
  dataset: DatasetInfo;
  /** Folder the cards and their manifest.csv were written into (absolute). */
  dir: string;
  /**
   * Folders beside the project passed over, in the order tried, because they held files
   * other than a card set's own (left untouched): `<name>-cards/` first; empty when the
   * cards went to `<name>-cards/`.
   */
  passedOver: string[];
}

/** Side of the card example's network input images in pixels. */
export const CARD_INPUT_SIZE = 48;

/** Image file formats an import accepts (GIF: first frame only). */
export const IMAGE_FORMATS = ['png', 'jpeg', 'webp', 'gif', 'bmp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/**
 * File extensions (lower case, with the dot) read as images: a file counts as an image by
 * its extension (its content is checked when it is decoded). The importer, the prediction of
 * a folder and the file picker all use this list.
 */
export const IMAGE_FILE_EXTENSIONS: readonly string[] = [
  '.png',
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.webp',
  '.gif',
  '.bmp',
  '.dib',
];

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

/**
 * Why an image file could not be used, for the UI's translated text
 * (images.problems.<KIND> in src/renderer/src/i18n/assets.ts); the English `reason` and the
 * library's own words (`detail`) stay available beside it.
 */
export type ImageProblemKind =
  /** The file has 0 bytes. */
  | 'EMPTY_FILE'
  /** Not an image sharp knows (libvips: "unsupported image format"). */
  | 'NOT_AN_IMAGE'
  /** An image of a format the studio does not accept (params.format: tiff, svg …). */
  | 'UNSUPPORTED_FORMAT'
  /**
   * A valid image over the decoder's pixel limit (params.width, params.height in px;
   * params.limit: most pixels, width × height). Not corrupt: listed apart.
   */
  | 'TOO_LARGE'
  /** The header cannot be read (libvips: "corrupt header"). */
  | 'CORRUPT_HEADER'
  /** The file ends before the image does ("premature end", "unexpected end"). */
  | 'TRUNCATED'
  /** The image data is damaged ("libpng read error", a BMP bmp-ts cannot read). */
  | 'CORRUPT_DATA'
  /** Any other decoding failure (the detail says which). */
  | 'UNREADABLE'
  /** A manifest names a file that does not exist (params.line: its manifest line, or absent). */
  | 'FILE_NOT_FOUND'
  /** The file exists but cannot be read (params.code: the system's code, e.g. EACCES). */
  | 'FILE_UNREADABLE'
  /**
   * A symbolic link (the file, or a folder on its path) leads outside the folder being
   * imported (params.target: the real path it leads to; params.line as FILE_NOT_FOUND's).
   */
  | 'OUTSIDE_FOLDER';

/** A file that could not be used as an image, and why. */
export interface ImageProblem {
  /** Path relative to the import root, '/'-separated. */
  path: string;
  /** Why, in English (CLI, logs): e.g. "not a readable image (Input buffer has corrupt header)". */
  reason: string;
  /** Why, for a translated text; absent in results stored by older versions. */
  kind?: ImageProblemKind;
  /** Parameters of the kind's text (see ImageProblemKind). */
  params?: Record<string, string | number>;
  /** The decoder's or the system's own message, untranslated, when there is one. */
  detail?: string;
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

/**
 * A file a manifest lists again (its path normalised: './i/a.png' and 'i//a.png' are one
 * file). An import refuses such a manifest (reason MANIFEST_LISTED_TWICE); a preview lists
 * every repeat instead, so all can be fixed at once.
 */
export interface ManifestRepeat {
  /** Path relative to the manifest's folder, '/'-separated, normalised. */
  path: string;
  /** 1-based lines of the manifest: where the file was first listed, and where again. */
  lines: [number, number];
}

/** What a folder (or manifest) holds, before anything is imported. */
export interface ImagePreview {
  layout: ImageLayout;
  /** Base name of the manifest file (layout 'manifest'), else null. */
  manifest: string | null;
  /**
   * The dataset name the import takes when none is given: the folder's (also through its
   * manifest.csv), or a manifest's own name when it has another (`labels.csv` → "labels").
   */
  name: string;
  /** Readable images (corrupt ones not counted). */
  images: number;
  /** Bytes of the readable images' files. */
  bytes: number;
  /** One entry per label column: folder levels or manifest columns. */
  tasks: ImageTaskPreview[];
  /** Layout 'folders': the deepest image's number of folder levels (0 for the others). */
  folderLevels: number;
  /**
   * Layout 'folders' with fewer task names than folder levels: the images deeper than the
   * named levels, which take the classes of their named ancestor folders (the deeper folder
   * names are ignored): how many, and the first one's relative path. Else null.
   */
  deeperThanNamed: DeeperImages | null;
  /**
   * Layout 'folders': the images in fewer folders than the named levels, which get no label
   * (null, to be labelled later in the Label view) for the deeper tasks: how many, the first
   * of the shallowest, and the tasks it leaves unlabelled. Else null.
   */
  shallowerThanNamed: ShallowerImages | null;
  /** Files that are not images (by extension), relative paths; they are ignored. */
  nonImages: string[];
  /** Image files that cannot be read or decoded (or, in a manifest, do not exist). */
  corrupt: ImageProblem[];
  /** Groups of relative paths with identical content (SHA-256), each of ≥ 2 paths. */
  duplicates: string[][];
  /**
   * Files the manifest lists more than once, in manifest order (empty for a folder): each
   * repeat counted once in the other fields; the import refuses them until listed once.
   */
  listedTwice: ManifestRepeat[];
  /**
   * Layout 'folders': sub-folders (relative, '/'-separated, sorted) holding no image file at
   * any depth, so no class comes from them; empty for the other layouts.
   */
  emptyFolders: string[];
  /** Sizes, channels and formats of the readable images (null when there are none). */
  stats: ImageColumnStats | null;
  /**
   * Readable images by shorter side, for sides below SMALL_SIDE_TRACKED px, smallest first:
   * `smallImages(small, size)` gives those much smaller than an input size chosen later
   * (src/shared/smallImages.ts; warned about, not refused).
   */
  small: SmallImageGroup[];
  /**
   * The readable images whose shorter side is at least SMALL_SIDE_TRACKED px: with the
   * groups of `small`, `keptImages(small, notSmall, size)` gives the classes, sizes,
   * channels and formats an import keeps when it leaves out the small images.
   */
  notSmall: ImageSetSummary;
  /** The first few image paths, for a sample grid. */
  samples: string[];
}

/** Progress of an image preview or import. */
export interface ImageImportProgress {
  /** 'scan' lists files; 'decode' reads and checks (preview) or decodes and stores (import). */
  phase: 'scan' | 'decode';
  /** Files found ('scan') or image files done ('decode'; unreadable ones counted too). */
  images: number;
  /** Image files to do in this phase, unreadable ones included (0 while scanning). */
  totalImages: number;
  /** Bytes of image files read so far ('decode'). */
  bytes: number;
}

/** Images lying deeper than the named folder levels (see ImagePreview.deeperThanNamed). */
export interface DeeperImages {
  /** Number of such images. */
  images: number;
  /** The first one's path relative to the root, '/'-separated. */
  example: string;
}

/**
 * Images lying in fewer folders than the named folder levels (see
 * ImagePreview.shallowerThanNamed): they get no label for the tasks below their folders.
 * E.g. `cat/img1.png` beside `dog/small/img2.png` under level_1, level_2 leaves level_2
 * unlabelled for img1.
 */
export interface ShallowerImages {
  /** Number of such images. */
  images: number;
  /**
   * The first (in path order) of those in the fewest folders, relative to the root,
   * '/'-separated: the one that leaves the most tasks unlabelled.
   */
  example: string;
  /**
   * The tasks (label column names, top first) the example leaves unlabelled: the deepest
   * named levels. Every such image leaves the last of them unlabelled, and no task above them.
   */
  tasks: string[];
}

/** What importing images stored and found, before any task is defined (data/images' importImages). */
export type StoredImages = Omit<ImageImportResult, 'tasks' | 'untasked'>;

/** What an image import (assets.import, `mtl-studio import-images`) did. */
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
  /** Images deeper than the named folder levels (as in the preview), or null. */
  deeperThanNamed: DeeperImages | null;
  /** Images in fewer folders than the named levels (as in the preview), or null. */
  shallowerThanNamed: ShallowerImages | null;
  /** Groups of paths with identical content (as in the preview). */
  duplicates: string[][];
  /**
   * Images much smaller than the input size left out (option skipSmall), in source order,
   * with their sizes in px; empty when the option is off.
   */
  skippedSmall: SmallImage[];
  /**
   * Stored images much smaller than the input size (src/shared/smallImages.ts); kept. With
   * skipSmall none is stored, so count 0 (the skipped ones are in skippedSmall).
   */
  small: SmallImages;
  /** How the stored training pixels were decoded. */
  pixels: PixelSettings;
  /**
   * Tasks defined on the folder-level label columns right after the import (layout
   * 'folders', option makeTasks on, the default): each such column with 2 to 100 classes
   * becomes a task of that name, classes in their default order, its role 'target'. Empty
   * for a manifest or a flat folder, or with makeTasks false.
   */
  tasks: string[];
  /**
   * Folder-level label columns left without a task (role 'ignore'): fewer than 2 classes or
   * more than 100, with their class counts. Empty when makeTasks is false.
   */
  untasked: { column: string; classes: number }[];
}
