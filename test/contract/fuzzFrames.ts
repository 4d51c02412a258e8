/**
 * What the fuzz test (serverFuzz.test.ts) sends: a valid request template per channel,
 * mutated, and seeded generators of random JSON values, deep nesting, frames of a given size
 * and raw HTTP targets. One seeded stream (`random`) feeds them all and the test, so the
 * same seed sends the same frames.
 */
import { mulberry32 } from '../../src/main/engine/random';
import type { InvokeChannel } from '../../src/shared/contract';
import { token } from './fuzzServer';

const SEED = 13_2026;

/**
 * A valid request per channel, mutated by the fuzz. Left out, with reasons:
 * projects.create/open/close/recover, datasets.import and datasets.delete would replace,
 * re-import or remove the data the other channels work on,
 * training.start/auto/crossValidate/restart
 * would fork training processes per frame and compare.affinity trains for seconds per
 * frame, and exports.model/savePredictions/report/backup write a file (or start a browser
 * for a PDF) per frame, and the assets.* channels (image folders) are not templated yet;
 * they still receive random (invalid) requests.
 */
export const TEMPLATES: Partial<Record<InvokeChannel, Record<string, unknown>>> = {
  'app.info': {},
  'dialogs.open': { kind: 'open-csv' },
  'projects.current': {},
  'projects.recent': {},
  'datasets.preview': { path: 'penguins.csv', rows: 5, delimiter: ',', missingTokens: ['NA'] },
  'datasets.cancelImport': { importId: 'none' },
  'datasets.list': {},
  'datasets.get': { datasetId: 1 },
  'datasets.columns': { datasetId: 1 },
  'datasets.setRole': { datasetId: 1, column: 'year', role: 'ignore' },
  'datasets.rows': {
    datasetId: 1,
    offset: 0,
    limit: 20,
    orderBy: 'bill_length_mm',
    descending: true,
    filter: { column: 'species', contains: 'Ade' },
  },
  'datasets.cell': { datasetId: 1, rowId: 1, column: 'species' },
  'tasks.list': { datasetId: 1 },
  'tasks.candidates': { datasetId: 1, columns: ['species', 'island', 'sex'] },
  'tasks.define': { datasetId: 1, tasks: [{ column: 'island', classes: ['Biscoe', 'Dream'] }] },
  'tasks.create': { datasetId: 1, name: 'mood', classes: ['calm', 'cross'] },
  'tasks.delete': { taskId: 99 },
  'training.options': {},
  'training.cancel': { runId: 1 },
  'training.pause': { runId: 1, paused: true },
  'training.endAutoSearch': { runId: 1 },
  'training.runs': { datasetId: 1 },
  'training.epochs': { runId: 1 },
  'compare.runs': { datasetId: 1 },
  'compare.confusionRows': {
    runId: 1,
    task: 'species',
    trueClass: 0,
    predictedClass: 1,
    offset: 200,
    limit: 200,
  },
  'labels.overview': { datasetId: 1 },
  'labels.order': {
    datasetId: 1,
    filter: { kind: 'unlabelled', task: 'island' },
    order: { kind: 'row' },
    limit: 50,
  },
  'labels.items': { datasetId: 1, rowIds: [1, 2, 3] },
  'labels.set': {
    datasetId: 1,
    changes: [{ rowId: 1, task: 'island', label: 'Dream' }],
    source: 'user',
  },
  'labels.undo': { datasetId: 1 },
  'labels.redo': { datasetId: 1 },
  'labels.addClass': { datasetId: 1, task: 'island', className: 'Torgersen' },
  'labels.history': { datasetId: 1, limit: 20 },
  'labels.queue': { datasetId: 1, runId: 1, strategy: 'margin' },
  'labels.rounds': { datasetId: 1 },
  'exports.predict': { runId: 1, path: 'penguins.csv', limit: 5, badLines: 'skip' },
  'exports.predictThumbnails': { path: '.', files: ['penguins.png', 'a/b.jpg'] },
  'compare.crossValidations': { datasetId: 1 },
  'compare.crossValidationCellRows': {
    evaluationId: 1,
    task: 'species',
    trueClass: 0,
    predictedClass: 1,
    offset: 200,
    limit: 200,
  },
  'splits.foldLeakage': { schemeId: 1 },
  'compare.storedAffinity': { datasetId: 1 },
  'session.state': {},
  'session.update': { view: 'data', datasetId: 1 },
  'datasets.rename': { datasetId: 1, name: 'penguins 2' },
  'datasets.setRoles': { datasetId: 1, columns: ['year'], role: 'ignore' },
  'datasets.setImage': { datasetId: 1, image: null },
  'training.evaluationMode': { datasetId: 1 },
  'training.autoSearch': { runId: 1 },
  'training.finalModelAvailability': { crossValidationId: 1 },
};
/** The channels with no template (see TEMPLATES); they receive random requests only. */
export const NOT_TEMPLATED: InvokeChannel[] = [
  'projects.create',
  'projects.open',
  'projects.close',
  'projects.recover',
  'datasets.import',
  'training.start',
  'training.restart',
  // Trains the rest of a run from its checkpoint when valid: random requests only.
  'training.resume',
  // Trains the unfinished folds of a stopped cross-validation: random requests only.
  'training.continueCrossValidation',
  // Trains a completed cross-validation's final model: random requests only.
  'training.finalFromCrossValidation',
  'assets.preview',
  'assets.import',
  'assets.cancel',
  'assets.thumbnails',
  'assets.image',
  'assets.pixelSettings',
  // Draws and imports 2 000 cards (minutes) when valid: random requests only.
  'assets.cardExample',
  // Landed on main just before this; not templated yet (random requests only).
  'dialogs.list',
  // Creates the folder it names (under the child's temporary HOME): random requests only.
  'dialogs.createFolder',
  'splits.create',
  'splits.describe',
  'splits.list',
  'splits.preview',
  'training.annotate',
  'training.delete',
  'training.restore',
  'datasets.delete',
  'training.auto',
  'training.crossValidate',
  'compare.affinity',
  'exports.model',
  'exports.savePredictions',
  'exports.report',
  'exports.backup',
  // Write and read files the request names: random requests only.
  'labels.export',
  'labels.import',
];

