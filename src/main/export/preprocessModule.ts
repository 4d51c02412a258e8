/**
 * `preprocess.js` of a model bundle: a dependency-free ES module that turns row objects
 * into the model's input and its outputs back into labels, so a web page or a Node script
 * predicts in three lines. It applies the preprocessing fitted in the studio exactly as
 * engine/preprocessing.ts `transform` does (tests compare the two on awkward rows), and
 * parses text cells with the import's grammar (data/cellValues.ts): missing tokens, plain
 * decimal numbers (and, for a model trained on a decimal-comma import, "0,5" and "1.234,5"
 * as parseNumber reads them), booleans as true/yes/t/1 and false/no/f/0; a number beyond the
 * 32-bit float range (1e39, as text or as a JavaScript number) is refused as the studio
 * refuses it, and a standardised value is clipped to that range as `transform` clips it.
 */
import {
  FLOAT32_MAX,
  FLOAT32_RANGE_TEXT,
  POINT_TEXT_SOURCE,
  TRIM_CELL_SOURCE,
} from '../data/cellValues';
import type { BundleMetadata, ImageInputSchema, TableInputSchema } from './metadata';

/** What the generated module embeds (a subset of the metadata). */
interface EmbeddedSpec {
  inputName: string;
  features: number;
  columns: TableInputSchema['columns'];
  missingTokens: string[];
  /** Numeric texts are read with a decimal comma (metadata input.decimalComma). */
  decimalComma: boolean;
  /** Columns whose "1.000" reads as 1 (metadata input.pointDotColumns); absent when none. */
  pointDotColumns?: string[];
  tasks: { name: string; labels: string[]; output: string }[];
}

/** The tail every preprocess.js shares: outputs → labels, and predict(tf, model, inputs). */
const DECODE_AND_PREDICT = `/**
 * The model's outputs → one result per row.
 * @param outputs per task (in \`tasks\` order) its probabilities, row-major [n, labels].
 * @returns per row { [task]: { label, probability, probabilities: { [label]: p } } }.
 */
export function decode(outputs, n) {
  const results = [];
  for (let r = 0; r < n; r++) {
    const row = {};
    SPEC.tasks.forEach((task, t) => {
      const k = task.labels.length;
      const p = outputs[t];
      let best = 0;
      const probabilities = {};
      for (let c = 0; c < k; c++) {
        probabilities[task.labels[c]] = p[r * k + c];
        if (p[r * k + c] > p[r * k + best]) best = c;
      }
      row[task.name] = { label: task.labels[best], probability: p[r * k + best], probabilities };
    });
    results.push(row);
  }
  return results;
}

/**
 * Predicts rows with a loaded model.
 * @param tf the @tensorflow/tfjs namespace; @param model from tf.loadLayersModel.
 * @returns what {@link decode} returns.
 */
export async function predict(tf, model, rows) {
  const { data, shape } = preprocess(rows);
  const x = tf.tensor2d(data, shape);
  const out = model.predict(x);
  const outs = Array.isArray(out) ? out : [out];
  const arrays = await Promise.all(outs.map((o) => o.data()));
  tf.dispose([x, ...outs]);
  return decode(arrays, shape[0]);
}
`;

/**
 * The source of `preprocess.js` for a table model.
 * @returns ES module text exporting `inputName`, `featureCount`, `columns`, `tasks`,
 *   `decimalComma`, `preprocess(rows)`, `decode(outputs, n)` and `predict(tf, model, rows)`; for an image
 *   model see {@link imageModuleSource}.
 */
