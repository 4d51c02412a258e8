/**
 * The exports channels on an image run, through dispatch (validation included), on the real
 * Fashion-MNIST fixture (500 PNG files) with a small CNN trained once:
 * - `exports.predict` on the fixture's folder answers, image for image, what
 *   `mtl-studio predict -p P --run R images/` writes (the real CLI binary in its own process
 *   is the independent path), and `exports.savePredictions` writes the same file byte for
 *   byte; a CSV file for the image run is refused with its i18n reason;
 * - `exports.predictThumbnails` answers the thumbnail the import stored for the same file
 *   (the same sharp pipeline) and refuses paths outside the folder;
 * - `exports.report` shows, per task, the correctly and wrongly classified test images: the
 *   counts are recomputed here from the stored test predictions and the fixture's own
 *   manifest.csv (the truth, read as plain text), and every image shown as correct has
 *   true == predicted there (wrong: true != predicted); the PDF holds the section title
 *   (pdftotext, skipped when poppler or Chromium is absent).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/main/export/pdf';
import { skipWithoutBrowser, UNDER_CI } from '../e2e/chromium';
import { repoRoot } from '../../src/main/server/setup';
import { runPredictor } from '../../src/main/export/predict';
import { describeError } from '../../src/renderer/src/errorText';
import { i18n } from '../../src/renderer/src/i18n';
import { predictImages } from '../../src/main/export/predictImages';
import { dispatch } from '../../src/main/services/dispatch';
import { REPORT_IMAGES_PER_OUTCOME } from '../../src/main/services/reportExamples';
import { createHandlers } from '../../src/main/services/handlers';
import { StudioSession } from '../../src/main/services/session';
import type { ProjectStore } from '../../src/main/store/projectStore';
import type {
  InvokeChannel,
  PredictionPreview,
  RequestOf,
  ResponseOf,
} from '../../src/shared/contract';
import type { RunInfo } from '../../src/shared/domain';
import type { ErrorPayload } from '../../src/shared/errors';
import { MtlError } from '../../src/shared/errors';
import { cli } from '../cli/run';
import { makeTempDir } from '../store/helpers';
import { FASHION, FASHION_TASKS, fashionRun } from './fashionFixture';

const IMAGES = join(FASHION, 'images');
/** The report's files, for a look by eye. */
const SHOTS = join(repoRoot, 'test-results', 'report');
const run_ = promisify(execFile);

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;
let run: RunInfo;
let session: StudioSession;
let call: <C extends InvokeChannel>(channel: C, request: RequestOf<C>) => Promise<ResponseOf<C>>;
let fail: <C extends InvokeChannel>(channel: C, request: RequestOf<C>) => Promise<ErrorPayload>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // A tiny, short run: 2 epochs leave plenty of wrongly classified test images.
  ({ store, datasetId, run } = await fashionRun(dir, {
    convFilters: [4, 8],
    hiddenUnits: [16],
    epochs: 2,
  }));
  session = new StudioSession({ stateDir: join(dir, 'state'), trainingMode: 'in-process' });
  const handlers = createHandlers(session, {
    info: { version: 't', mode: 'browser', platform: 'linux' },
  });
  call = async (channel, request) => {
    const result = await dispatch(handlers, channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as never;
  };
  fail = async (channel, request) => {
    const result = await dispatch(handlers, channel, request);
    if (result.ok) throw new Error(`${channel} should have failed`);
    return result.error;
  };
  await call('projects.open', { path: store.path });
}, 240_000);
afterAll(async () => {
  await session?.dispose();
  await store?.close();
  await cleanup?.();
});

/** The fixture's manifest: image path (as imported, `images/…`) → its cells by column. */
async function manifest(): Promise<Map<string, Record<string, string>>> {
  const lines = (await readFile(join(FASHION, 'manifest.csv'), 'utf8')).trim().split('\n');
  const header = lines[0].split(',');
  return new Map(
    lines.slice(1).map((line) => {
      const cells = line.split(',');
      return [cells[0], Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))];
    }),
  );
}

