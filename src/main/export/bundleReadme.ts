/**
 * `README.md` inside a model bundle: what the files are and working snippets for a web
 * page and for Node, filled with the model's own columns, tasks and an example row.
 */
import { counted } from '../../shared/counted';
import { finalModelRows } from '../../shared/finalModel';
import { meanStdText } from '../../shared/meanStdText';
import { signed } from '../../shared/signedText';
import type { BundleMetadata, ImageInputSchema, TableInputSchema } from './metadata';

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3);
}

/** The lines of the README's Node snippets that load the bundle's model (tfjs, from memory). */
const LOAD_MODEL_JS = `const dir = new URL('./', import.meta.url);
const json = JSON.parse(await readFile(new URL('model.json', dir), 'utf8'));
const weights = await readFile(new URL('weights.bin', dir));
const model = await tf.loadLayersModel(
  tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }),
);
`;

/**
 * The Node snippet of an image model: sharp decodes one image file exactly as the studio's
 * import and `mtl-studio predict` do (decode.ts's decodeImage: EXIF orientation,
 * transparency flattened onto white, resize with the bundle's fit around the centre on
 * black bars, sRGB or libvips' grey 'b-w', raw HWC bytes), then preprocess.js scales it.
 * Run by test/export/imageBundle.test.ts against a real bundle.
 */
function imageNodeSnippet(input: ImageInputSchema, tfjs: string): string {
  return `\`npm install @tensorflow/tfjs@${tfjs} sharp\`, then save as \`predict-image.mjs\` in this folder
and run \`node predict-image.mjs photo.jpg\`:

\`\`\`js
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { readFile } from 'node:fs/promises';
import { predict } from './preprocess.js';

${LOAD_MODEL_JS}// Decoded as the studio decoded the training images: EXIF orientation, transparency on
// white, resized to ${input.width}×${input.height} with fit "${input.fit}" around the centre, ${input.colour === 'grey' ? 'grey' : 'sRGB'}, raw bytes.
const pixels = await sharp(process.argv[2])
  .rotate()
  .flatten({ background: '#ffffff' })
  .resize(${input.width}, ${input.height}, { fit: '${input.fit}', position: 'centre', background: '#000000' })
  .toColourspace('${input.colour === 'grey' ? 'b-w' : 'srgb'}')
  .raw()
  .toBuffer();
// ${input.width * input.height * input.channels} bytes (${input.height} rows × ${input.width} pixels × ${input.channels} channel${input.channels === 1 ? '' : 's'}); preprocess.js scales them.
console.log(JSON.stringify(await predict(tf, model, [pixels]), null, 2));
\`\`\`

sharp does not read BMP files (the studio decodes them with \`bmp-ts\`); convert them first,
or use the command line below.`;
}

/** The README's input section of an image model, and the argument of its web snippet. */
function imageInput(input: ImageInputSchema, example: unknown): { section: string; arg: string } {
  const scaling = input.mean
    .map(
      (m, c) =>
        `channel ${c}: mean ${Number(m.toPrecision(6))}, std ${Number(input.std[c].toPrecision(6))}`,
    )
    .join('; ');
  const test = typeof example === 'string' ? ` (a test image: \`${example}\`)` : '';
  return {
    section: `## Input: images

${input.width}×${input.height} pixels, ${input.colour === 'grey' ? 'grey (1 channel)' : 'RGB (3 channels)'}; the studio
resized each original with fit "${input.fit}"${test}: EXIF orientation applied, transparency
flattened onto white, resized (sharp, Lanczos-3) to ${input.width}×${input.height} ${input.fit === 'cover' ? 'cropping around the centre' : input.fit === 'contain' ? 'with black bars around the centre' : 'stretched'}${input.colour === 'grey' ? ", grey as libvips' 'b-w' (BT.709 luminance)" : ', sRGB'}. \`preprocess.js\` takes images of exactly
that size as \`{ data, width, height, channels }\` (a canvas's \`ImageData\` works: its alpha
is dropped) or as ${input.width * input.height * input.channels} raw bytes (rows × pixels × channels), and scales every
value v of channel c to (v / 255 − mean[c]) / std[c] (${scaling}; fitted on the training images).`,
    arg: `[ctx.getImageData(0, 0, ${input.width}, ${input.height})]`,
  };
}

