/**
 * `README.md` inside a model bundle: what the files are and working snippets for a web
 * page and for Node, filled with the model's own columns, tasks and an example row.
 */
import type { BundleMetadata, ImageInputSchema, TableInputSchema } from './metadata';

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3);
}

/** The README's input section of an image model, and the argument of its snippets. */
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
resized each original with fit "${input.fit}"${test}. \`preprocess.js\` takes images of exactly
that size as \`{ data, width, height, channels }\` (a canvas's \`ImageData\` works: its alpha
is dropped) and scales every value v of channel c to (v / 255 − mean[c]) / std[c] (${scaling};
fitted on the training images).

\`mtl-studio predict --model <this folder> images/ -o predictions.csv\` decodes and resizes a
folder of images exactly as the studio did.`,
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
          : `one-hot over ${e.categories.length} categories (others → all zeros)`;
      return `| ${c.name} | ${c.type} | ${how}${e.missingIndicator ? ' + missing indicator' : ''} |`;
    })
    .join('\n');
  const missing = input.missingTokens.map((t) => JSON.stringify(t)).join(', ');
  return {
    section: `## Input columns

| column | type | preprocessing (fitted on ${fittedOn}) |
| --- | --- | --- |
${columns}

Missing values (\`null\`, \`undefined\`, or one of ${missing})
and unseen categories are handled as in training. Extra keys in a row are ignored; a missing
column is an error naming it.`,
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
          metadata.training.refit ? 'the training and validation rows' : 'the training split',
        );
  const tfjs = metadata.tfjsVersion;
  const tasks = metadata.tasks
    .map((t) => {
      const m = metadata.metrics[t.name];
      return `| ${t.name} | ${t.labels.join(', ')} | \`${t.output}\` | ${fmt(m?.accuracy)} | ${fmt(m?.macroF1)} |`;
    })
    .join('\n');
  const deltaM =
    metadata.deltaM && metadata.deltaM.percent !== null
      ? `Δm against single-task run ${metadata.deltaM.baselineRunId}: ${metadata.deltaM.percent >= 0 ? '+' : ''}${metadata.deltaM.percent.toFixed(2)} % (test macro-F1, Maninis et al., CVPR 2019).`
      : '';
  return `# ${metadata.modelName}

A multi-task classification model exported by MTL Studio ${metadata.packageVersion}
(architecture: ${metadata.architecture}; run ${metadata.origin.runId} of project
"${metadata.origin.project}", dataset "${metadata.origin.dataset}"). One input row gives one
prediction per task.

| file | what it is |
| --- | --- |
| \`model.json\` + \`weights.bin\` | the network, TensorFlow.js layers format (\`tf.loadLayersModel\`), standard layers only |
| \`preprocess.js\` | dependency-free ES module: row objects → input tensor data, outputs → labels |
| \`metadata.json\` | tasks and classes, input columns and fitted preprocessing, training configuration, test metrics, versions |

## Tasks (outputs, in this order)

| task | classes | output | test accuracy | test macro-F1 |
| --- | --- | --- | --- | --- |
${tasks}

${deltaM}

${section}

## In a web page

Serve this folder over HTTP (e.g. \`npx http-server\`), then:

\`\`\`html
<script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@${tfjs}/dist/tf.min.js"></script>
<script type="module">
  import { predict } from './preprocess.js';
  const model = await tf.loadLayersModel('./model.json');
  console.log(await predict(tf, model, ${arg}));
</script>
\`\`\`

(Offline, copy \`tf.min.js\` from \`node_modules/@tensorflow/tfjs/dist/\` next to the page.)

## In Node

\`npm install @tensorflow/tfjs@${tfjs}\`, then in an ES module (\`.mjs\`):

\`\`\`js
import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { predict } from './preprocess.js';

const dir = new URL('./', import.meta.url);
const json = JSON.parse(await readFile(new URL('model.json', dir), 'utf8'));
const weights = await readFile(new URL('weights.bin', dir));
const model = await tf.loadLayersModel(
  tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }),
);
console.log(await predict(tf, model, ${arg}));
\`\`\`

With \`@tensorflow/tfjs-node\` installed, \`tf.loadLayersModel('file://path/to/model.json')\` also works.
\`predict\` answers one object per row: \`{ task: { label, probability, probabilities } }\`.

## From the command line

\`mtl-studio predict --model <this folder> data.csv -o predictions.csv\` predicts a CSV with
this bundle alone (add \`--all-probs\` for every class probability).
`;
}
