/**
 * `mtl-studio import-images` and `mtl-studio generate-cards`: image datasets (assets).
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  DEFAULT_CARD_IMAGE_SIZE,
  DEFAULT_IMAGE_SIZE,
  type CorruptImagePolicy,
  type DuplicateImagePolicy,
  type ImageColour,
  type ImageFit,
  type DeeperImages,
  type ImageLayout,
  type ImagePreview,
  type ImageProblem,
  type ShallowerImages,
} from '../../../shared/assets';
import type { DatasetInfo } from '../../../shared/domain';
import {
  SMALL_NAMED,
  keptImages,
  smallImages,
  type SmallImage,
  type SmallImages,
} from '../../../shared/smallImages';
import { MtlError } from '../../../shared/errors';
// data/images and data/images/cards (sharp, libvips, the CSV readers) are imported in the
// actions: every other command starts without them.
import { printJson, table } from '../output';
import { abortOnInterrupt, cancelledImport, int, isJson, progress, withStore } from '../program';
import { shellWord } from '../../../shared/shellWord';

/** Default number of cards of `generate-cards`. */
const CARD_COUNT = 2000;
/** Default seed of `generate-cards`. */
const CARD_SEED = 1;

/** Images between two progress lines on stderr. */
const PROGRESS_EVERY = 1000;

/** Commander parser of a comma-separated list ("a,b" → ['a', 'b']). */
function names(value: string): string[] {
  return value.split(',').map((n) => n.trim());
}

/** Options of `import-images`. */
interface ImportImagesCliOptions {
  project?: string;
  name?: string;
  size?: number;
  colour?: ImageColour;
  fit?: ImageFit;
  onCorrupt?: CorruptImagePolicy;
  duplicates?: DuplicateImagePolicy;
  skipSmall?: boolean;
  layout?: ImageLayout | 'auto';
  tasksFromFolders?: string[];
  /** false with --no-tasks: the folder-level label columns stay without tasks. */
  tasks?: boolean;
  pathColumn?: string;
  labelColumns?: string[];
  encoding?: string;
  delimiter?: string;
  na?: string[];
  concurrency?: number;
  preview?: boolean;
}

/** Label columns of an image dataset with their classes (most frequent first). */
function printLabelColumns(dataset: DatasetInfo): void {
  const labels = dataset.columns.filter((c) => c.type !== 'image');
  if (labels.length === 0) {
    console.log('No label columns (a flat folder): label the images later.');
    return;
  }
  console.log(
    table(
      ['column', 'missing', 'classes'],
      labels.map((c) => [
        c.name,
        c.profile.missing,
        (c.profile.topCategories ?? []).map((t) => `${t.value} (${t.count})`).join(', '),
      ]),
    ),
  );
}

/**
 * The line naming the tasks an import defined on its folder levels and the levels left
 * without one (null when neither: a manifest, a flat folder, or --no-tasks).
 */
export function importTasksText(
  tasks: readonly string[],
  untasked: readonly { column: string; classes: number }[],
): string | null {
  const parts: string[] = [];
  if (tasks.length > 0) {
    parts.push(
      `${tasks.length === 1 ? 'Task' : 'Tasks'} ${tasks.join(', ')} defined from the folders (mtl-studio tasks -p <project> to see them; --no-tasks leaves them out).`,
    );
  }
  for (const u of untasked) {
    parts.push(
      `Column ${u.column} has ${u.classes} ${u.classes === 1 ? 'class' : 'classes'}: no task defined on it (a task needs 2 to 100).`,
    );
  }
  return parts.length > 0 ? parts.join('\n') : null;
}