export function preprocessModuleSource(metadata: BundleMetadata): string {
  if (metadata.input.kind === 'image') return imageModuleSource(metadata, metadata.input);
  const spec: EmbeddedSpec = {
    inputName: metadata.input.inputName,
    features: metadata.input.features,
    columns: metadata.input.columns,
    missingTokens: metadata.input.missingTokens,
    decimalComma: metadata.input.decimalComma === true,
    pointDotColumns: metadata.input.pointDotColumns,
    tasks: metadata.tasks.map((t) => ({ name: t.name, labels: t.labels, output: t.output })),
  };
  return `// preprocess.js — written by MTL Studio ${metadata.packageVersion} for "${metadata.modelName.replace(/[\r\n]/g, ' ')}".
// No dependencies: works in browsers and in Node (ES module). It applies the preprocessing
// fitted on the training split (see metadata.json) and names the outputs of model.json.
//
//   import * as tf from '@tensorflow/tfjs';
//   import { predict } from './preprocess.js';
//   const model = await tf.loadLayersModel('model.json'); // a URL; in Node see README.md
//   const results = await predict(tf, model, [{ column: value, ... }]);

const SPEC = ${JSON.stringify(spec, null, 2)};

/** Name of the model's input; its shape is [rows, featureCount]. */
export const inputName = SPEC.inputName;
/** Width of one row's feature vector. */
export const featureCount = SPEC.features;
/** The input columns, their types and fitted encodings, in feature order. */
export const columns = SPEC.columns;
/** Tasks in output order: name, labels (classes) and output name. */
export const tasks = SPEC.tasks;
/**
 * Whether number texts are read with a decimal comma, as the training file was imported:
 * then "0,5" is 0.5 and "1.234,5" is 1234.5 (a point still works: "1.000" is 1).
 */
export const decimalComma = SPEC.decimalComma;

${TRIM_CELL_SOURCE}

${POINT_TEXT_SOURCE}

const MISSING = new Set(SPEC.missingTokens.map((t) => trimCell(t).toLowerCase()));
const TRUE = new Set(['true', 'yes', 't']);
const FALSE = new Set(['false', 'no', 'f']);

// The network computes in 32-bit floats: a number beyond their range (1e39) is refused, as
// the studio refuses it (Math.fround of it is ±Infinity).
const NUMBER_IN_RANGE = 'a number within ±${FLOAT32_RANGE_TEXT} (the 32-bit float range the model computes in)';
const FLOAT32_MAX = ${FLOAT32_MAX};

function fail(row, column, value, what) {
  throw new Error('Row ' + (row + 1) + ', column "' + column + '": ' + JSON.stringify(value) + ' is not ' + what + '.');
}

/** A cell as the studio stores it: number, text or null (missing). */
function cellValue(value, column, row) {
  if (value === null || value === undefined) return null;
  if (column.type === 'numeric' || column.type === 'boolean') {
    if (typeof value === 'number') {
      if (Number.isNaN(value)) return null;
      return Number.isFinite(Math.fround(value)) ? value : fail(row, column.name, value, NUMBER_IN_RANGE);
    }
    if (typeof value === 'boolean') return value ? 1 : 0;
    const text = trimCell(String(value));
    if (MISSING.has(text.toLowerCase())) return null;
    if (column.type === 'boolean') {
      const lower = text.toLowerCase();
      if (TRUE.has(lower) || text === '1') return 1;
      if (FALSE.has(lower) || text === '0') return 0;
      return fail(row, column.name, value, 'true/false, yes/no, t/f or 1/0');
    }
    // A column imported when "1.000" read as 1: read so, as the model learned it.
    const point =
      SPEC.pointDotColumns?.includes(column.name) && AMBIGUOUS_DOT.test(text)
        ? text
        : pointText(text, SPEC.decimalComma);
    if (point === null) return fail(row, column.name, value, 'a number');
    const number = Number(point);
    return Number.isFinite(Math.fround(number)) ? number : fail(row, column.name, value, NUMBER_IN_RANGE);
  }
  const text = trimCell(String(value));
  return MISSING.has(text.toLowerCase()) ? null : text;
}

const INDEX = SPEC.columns.map((c) =>
  c.encoding.kind === 'one-hot' ? new Map(c.encoding.categories.map((v, i) => [v, i])) : null,
);

/**
 * Rows → the model's input.
 * @param rows objects keyed by column name (extra keys are ignored); values are numbers,
 *   strings, booleans, or null/undefined/"" /"NA"… for missing.
 * @returns { data: Float32Array (row-major), shape: [rows.length, featureCount] }.
 * @throws Error naming the row and column of a missing column or an unreadable value.
 */
export function preprocess(rows) {
  const width = SPEC.features;
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    let offset = r * width;
    SPEC.columns.forEach((column, k) => {
      if (!(column.name in row)) {
        throw new Error('Row ' + (r + 1) + ': column "' + column.name + '" is missing (the model reads ' + SPEC.columns.map((c) => c.name).join(', ') + ').');
      }
      const v = cellValue(row[column.name], column, r);
      const enc = column.encoding;
      if (enc.kind === 'numeric') {
        // Clipped to the float32 range, as the studio's transform clips it.
        data[offset] = v === null ? 0 : Math.max(-FLOAT32_MAX, Math.min(FLOAT32_MAX, (v - enc.mean) / enc.std));
        if (enc.missingIndicator) data[offset + 1] = v === null ? 1 : 0;
        offset += enc.missingIndicator ? 2 : 1;
      } else {
        const k2 = enc.categories.length;
        if (v === null) {
          if (enc.missingIndicator) data[offset + k2] = 1;
        } else {
          const j = INDEX[k].get(String(v));
          if (j !== undefined) data[offset + j] = 1;
        }
        offset += k2 + (enc.missingIndicator ? 1 : 0);
      }
    });
  });
  return { data, shape: [rows.length, width] };
}

${DECODE_AND_PREDICT}`;
}