/** The README's input section of a table model, and the argument of its snippets. */
function tableInput(
  input: TableInputSchema,
  example: unknown,
  fittedOn: string,
): { section: string; arg: string } {
  const columns = input.columns
    .map((c) => {
      const e = c.encoding;
      const how =
        e.kind === 'numeric'
          ? `standardised (mean ${Number(e.mean.toPrecision(6))}, std ${Number(e.std.toPrecision(6))})`
          : `one-hot over ${counted(e.categories.length, 'category', 'categories')} (others → all zeros)`;
      return `| ${c.name} | ${c.type} | ${how}${e.missingIndicator ? ' + missing indicator' : ''} |`;
    })
    .join('\n');
  const missing = input.missingTokens.map((t) => JSON.stringify(t)).join(', ');
  // As preprocess.js reads number texts (SPEC.decimalComma, cellValues.ts parseNumber).
  const numbers = input.decimalComma
    ? `Number texts are read as the training file was imported, with a decimal comma: "0,5" is
0.5 and "1.234,5" is 1234.5 (dots grouping thousands); a point still reads as a decimal
point, so "1.000" is 1 (write 1000 for a thousand).`
    : `Number texts are read with a decimal point ("0.5"); a decimal comma ("0,5") is an error.`;
  return {
    section: `## Input columns

| column | type | preprocessing (fitted on ${fittedOn}) |
| --- | --- | --- |
${columns}

Missing values (\`null\`, \`undefined\`, or one of ${missing})
and unseen categories are handled as in training. Extra keys in a row are ignored; a missing
column is an error naming it. ${numbers}`,
    arg: `[${JSON.stringify(example)}]`,
  };
}

/**
 * The bundle's README.
 * @param example one input row (column → value) shown in the snippets, e.g. a test row; for
 *   an image model the path of a test image.
 */