/** A short list of paths: the first few and how many more. */
function somePaths(paths: string[], shown = 5): string {
  const more = paths.length - shown;
  return paths.slice(0, shown).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/**
 * The line on images deeper than the named folder levels (null when there are none): how
 * many, one example, and which classes they take.
 */
function deeperText(deeper: DeeperImages | null, named: number): string | null {
  if (deeper === null) return null;
  const levels = named === 1 ? 'the 1 named folder level' : `the ${named} named folder levels`;
  const one = deeper.images === 1;
  const images = one ? '1 image lies' : `${deeper.images} images lie`;
  const folders = named === 1 ? 'folder' : 'folders';
  return `${images} deeper than ${levels} (e.g. ${deeper.example}): ${one ? 'it takes' : 'they take'} the classes of ${one ? 'its' : 'their'} named ${folders}; the deeper folder names are ignored.`;
}

/**
 * The line on images in fewer folders than the named levels (null when there are none): how
 * many, one example, the tasks it leaves unlabelled, and how to label them later.
 */
function shallowerText(shallower: ShallowerImages | null, named: number): string | null {
  if (shallower === null) return null;
  const levels = named === 1 ? 'the 1 folder level' : `the ${named} folder levels`;
  const tasks = shallower.tasks.join(', ');
  const later = 'later in the Label view or with mtl-studio labels import.';
  // One image: exact. Several may lie at different depths: each misses only the levels below
  // its own folders (found by a new user: "they are left unlabelled for level_1, level_2,
  // level_3" of 13 images of which one missed level_1).
  return shallower.images === 1
    ? `1 image lies in fewer folders than ${levels} (${shallower.example}): it is left unlabelled for ${tasks}; label it ${later}`
    : `${shallower.images} images lie in fewer folders than ${levels}: each is left unlabelled for the levels below its own folders (e.g. ${shallower.example}: ${tasks}); label them ${later}`;
}

/**
 * The line on images much smaller than the input size (src/shared/smallImages.ts), or null
 * when there are none: how many, the rule, the first few files with their sizes, and that
 * they are kept, enlarged.
 */
export function smallImagesText(small: SmallImages): string | null {
  if (small.count === 0) return null;
  const { inputSize: size, count } = small;
  const named = small.first.map((s) => `${s.path} (${s.width} × ${s.height} px)`).join(', ');
  const more = count > small.first.length ? ` and ${count - small.first.length} more` : '';
  return `small: ${count === 1 ? '1 image is' : `${count} images are`} much smaller than the ${size} × ${size} px input (shorter side below ${small.below} px): ${named}${more}; ${count === 1 ? 'it is' : 'each is'} enlarged to ${size} × ${size} for training, with little to learn from, and kept.`;
}

/**
 * The preview's line with --skip-small (null when no image is much smaller than the input):
 * how many the import would leave out, the first few files, and how many it would import.
 * @param small the preview's small images at the chosen input size
 * @param readable the preview's readable images (small ones included)
 */
function smallLeftOutText(small: SmallImages, readable: number): string | null {
  if (small.count === 0) return null;
  const { inputSize: size, count } = small;
  const named = small.first.map((s) => `${s.path} (${s.width} × ${s.height} px)`).join(', ');
  const more = count > small.first.length ? ` and ${count - small.first.length} more` : '';
  const left = readable - count;
  return `small: ${count === 1 ? '1 image is' : `${count} images are`} much smaller than the ${size} × ${size} px input (shorter side below ${small.below} px): ${named}${more}; --skip-small leaves ${count === 1 ? 'it' : 'them'} out, ${left === 1 ? '1 image' : `${left} images`} to import.`;
}

/**
 * The line on the images an import left out with --skip-small (null when none): how many,
 * the rule, and the first few files with their sizes.
 * @param skipped the result's skippedSmall, in source order
 * @param small the result's small (for its input size and threshold)
 */
export function skippedSmallText(skipped: SmallImage[], small: SmallImages): string | null {
  if (skipped.length === 0) return null;
  const { inputSize: size, below } = small;
  const named = skipped
    .slice(0, SMALL_NAMED)
    .map((s) => `${s.path} (${s.width} × ${s.height} px)`)
    .join(', ');
  const more = skipped.length > SMALL_NAMED ? ` and ${skipped.length - SMALL_NAMED} more` : '';
  return `Skipped ${skipped.length === 1 ? '1 image' : `${skipped.length} images`} much smaller than the ${size} × ${size} px input (shorter side below ${below} px; --skip-small): ${named}${more}.`;
}

/**
 * Prints a preview as text. `namesGiven`: --tasks-from-folders was given; when not, and the
 * deepest folder level labels fewer than half of the images (a stray sub-folder, say), a
 * hint shows how to name the top levels only.
 */
function printPreview(
  preview: ImagePreview,
  namesGiven: boolean,
  inputSize: number,
  skipSmall: boolean,
): void {
  const levels =
    preview.layout === 'folders'
      ? ` in ${preview.folderLevels} folder level${preview.folderLevels === 1 ? '' : 's'}`
      : '';
  console.log(
    `Layout ${preview.layout}${preview.manifest ? ` (${preview.manifest})` : ''}: ${preview.images} readable image${preview.images === 1 ? '' : 's'}${levels}, ${preview.bytes} bytes.`,
  );
  const deeper = deeperText(preview.deeperThanNamed, preview.tasks.length);
  if (deeper !== null) console.log(deeper);
  const shallower = shallowerText(preview.shallowerThanNamed, preview.tasks.length);
  if (shallower !== null) console.log(shallower);
  // With --skip-small, the classes, sizes, channels and formats are the kept images'.
  const kept = skipSmall ? keptImages(preview.small, preview.notSmall, inputSize) : null;
  const tasks = kept
    ? preview.tasks.map((t, i) => ({ name: t.name, ...kept.labels[i] }))
    : preview.tasks;
  if (tasks.length > 0) {
    console.log(
      table(
        ['column', 'missing', 'classes'],
        tasks.map((t) => [
          t.name,
          t.missing,
          t.classes.map((c) => `${c.value} (${c.count})`).join(', '),
        ]),
      ),
    );
  }
  const stats = kept
    ? kept.count > 0
      ? { width: kept.width, height: kept.height, formats: kept.formats, channels: kept.channels }
      : null
    : preview.stats;
  if (stats) {
    console.log(
      `Sizes ${stats.width.min}–${stats.width.max} × ${stats.height.min}–${stats.height.max} px; formats ${stats.formats.map((f) => `${f.value} (${f.count})`).join(', ')}; channels ${stats.channels.map((c) => `${c.value} (${c.count})`).join(', ')}.`,
    );
  }
  printProblems(preview.corrupt, preview.nonImages, preview.duplicates);
  const small = smallImages(preview.small, inputSize);
  const smallLine = skipSmall ? smallLeftOutText(small, preview.images) : smallImagesText(small);
  if (smallLine !== null) console.log(smallLine);
  const deepest = preview.tasks.at(-1);
  if (
    !namesGiven &&
    preview.layout === 'folders' &&
    preview.tasks.length > 1 &&
    deepest !== undefined &&
    deepest.missing > preview.images / 2
  ) {
    const top = preview.tasks.slice(0, -1).map((t) => t.name);
    console.log(
      `hint: folder level ${preview.tasks.length} (${deepest.name}) labels only ${preview.images - deepest.missing} of ${preview.images} images; to take tasks from the top ${top.length === 1 ? 'level' : `${top.length} levels`} only (deeper images keep their top folders' classes), name them: --tasks-from-folders ${shellWord(top.join(','))}`,
    );
  }
  for (const folder of preview.emptyFolders) {
    console.log(`empty folder: ${folder}/: no image file, so no class from it`);
  }
  // The import refuses these (MANIFEST_LISTED_TWICE): the preview lists every one.
  for (const repeat of preview.listedTwice) {
    console.log(
      `listed twice: ${repeat.path}: manifest lines ${repeat.lines[0]} and ${repeat.lines[1]}; list each file once`,
    );
  }
}

/**
 * What a TOO_LARGE problem says after "too large: PATH: ", from its params: "20000 × 15000 px
 * (limit 268402689 px)", or, its size unread, "over 268402689 px (the decoder's message)";
 * its English reason when it has no params.
 */
function tooLargeText(problem: ImageProblem): string {
  const { width, height, limit } = problem.params ?? {};
  if (width !== undefined && height !== undefined && limit !== undefined)
    return `${width} × ${height} px (limit ${limit} px)`;
  if (limit !== undefined) return `over ${limit} px${problem.detail ? ` (${problem.detail})` : ''}`;
  return problem.reason;
}

function printProblems(corrupt: ImageProblem[], nonImages: string[], duplicates: string[][]): void {
  for (const problem of corrupt) {
    // A valid image over the pixel limit is not corrupt: listed as too large.
    if (problem.kind === 'TOO_LARGE') {
      console.log(`too large: ${problem.path}: ${tooLargeText(problem)}`);
    } else console.log(`corrupt: ${problem.path}: ${problem.reason}`);
  }
  if (nonImages.length > 0) {
    console.log(`Not images (ignored): ${nonImages.length}: ${somePaths(nonImages)}.`);
  }
  for (const group of duplicates) console.log(`duplicates (same content): ${group.join(', ')}`);
}

/** Registers `import-images` and `generate-cards`. */
export function registerAssetCommands(program: Command): void {
  program
    .command('import-images')
    .description(
      'Import a folder of images (sub-folders as classes, a manifest.csv, or a flat folder) or a manifest CSV into a project (created if missing) as a new dataset; --preview only reports what it finds.',
    )
    .argument('<path>', 'folder of images, or a manifest CSV (a path column + label columns)')
    .option('-p, --project <file>', 'project file (*.mtlproj); not needed with --preview')
    .option('--name <name>', 'dataset name (default: the folder name)')
    .option(
      '--size <px>',
      `square input size in pixels, 8–512 (default ${DEFAULT_IMAGE_SIZE})`,
      // MIN_IMAGE_SIZE of data/images/decode.ts (not imported here: it loads sharp).
      int('--size', 8),
    )
    .addOption(
      new Option('--colour <colour>', 'training pixels in colour or grey (default rgb)').choices([
        'rgb',
        'grey',
      ]),
    )
    .addOption(
      new Option(
        '--fit <fit>',
        'to the square: cover = fill and crop the centre (default), contain = letterbox in black, fill = stretch',
      ).choices(['cover', 'contain', 'fill']),
    )
    .addOption(
      new Option(
        '--on-corrupt <policy>',
        'a corrupt or missing image: refuse the import (default; nothing is stored) or skip it',
      ).choices(['skip', 'refuse']),
    )
    .addOption(
      new Option(
        '--duplicates <policy>',
        'a file with the same content as an earlier one: keep it (default; flagged) or skip it',
      ).choices(['keep', 'skip']),
    )
    .option(
      '--skip-small',
      'leave out the images much smaller than --size (shorter side below --size / 4), named after the import; default: keep them, enlarged, with a warning',
    )
    .addOption(
      new Option('--layout <layout>', 'how labels are found (default auto)').choices([
        'auto',
        'folders',
        'manifest',
        'flat',
      ]),
    )
    .option(
      '--tasks-from-folders <names>',
      'label column names of the folder levels, from the top, comma-separated (e.g. colour,points); fewer names than levels name the top levels, and an image in a deeper folder takes the classes of its named folders',
      names,
    )
    .option(
      '--no-tasks',
      'folder layout: leave the folder-level label columns without tasks (default: each with 2–100 classes becomes a task of its name)',
    )
    .option(
      '--path-column <name>',
      'manifest: the column of image paths (default: path, file, image …)',
    )
    .option(
      '--label-columns <names>',
      'manifest: the label columns, comma-separated (default: all others)',
      names,
    )
    .option('--encoding <name>', 'manifest text encoding (default: detected)')
    .option(
      '--delimiter <char>',
      'manifest field delimiter, one character; tab or \\t for a tab (default: detected)',
    )
    .option(
      '--na <tokens...>',
      'manifest texts read as missing labels (default "" NA N/A NaN null ?)',
    )
    .option(
      '--concurrency <n>',
      'images decoded at once, 1–8 (default 2–4 by cores)',
      int('--concurrency', 1),
    )
    .option(
      '--preview',
      'only report layout, counts, classes, non-images, corrupt images, images much smaller than --size (kept, warned about; left out with --skip-small) and duplicates',
    )
    .action(async (source: string, opts: ImportImagesCliOptions) => {
      const sourceOptions = {
        layout: opts.layout,
        tasksFromFolders: opts.tasksFromFolders,
        pathColumn: opts.pathColumn,
        labelColumns: opts.labelColumns,
        encoding: opts.encoding,
        delimiter: opts.delimiter,
        missingTokens: opts.na,
        concurrency: opts.concurrency,
        onProgress: (p: { phase: string; images: number; totalImages: number }) => {
          if (p.phase === 'decode' && p.images % PROGRESS_EVERY === 0) {
            // Files, not images: the unreadable ones are counted too (the preview's
            // "N readable images" leaves them out).
            progress(`${p.images} / ${p.totalImages} image files`);
          }
        },
      };
      const { noImageFilesError, previewImages } = await import('../../data/images');
      if (opts.preview) {
        const preview = await previewImages(resolve(source), sourceOptions);
        // No image file at all (none readable, none corrupt): the import refuses it, so the
        // preview fails the same way (exit 1, same message) and a script stops before the import.
        const noImages = preview.images === 0 && preview.corrupt.length === 0;
        if (isJson() && !noImages) return printJson({ preview });
        if (!isJson()) {
          const inputSize = opts.size ?? DEFAULT_IMAGE_SIZE;
          const namesGiven = opts.tasksFromFolders !== undefined;
          printPreview(preview, namesGiven, inputSize, opts.skipSmall === true);
        }
        if (noImages) {
          const path = resolve(source);
          const root = statSync(path).isFile() ? dirname(path) : path;
          throw noImageFilesError(root, preview.nonImages.length);
        }
        return;
      }
      if (!opts.project) {
        throw new MtlError('BAD_REQUEST', 'import-images needs a project: -p, --project <file>');
      }
      const signal = abortOnInterrupt();
      const { importImagesWithTasks } = await import('../../services/assets');
      const result = await withStore(opts.project, true, (store) =>
        importImagesWithTasks(store, resolve(source), {
          makeTasks: opts.tasks !== false,
          ...sourceOptions,
          signal,
          name: opts.name,
          size: opts.size,
          colour: opts.colour,
          fit: opts.fit,
          onCorrupt: opts.onCorrupt,
          duplicates: opts.duplicates,
          skipSmall: opts.skipSmall,
        }).catch((err: unknown) => {
          throw cancelledImport(err, source);
        }),
      );
      if (isJson()) return printJson({ project: opts.project, ...result });
      const { dataset, pixels } = result;
      console.log(
        `Imported ${result.imported} image${result.imported === 1 ? '' : 's'} into dataset ${dataset.id} "${dataset.name}" (layout ${result.layout}; training pixels ${pixels.width}×${pixels.height} ${pixels.colour}, fit ${pixels.fit}).`,
      );
      printLabelColumns(dataset);
      const tasksLine = importTasksText(result.tasks, result.untasked);
      if (tasksLine !== null) console.log(tasksLine);
      const deeper = deeperText(result.deeperThanNamed, dataset.columns.length - 1);
      if (deeper !== null) console.log(deeper);
      const shallower = shallowerText(result.shallowerThanNamed, dataset.columns.length - 1);
      if (shallower !== null) console.log(shallower);
      if (result.skippedDuplicates.length > 0) {
        console.log(`Skipped duplicates: ${somePaths(result.skippedDuplicates)}.`);
      }
      printProblems(result.skipped, result.nonImages, result.duplicates);
      const skippedSmall = skippedSmallText(result.skippedSmall, result.small);
      if (skippedSmall !== null) console.log(skippedSmall);
      const small = smallImagesText(result.small);
      if (small !== null) console.log(small);
    });

  program
    .command('generate-cards')
    .description(
      'Write synthetic playing-card images (colour, points, pattern, texture) as PNG files and a manifest.csv into a folder; the same seed gives the same files.',
    )
    .argument('<dir>', 'output folder: new or empty (created if missing)')
    // Defaults are applied in the action, not given to commander, which would print each a
    // second time after the description's "(default …)".
    .option('--count <n>', `number of cards (default ${CARD_COUNT})`, int('--count', 1))
    .option('--seed <n>', `seed (default ${CARD_SEED})`, int('--seed'))
    .option(
      '--size <px>',
      `image side in pixels, 32–1024 (default ${DEFAULT_CARD_IMAGE_SIZE})`,
      int('--size', 32),
    )
    .option(
      '--force',
      "replace an earlier card set's manifest.csv and PNGs (refused if the folder holds any other file)",
    )
    .action(
      async (
        dir: string,
        given: { count?: number; seed?: number; size?: number; force?: boolean },
      ) => {
        const opts = {
          count: given.count ?? CARD_COUNT,
          seed: given.seed ?? CARD_SEED,
          size: given.size ?? DEFAULT_CARD_IMAGE_SIZE,
          force: given.force,
        };
        const { CARD_TASKS, checkCardsFolder, generateCards } =
          await import('../../data/images/cards');
        // A user's own manifest.csv must not be replaced, nor old PNGs left beside a shorter one.
        await checkCardsFolder(resolve(dir), opts.count, opts.force === true);
        const cards = await generateCards(resolve(dir), {
          count: opts.count,
          seed: opts.seed,
          size: opts.size,
          onProgress: (n) => {
            if (n % PROGRESS_EVERY === 0) progress(`${n} / ${opts.count} cards`);
          },
        });
        const classes = Object.fromEntries(
          CARD_TASKS.map((task) => {
            const counts: Record<string, number> = {};
            let missing = 0;
            for (const card of cards) {
              const label = card.labels[task];
              if (label === null) missing++;
              else counts[label] = (counts[label] ?? 0) + 1;
            }
            return [task, { counts, missing }];
          }),
        );
        if (isJson()) {
          const { count, seed, size } = opts;
          return printJson({
            dir: resolve(dir),
            manifest: 'manifest.csv',
            count,
            seed,
            size,
            classes,
          });
        }
        console.log(
          `Wrote ${cards.length} synthetic cards (${opts.size}×${opts.size} PNG, seed ${opts.seed}) and manifest.csv to ${resolve(dir)}.`,
        );
        console.log(
          table(
            ['task', 'missing', 'classes'],
            CARD_TASKS.map((task) => [
              task,
              classes[task].missing,
              Object.entries(classes[task].counts)
                .map(([value, n]) => `${value} (${n})`)
                .join(', '),
            ]),
          ),
        );
      },
    );
}