describe('exports.predict on a folder of images', () => {
  let preview: PredictionPreview;

  it('answers what `mtl-studio predict -p P --run R images/` writes, image for image', async () => {
    expect(run.status).toBe('completed');
    preview = await call('exports.predict', { runId: run.id, path: IMAGES });
    expect(preview.input).toBe('images');
    expect(preview.tasks.map((t) => t.name)).toEqual(FASHION_TASKS);
    expect(preview.image).toEqual({ width: 28, height: 28, colour: 'grey', fit: 'cover' });
    expect(preview.files).toBe(500);
    expect(preview.truncated).toBe(false);

    const out = join(dir, 'cli.csv');
    const done = await cli('predict', '-p', store.path, '--run', String(run.id), IMAGES, '-o', out);
    expect(done.code, done.stderr).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe(
      ['row,path', ...FASHION_TASKS.map((t) => `${t},${t}_probability`)].join(','),
    );
    expect(lines).toHaveLength(501);
    expect(preview.rows).toHaveLength(500);
    preview.rows.forEach((r, i) => {
      const fields = lines[i + 1].split(',');
      expect([Number(fields[0]), fields[1]]).toEqual([r.row, r.id]);
      r.predictions.forEach((p, t) => {
        expect(p.label).toBe(fields[2 + 2 * t]);
        // The CLI writes six decimals of the same float32 probability.
        expect(p.probability.toFixed(6)).toBe(fields[3 + 2 * t]);
      });
    });

    // Save as CSV through the channel: the CLI's file, byte for byte.
    const saved = await call('exports.savePredictions', {
      runId: run.id,
      path: IMAGES,
      out: join(dir, 'saved.csv'),
    });
    expect(saved.rows).toBe(500);
    expect(await readFile(saved.path, 'utf8')).toBe(await readFile(out, 'utf8'));

    // Found by a new user: "pred-ui" was written without an extension. The name gets .csv.
    const bare = await call('exports.savePredictions', {
      runId: run.id,
      path: IMAGES,
      out: join(dir, 'pred-ui'),
    });
    expect(bare.path).toBe(join(dir, 'pred-ui.csv'));
    expect(await readFile(bare.path, 'utf8')).toBe(await readFile(out, 'utf8'));
    expect(existsSync(join(dir, 'pred-ui'))).toBe(false);
  });

  it('answers only the first images when asked for fewer, saying the folder has more', async () => {
    const first = await call('exports.predict', { runId: run.id, path: IMAGES, limit: 7 });
    expect(first.rows.map((r) => r.id)).toEqual(preview.rows.slice(0, 7).map((r) => r.id));
    expect(first).toMatchObject({ truncated: true, files: 500 });
  });

  it("skips an unreadable image when asked (the Predict view's checkbox), listing it; refuses it by default", async () => {
    // Two good images and an empty PNG; reference: the same images in the full folder's answer.
    const mixed = join(dir, 'mixed-images');
    await mkdir(mixed, { recursive: true });
    const good = preview.rows.slice(0, 2).map((r) => r.id!);
    for (const file of good) await copyFile(join(IMAGES, file), join(mixed, file));
    await writeFile(join(mixed, 'zz-bad.png'), Buffer.alloc(0));
    const refused = await fail('exports.predict', { runId: run.id, path: mixed });
    expect(refused.details).toMatchObject({ reason: 'PREDICT_IMAGE_UNREADABLE' });
    const answer = await call('exports.predict', { runId: run.id, path: mixed, onCorrupt: 'skip' });
    expect(answer.rows.map((r) => r.id)).toEqual(good);
    // Every file was read (two predicted, one skipped): none left for Save as CSV alone.
    expect(answer).toMatchObject({ files: 3, truncated: false });
    expect(answer.rows.map((r) => r.predictions)).toEqual(
      preview.rows.slice(0, 2).map((r) => r.predictions),
    );
    expect(answer.skipped).toEqual([
      {
        path: 'zz-bad.png',
        // Third in the folder's listing (two good images, then zz-bad.png): its row is 3.
        row: 3,
        problem: expect.any(String),
        phrase: { key: 'images.problems.EMPTY_FILE', params: {} },
      },
    ]);
    const saved = await call('exports.savePredictions', {
      runId: run.id,
      path: mixed,
      out: join(dir, 'mixed.csv'),
      onCorrupt: 'skip',
    });
    expect(saved).toMatchObject({ rows: 2, skipped: 1 });
  });

  it('predicts one image file given alone exactly as in its folder; a non-image file is refused', async () => {
    // A new user's `predict --model M photo.png` was refused ("give it a folder of images").
    const one = preview.rows[4];
    const file = one.id!; // an image row is named by its path
    const done = await cli(
      'predict',
      '-p',
      store.path,
      '--run',
      String(run.id),
      join(IMAGES, file),
      '--json',
    );
    expect(done.code, done.stderr).toBe(0);
    const answer = JSON.parse(done.stdout) as {
      rows: number;
      predictions: Record<string, { label: string; probability: number }>[];
    };
    expect(answer.rows).toBe(1);
    // --json names the id column as the CSV does: `path` for image files (IMAGE_ID_COLUMN).
    expect(answer.predictions[0].path).toBe(file.split('/').at(-1));
    one.predictions.forEach((p, t) => {
      const alone = answer.predictions[0][FASHION_TASKS[t]];
      expect(alone.label).toBe(p.label);
      expect(alone.probability).toBeCloseTo(p.probability, 6);
    });
    const text = await cli(
      'predict',
      '-p',
      store.path,
      '--run',
      String(run.id),
      join(FASHION, 'README.md'),
    );
    expect(text.code).not.toBe(0);
    expect(text.stderr).toMatch(/image model: give it a folder of images \(or one image file\)/);
    // A missing image file is named as one (review: the CLI said "Cannot read the folder …").
    const gone = join(dir, 'gone.png');
    const missing = await cli('predict', '-p', store.path, '--run', String(run.id), gone);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Image file not found: ${gone}`);
    expect((await fail('exports.predict', { runId: run.id, path: gone })).code).toBe('NOT_FOUND');
    // The Predict view takes the one file too, and shows its thumbnail.
    const view = await call('exports.predict', { runId: run.id, path: join(IMAGES, file) });
    expect(view).toMatchObject({ input: 'images', files: 1 });
    expect(view.rows.map((r) => [r.id, r.predictions.map((p) => p.label)])).toEqual([
      [answer.predictions[0].path, one.predictions.map((p) => p.label)],
    ]);
    const [thumb] = await call('exports.predictThumbnails', {
      path: join(IMAGES, file),
      files: [view.rows[0].id!],
    });
    expect(thumb.dataUrl).toMatch(/^data:image\/webp;base64,/);
  });

  it('refuses a CSV file for an image run, and a folder for a table model, with their reasons', async () => {
    const refused = await fail('exports.predict', {
      runId: run.id,
      path: join(FASHION, 'manifest.csv'),
    });
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.details).toMatchObject({ reason: 'IMAGE_MODEL_NEEDS_FOLDER' });

    // Found by a new user: notes.txt was "not a CSV file", an empty folder "The request was
    // not accepted". Headlines as the Predict view shows them (texts of i18n/errors.ts).
    const { t, te } = i18n.global;
    const shown = (e: { code: string; message: string; details?: unknown }, lang: string) => {
      i18n.global.locale.value = lang as 'en';
      try {
        return describeError(e, t, te, lang).headline;
      } finally {
        i18n.global.locale.value = 'en';
      }
    };
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'a note\n');
    const text = await fail('exports.predict', { runId: run.id, path: notes });
    expect(text.details).toMatchObject({
      reason: 'IMAGE_MODEL_NEEDS_FOLDER',
      params: { file: 'notes.txt' },
    });
    expect(shown(text, 'en')).toBe(
      'This run was trained on images: “notes.txt” is not an image or a folder; choose a folder of images or one image file',
    );
    expect(shown(text, 'zh-CN')).toBe(
      '此运行是用图像训练的：“notes.txt”既不是图像也不是文件夹；请选择一个图像文件夹或一个图像文件',
    );
    const empty = join(dir, 'empty-folder');
    await mkdir(empty, { recursive: true });
    const none = await fail('exports.predict', { runId: run.id, path: empty });
    expect(none.code).toBe('BAD_REQUEST');
    expect(none.details).toMatchObject({ reason: 'PREDICT_NO_IMAGES', params: { path: empty } });
    expect(shown(none, 'en')).toBe(`No images found in ${empty}`);
    expect(shown(none, 'zh-CN')).toBe(`在 ${empty} 中没有找到图像`);
    expect(
      (await fail('exports.predict', { runId: run.id, path: join(dir, 'nothing-here') })).code,
    ).toBe('NOT_FOUND');
    // A model that reads table columns (the same predictor without its image settings).
    const predictor = await runPredictor(store, run.id);
    try {
      const error = await predictImages({ ...predictor, image: undefined }, IMAGES).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MtlError);
      expect((error as MtlError).details).toMatchObject({ reason: 'TABLE_MODEL_NEEDS_CSV' });
    } finally {
      predictor.dispose();
    }
  });
});

describe('exports.predictThumbnails', () => {
  it('makes the thumbnail the import stored for the same file, null for a missing one', async () => {
    const thumbs = await call('exports.predictThumbnails', {
      path: IMAGES,
      files: ['fmnist-0001.png', 'fmnist-0002.png', 'missing.png'],
    });
    expect(thumbs.map((t) => t.file)).toEqual([
      'fmnist-0001.png',
      'fmnist-0002.png',
      'missing.png',
    ]);
    expect(thumbs[2].dataUrl).toBeNull();
    const { rowIds, values } = await store.datasets.readColumns(datasetId, ['path']);
    const rowOf = new Map(rowIds.map((id, i) => [String(values.path[i]), id]));
    const stored = await store.assets.thumbnails(datasetId, [
      rowOf.get('images/fmnist-0001.png')!,
      rowOf.get('images/fmnist-0002.png')!,
    ]);
    for (const [i, s] of stored.entries()) {
      const bytes = Buffer.from(
        thumbs[i].dataUrl!.replace(/^data:image\/webp;base64,/, ''),
        'base64',
      );
      expect(bytes.equals(Buffer.from(s.data))).toBe(true);
      // Never larger than the original 28 px file.
      expect(await sharp(bytes).metadata()).toMatchObject({
        format: 'webp',
        width: 28,
        height: 28,
      });
    }
  });

  it('refuses paths outside the folder and files that are not images', async () => {
    for (const file of ['../manifest.csv', '/etc/passwd', 'a/../../x.png']) {
      expect((await fail('exports.predictThumbnails', { path: IMAGES, files: [file] })).code).toBe(
        'BAD_REQUEST',
      );
    }
    const notImage = await fail('exports.predictThumbnails', {
      path: FASHION,
      files: ['manifest.csv'],
    });
    expect(notImage.message).toContain('not an image file');
  });
});

describe('the report of an image run', () => {
  it('shows per task the most confident correct and wrong test images, as stored', async () => {
    const out = join(dir, 'report.html');
    await call('exports.report', { out, lang: 'en' });
    const html = await readFile(out, 'utf8');
    expect(html).toContain('Test images classified correctly and wrongly');
    expect(html).not.toMatch(/<script|<link|src="http|url\(http|@import/);

    const truth = await manifest();
    const { rowIds, values } = await store.datasets.readColumns(datasetId, ['path']);
    const pathOf = new Map(rowIds.map((id, i) => [id, String(values.path[i])]));
    const stored = await store.assets.thumbnails(datasetId, rowIds);
    const thumbOf = new Map(
      stored.map((s) => [
        s.rowId,
        `data:${s.mime};base64,${Buffer.from(s.data).toString('base64')}`,
      ]),
    );
    for (const task of FASHION_TASKS) {
      // Independently: the stored test predictions' argmax against the manifest's label.
      const predictions = await store.evaluation.getPredictions(run.id, task);
      const labels = (await store.tasks.list(datasetId)).find((t) => t.name === task)!.classes;
      const k = predictions.numClasses;
      const outcome = new Map<number, { truth: string; predicted: string }>();
      predictions.rowIds.forEach((rowId, r) => {
        const label = truth.get(pathOf.get(rowId)!)![task];
        if (label === '') return;
        let best = 0;
        for (let c = 1; c < k; c++)
          if (predictions.probs[r * k + c] > predictions.probs[r * k + best]) best = c;
        outcome.set(rowId, { truth: label, predicted: labels[best] });
      });
      const correct = [...outcome.values()].filter((o) => o.truth === o.predicted).length;
      const wrong = outcome.size - correct;

      const section = new RegExp(
        `<div class="examples" data-task="${task}">(.*?)(?=<div class="examples"|</section>)`,
        's',
      ).exec(html);
      expect(section, task).not.toBeNull();
      for (const [kind, total] of [
        ['correct', correct],
        ['wrong', wrong],
      ] as const) {
        const figures = [
          ...section![1].matchAll(
            new RegExp(
              `<figure class="example ${kind}" data-outcome="${kind}" data-row-id="(\\d+)"><img src="([^"]+)"`,
              'g',
            ),
          ),
        ];
        expect(figures.length, `${task} ${kind}`).toBe(Math.min(REPORT_IMAGES_PER_OUTCOME, total));
        // Found by a new user: "Correct: 4 of 21" read as 4 correct; "Wrong: 0 of 0".
        const name = kind === 'correct' ? 'Correct' : 'Wrong';
        expect(section![1]).toContain(
          total === 0
            ? `No ${kind} predictions`
            : figures.length < total
              ? `${name} predictions: ${total} (${figures.length} most confident shown)`
              : `${name} predictions: ${total} (all shown, most confident first)`,
        );
        expect(section![1]).not.toMatch(/ of \d+ \(most confident first\)/);
        for (const [, id, src] of figures) {
          expect(outcome.has(Number(id)), `${task} row ${id} is a test row`).toBe(true);
          const o = outcome.get(Number(id))!;
          expect(o.truth === o.predicted, `${task} row ${id}`).toBe(kind === 'correct');
          expect(src).toBe(thumbOf.get(Number(id)));
        }
      }
    }
  });

  it('words the image counts in Chinese too: total first, then how many are shown', async () => {
    const out = join(dir, 'report-zh.html');
    await call('exports.report', { out, lang: 'zh-CN' });
    const html = await readFile(out, 'utf8');
    // Each task's two rows: a count in words (zh-CN reportText), never the old "n / total".
    const labels = [
      ...html.matchAll(
        /<div class="example-row" data-outcome="\w+"><p class="muted">([^<]*)<\/p>/g,
      ),
    ].map((m) => m[1]);
    expect(labels).toHaveLength(FASHION_TASKS.length * 2);
    for (const label of labels)
      expect(label).toMatch(
        /^(正确|错误)预测：\d+ 张（(显示置信度最高的 \d+ 张|全部显示，置信度高者在前)）$|^没有(正确|错误)预测$/,
      );
  });

  it('writes a report named without extension as HTML, as Save as CSV adds .csv', async () => {
    const done = await call('exports.report', { out: join(dir, 'rep-ui'), lang: 'en' });
    expect(done).toMatchObject({ path: join(dir, 'rep-ui.html'), format: 'html' });
    expect(await readFile(done.path, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('prints the image section into the PDF', async (context) => {
    const hasPdftotext = await run_('which', ['pdftotext']).then(
      () => true,
      () => false,
    );
    // Without poppler or a browser: skipped locally, a failure under CI (chromium.ts).
    if (!hasPdftotext && UNDER_CI) throw new Error('pdftotext (poppler-utils) is needed under CI');
    // The PDF is printed by the browser: without one (outside CI) there is nothing to test.
    if (skipWithoutBrowser('image report PDF', findChromium())) return context.skip();
    const out = join(dir, 'report.pdf');
    await call('exports.report', { out, lang: 'en' });
    // A PDF with at least one page, whatever reads it back.
    const bytes = await readFile(out);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toMatch(/\/Type\s*\/Page\b/);
    // Its text needs poppler's pdftotext (installed by .ci/run); without it, only the above.
    if (!hasPdftotext) return;
    const { stdout } = await run_('pdftotext', ['-layout', out, '-']);
    expect(stdout).toContain('Test images classified correctly and wrongly');
    expect(stdout).toMatch(/Wrong predictions: \d+ \(|No wrong predictions/);
    await mkdir(SHOTS, { recursive: true });
    await copyFile(out, join(SHOTS, 'report-images.pdf'));
    await copyFile(join(dir, 'report.html'), join(SHOTS, 'report-images.html'));
  }, 60_000);
});