export function bundleReadme(metadata: BundleMetadata, example: unknown): string {
  const { section, arg } =
    metadata.input.kind === 'image'
      ? imageInput(metadata.input, example)
      : tableInput(
          metadata.input,
          example,
          // Auto's refit on a small table fitted it on the training and validation rows.
          metadata.training.refit?.rows === 'all-labelled'
            ? 'every labelled row'
            : metadata.training.refit
              ? 'the training and validation rows'
              : 'the training split',
        );
  const tfjs = metadata.tfjsVersion;
  const image = metadata.input.kind === 'image';
  const webNote = image
    ? `\n  // ctx: the 2D context of a ${metadata.input.kind === 'image' ? `${metadata.input.width}×${metadata.input.height}` : ''} canvas the image was drawn onto (drawImage); a browser
  // resizes unlike the studio (see "In Node" for the exact pipeline).`
    : '';
  const tableNode = `\`npm install @tensorflow/tfjs@${tfjs}\`, then in an ES module (\`.mjs\`):

\`\`\`js
import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { predict } from './preprocess.js';

${LOAD_MODEL_JS}console.log(await predict(tf, model, ${arg}));
\`\`\``;
  const final = metadata.training.refit?.rows === 'all-labelled';
  const cv = metadata.crossValidation;
  const tasks = metadata.tasks
    .map((t) => {
      const scores = final
        ? [meanStdText(cv?.metrics[t.name]?.accuracy), meanStdText(cv?.metrics[t.name]?.macroF1)]
        : [fmt(metadata.metrics[t.name]?.accuracy), fmt(metadata.metrics[t.name]?.macroF1)];
      return `| ${t.name} | ${t.labels.join(', ')} | \`${t.output}\` | ${scores.join(' | ')} |`;
    })
    .join('\n');
  const scoreHeads = final
    ? 'cross-validation accuracy (mean ± std) | cross-validation macro-F1 (mean ± std)'
    : 'test accuracy | test macro-F1';
  const deltaM =
    metadata.deltaM && metadata.deltaM.percent !== null
      ? `Δm against single-task run ${metadata.deltaM.baselineRunId}: ${signed(metadata.deltaM.percent, 2)} % (test macro-F1, Maninis et al., CVPR 2019).`
      : '';
  return `# ${metadata.modelName}

A multi-task classification model exported by MTL Studio ${metadata.packageVersion}
(architecture: ${metadata.architecture}; run ${metadata.origin.runId} of project
"${metadata.origin.project}", dataset "${metadata.origin.dataset}"). ${image ? 'One image gives one prediction per task.' : 'One input row gives one\nprediction per task.'}

| file | what it is |
| --- | --- |
| \`model.json\` + \`weights.bin\` | the network, TensorFlow.js layers format (\`tf.loadLayersModel\`), standard layers only |
| \`preprocess.js\` | dependency-free ES module: ${image ? 'images of the input size' : 'row objects'} → input tensor data, outputs → labels |
| \`metadata.json\` | tasks and classes, input columns and fitted preprocessing, training configuration, ${final ? "the cross-validation's scores" : 'test metrics'}, versions |

\`metadata.json\` records the SHA-256 of model.json, weights.bin and preprocess.js
(\`files\`): \`mtl-studio predict\` refuses a file that differs, and \`sha256sum\` checks
them by hand. Its entry \`files["metadata.json"]\` is of metadata.json's own text without
that entry, so an edited class name is refused too.

## Tasks (outputs, in this order)

| task | classes | output | ${scoreHeads} |
| --- | --- | --- | --- | --- |
${tasks}

${final ? finalModelSection(metadata) : deltaM}

${section}

## In a web page

Serve this folder over HTTP (e.g. \`npx http-server\`), then:

\`\`\`html
<script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@${tfjs}/dist/tf.min.js"></script>
<script type="module">
  import { predict } from './preprocess.js';
  const model = await tf.loadLayersModel('./model.json');${webNote}
  console.log(await predict(tf, model, ${arg}));
</script>
\`\`\`

(Offline, copy \`tf.min.js\` from \`node_modules/@tensorflow/tfjs/dist/\` next to the page.)

## In Node

${image ? imageNodeSnippet(metadata.input as ImageInputSchema, tfjs) : tableNode}

With \`@tensorflow/tfjs-node\` installed, \`tf.loadLayersModel('file://path/to/model.json')\` also works.
\`predict\` answers one object per ${image ? 'image' : 'row'}: \`{ task: { label, probability, probabilities } }\`.

## From the command line

${
  image
    ? `\`mtl-studio predict --model <this folder> images/ -o predictions.csv\` predicts every image
file of a folder (and its subfolders; or give one image file) with this bundle alone, decoded
and resized exactly as the studio did: one CSV row per image, its \`path\` relative to the folder
(add \`--all-probs\` for every class probability).`
    : `\`mtl-studio predict --model <this folder> data.csv -o predictions.csv\` predicts a CSV with
this bundle alone (add \`--all-probs\` for every class probability).${csvEncodingLine(metadata.input)}`
}
`;
}

/**
 * The README's paragraph on a cross-validation's final model: what it trained on and for how
 * long, that it has no test score, and where its expected score (the table's mean ± std)
 * comes from; without `crossValidation` (no completed fold summarised at export), only the
 * first part.
 */
function finalModelSection(metadata: BundleMetadata): string {
  const refit = metadata.training.refit!;
  const cv = metadata.crossValidation;
  const rows = cv
    ? finalModelRows(
        { labelledRows: cv.labelledRows, epochsPerTask: refit.epochsPerTask },
        cv.labelledRowsPerTask ?? null,
      )
    : 'every labelled row';
  const of = cv ? ` of cross-validation #${cv.evaluationId}` : ' of a cross-validation';
  const scheme = cv
    ? `${cv.scheme.k}-fold${cv.scheme.repeats > 1 ? ` × ${cv.scheme.repeats} repeats` : ''}, ${counted(cv.folds, 'completed fold', 'completed folds')}`
    : '';
  const estimate = cv
    ? `Its expected score is the cross-validation's mean ± sample standard deviation over its
folds (${scheme}; each fold scored on its own held-out rows), shown in the table above and
kept in \`metadata.json\` under \`crossValidation\`.`
    : "Its expected score is the cross-validation's mean ± std (not found when this bundle was written).";
  return `This is the final model${of}: trained on ${rows} for ${counted(refit.epochs, 'epoch', 'epochs')} (per task
the median of the folds' early-stopping epochs), with no validation and no test split, so it
has no test score. ${estimate}`;
}

/**
 * The README's sentence on the text encoding `predict` reads a CSV in, for a training file
 * that was not UTF-8 (e.g. windows-1254); empty otherwise (detection reads UTF-8 alike).
 */
function csvEncodingLine(input: BundleMetadata['input']): string {
  const encoding = input.kind === 'table' ? input.csvEncoding : undefined;
  if (encoding === undefined || encoding === 'utf-8') return '';
  return ` The training file was ${encoding} text: a CSV
file is read as ${encoding} too, unless it is certainly another (a byte-order mark, valid UTF-8)
or \`--encoding\` names its encoding.`;
}