// ----------------------------------------------------------------------- generators

/** The seeded stream of the fuzz: numbers in [0, 1). */
export const random = mulberry32(SEED);
/** A seeded integer in [0, n). */
export const int = (n: number): number => Math.floor(random() * n);
/** A seeded item of `items`. */
export const pick = <T>(items: readonly T[]): T => items[int(items.length)];

const STRINGS = [
  '',
  'a',
  'species',
  'é',
  '中文列名',
  '😀🚀',
  '\u0000',
  '\u202eevil',
  '\ud800',
  'a\u0301',
  '\ufeffBOM',
  '\r\n\t',
  "'; DROP TABLE datasets; --",
  '" OR 1=1 --',
  'bill_length_mm"',
  '%s%n%x',
  '${process.exit()}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'NaN',
  '1e999',
  '-0',
  '..',
];
const NUMBERS = [
  0,
  -1,
  1,
  0.5,
  -0.5,
  2 ** 31,
  2 ** 32 + 1,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  1e21,
  1e308,
  -1e308,
  5e-324,
];
const KEYS = [
  'path',
  'datasetId',
  'runId',
  'taskId',
  'column',
  'columns',
  'tasks',
  'config',
  'filter',
  'equals',
  'request',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  '',
];

/** A random string; path separators and drive colons replaced so no path leaves the temp folder. */
function randomString(): string {
  const roll = random();
  let text: string;
  if (roll < 0.5) text = pick(STRINGS);
  else if (roll < 0.9)
    text = Array.from({ length: int(40) }, () => String.fromCodePoint(32 + int(0x2ff))).join('');
  else text = pick(STRINGS).repeat(1 + int(20_000));
  return text.replace(/[\\/:]/g, '_');
}

function randomNumber(): number {
  return random() < 0.7 ? pick(NUMBERS) : (random() - 0.5) * 10 ** int(20);
}

/** Sets an own key (also `__proto__`, which plain assignment would turn into a prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A random JSON value at most `depth` levels deep. */
export function randomValue(depth: number): unknown {
  const roll = int(depth > 0 ? 7 : 4);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return randomNumber();
    case 3:
      return randomString();
    case 4:
    case 5:
      return Array.from({ length: int(6) }, () => randomValue(depth - 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let k = int(5); k > 0; k--) {
        setOwn(object, random() < 0.8 ? pick(KEYS) : randomString(), randomValue(depth - 1));
      }
      return object;
    }
  }
}

/** A channel's template with 0–3 mutations: a field replaced, added (prototype keys too) or removed. */
export function mutated(template: Record<string, unknown>): Record<string, unknown> {
  const request = structuredClone(template);
  for (let m = int(4); m > 0; m--) {
    const holders: Record<string, unknown>[] = [request];
    for (const value of Object.values(request)) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        holders.push(value as Record<string, unknown>);
    }
    const holder = pick(holders);
    const keys = Object.keys(holder);
    const roll = random();
    if (roll < 0.5 && keys.length > 0) setOwn(holder, pick(keys), randomValue(3));
    else if (roll < 0.8) setOwn(holder, pick(KEYS), randomValue(2));
    else if (keys.length > 0) delete holder[pick(keys)];
  }
  return request;
}

/** An invoke envelope around a request given as JSON text. */
export const envelope = (id: number, channel: string, requestText: string): string =>
  `{"type":"invoke","id":${id},"channel":${JSON.stringify(channel)},"request":${requestText}}`;

/** `depth` nested arrays or objects, written directly (JSON.stringify would overflow). */
export function nested(depth: number, kind: 'array' | 'object' | 'mixed'): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let d = 0; d < depth; d++) {
    const array = kind === 'array' || (kind === 'mixed' && d % 2 === 0);
    open.push(array ? '[' : '{"a":');
    close.push(array ? ']' : '}');
  }
  return `${open.join('')}1${close.reverse().join('')}`;
}

/** A text frame of exactly `bytes` UTF-8 bytes: an app.info request with padding. */
export function frameOfSize(id: number, bytes: number): string {
  const head = `{"type":"invoke","id":${id},"channel":"app.info","request":{"pad":"`;
  const tail = '"}}';
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}

const URL_PIECES = [
  '%',
  '%%',
  '%zz',
  '%E0%A4%A',
  '%ff',
  '%C0%AF',
  '%00',
  '..%2f..%2fetc%2fpasswd',
  'assets/app.js',
  'index.html',
  '%2e%2e/',
  '中文',
  'a b',
  '\u0000',
  '?token=',
  '#frag',
  '//',
];

/** A random HTTP target: malformed, absolute or huge, with the token 60 % of the time. */
export function randomHttpTarget(): string {
  const roll = random();
  if (roll < 0.1)
    return pick(['http://[', '//[', 'http://a:b:c/', '*', '', 'http://evil.example/']);
  let target = '/';
  for (let n = int(4); n >= 0; n--) target += pick(URL_PIECES);
  if (roll < 0.15) target += 'x'.repeat(20_000 + int(100_000));
  if (random() < 0.6) target += `${target.includes('?') ? '&' : '?'}token=${token}`;
  return target;
}