/**
 * The source of `preprocess.js` for an image model (CNN trunk): pixels → the model's input,
 * exactly as engine/images.ts `encodeImages` scales them: (v / 255 − mean[c]) / std[c],
 * NHWC, flattened.
 * @returns ES module text exporting `inputName`, `featureCount`, `image` (height, width,
 *   channels, colour, fit, mean, std), `tasks`, `preprocess(images)`, `decode(outputs, n)`
 *   and `predict(tf, model, images)`; an image is `{ data, width, height, channels }` with
 *   `data` its bytes row-major (e.g. a canvas's ImageData, channels 4: alpha is dropped).
 */
function imageModuleSource(metadata: BundleMetadata, input: ImageInputSchema): string {
  const spec = {
    inputName: input.inputName,
    features: input.features,
    image: {
      height: input.height,
      width: input.width,
      channels: input.channels,
      colour: input.colour,
      fit: input.fit,
      mean: input.mean,
      std: input.std,
    },
    tasks: metadata.tasks.map((t) => ({ name: t.name, labels: t.labels, output: t.output })),
  };
  return `// preprocess.js — written by MTL Studio ${metadata.packageVersion} for "${metadata.modelName.replace(/[\r\n]/g, ' ')}".
// No dependencies: works in browsers and in Node (ES module). It scales pixels with the
// per-channel statistics fitted on the training images (see metadata.json) and names the
// outputs of model.json. Images must already be ${input.width}×${input.height} pixels (resize
// them first, e.g. drawImage onto a canvas of that size).
//
//   import * as tf from '@tensorflow/tfjs';
//   import { predict } from './preprocess.js';
//   const model = await tf.loadLayersModel('model.json'); // a URL; in Node see README.md
//   const results = await predict(tf, model, [canvas.getContext('2d').getImageData(0, 0, ${input.width}, ${input.height})]);

const SPEC = ${JSON.stringify(spec, null, 2)};

/** Name of the model's input; its shape is [images, featureCount]. */
export const inputName = SPEC.inputName;
/** Floats per image: height · width · channels. */
export const featureCount = SPEC.features;
/** The image the model reads: size, channels, colour, and the fitted per-channel scaling. */
export const image = SPEC.image;
/** Tasks in output order: name, labels (classes) and output name. */
export const tasks = SPEC.tasks;

/**
 * Images → the model's input, row-major [images.length, featureCount].
 * @param images each { data, width, height, channels } (channels 1, 3 or 4; RGBA's alpha is
 *   dropped; a grey model given colour takes ITU-R BT.709 luma), or a Uint8Array of exactly
 *   height · width · channels bytes.
 * @throws Error naming the image whose size does not match.
 */
export function preprocess(images) {
  const { height: H, width: W, channels: C, mean, std } = SPEC.image;
  const data = new Float32Array(images.length * featureCount);
  images.forEach((img, i) => {
    const bytes = img instanceof Uint8Array ? img : img.data;
    const inC = img instanceof Uint8Array ? C : (img.channels ?? bytes.length / (H * W));
    if ((!(img instanceof Uint8Array) && (img.width !== W || img.height !== H)) || bytes.length !== H * W * inC) {
      throw new Error('Image ' + (i + 1) + ' is not ' + W + '×' + H + ' pixels with ' + C + (C === 1 ? ' channel.' : ' channels.'));
    }
    const to = i * featureCount;
    for (let p = 0; p < H * W; p++) {
      for (let c = 0; c < C; c++) {
        let v;
        if (inC === C || (inC === 4 && C === 3)) v = bytes[p * inC + c];
        else if (C === 1) v = Math.round(0.2126 * bytes[p * inC] + 0.7152 * bytes[p * inC + 1] + 0.0722 * bytes[p * inC + 2]);
        else v = bytes[p * inC];
        data[to + p * C + c] = (v / 255 - mean[c]) / std[c];
      }
    }
  });
  return { data, shape: [images.length, featureCount] };
}

${DECODE_AND_PREDICT}`;
}
