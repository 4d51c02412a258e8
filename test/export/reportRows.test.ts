/**
 * The report's wrong test rows of a table run, rendered from hand-made report data: the
 * count line (some shown, all shown, none wrong), the input values with a missing one and
 * the columns not shown, HTML escaped, in English and Chinese; and printed to PDF with long
 * unspaced column names and values, every word inside the page's margins (pdftotext -bbox;
 * without Chromium or poppler skipped, saying why, or failing under CI). Expected texts by
 * hand.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPrinter } from '../../src/main/export/pdf';
import { renderReportHtml } from '../../src/main/export/report';
import { wrongRowExamples } from '../../src/main/export/reportRows';
import { REPORT_TEXT } from '../../src/main/export/reportText';
import type { ReportTaskRows } from '../../src/main/export/reportData';
import { handDataset, handReport, handRun } from './reportFixtures';
import { makeTempDir } from '../store/helpers';
import { missingPdfTools, pdfWords, REPORT_MARGIN_PT } from './pdfTools';

const sex: ReportTaskRows = {
  task: 'sex',
  wrongTotal: 13,
  testTotal: 51,
  wrong: [
    {
      rowId: 293,
      trueLabel: 'male',
      predictedLabel: 'female',
      confidence: 0.5964,
      inputs: [
        { column: 'island', value: 'Dream' },
        { column: 'bill_length_mm', value: null },
        { column: 'note', value: '<b>&' },
      ],
      moreInputs: 4,
    },
  ],
};
const species: ReportTaskRows = { task: 'species', wrongTotal: 0, testTotal: 51, wrong: [] };

describe('wrong test rows in the report', () => {
  it('says how many were wrong and lists the shown rows with their inputs, escaped', () => {
    const html = wrongRowExamples([species, sex], REPORT_TEXT.en);
    expect(html).toContain(
      '<h4 class="examples-title">Test rows classified wrongly, most confident first</h4>',
    );
    expect(html).toContain('No wrong prediction among 51 labelled test rows');
    expect(html).toContain('Wrong: 13 of 51 labelled test rows (1 most confident shown)');
    // 0.5964 → 59.64 % → 59.6 % (one decimal, by hand); the row's cells in order: id, true
    // class, predicted class, confidence.
    expect(html).toContain(
      '<tr data-row-id="293"><td class="num">293</td><td>male</td><td>female</td><td class="num">59.6 %</td>',
    );
    expect(html).toContain('<span class="input-name">island</span> Dream</span>');
    expect(html).toContain(
      '<span class="input-name">bill_length_mm</span> <span class="muted">missing</span>',
    );
    expect(html).toContain('&lt;b&gt;&amp;');
    expect(html).not.toContain('<b>&');
    expect(html).toContain('… and 4 more');
    // The task with none wrong has its line but no table.
    const speciesPart = html.slice(
      html.indexOf('data-task="species"'),
      html.indexOf('data-task="sex"'),
    );
    expect(speciesPart).not.toContain('<table>');
  });

  it('says "all shown" when every wrong row is shown, and nothing without labelled test rows', () => {
    const all = { ...sex, wrongTotal: 1 };
    expect(wrongRowExamples([all], REPORT_TEXT.en)).toContain(
      'Wrong: 1 of 51 labelled test rows (all shown, most confident first)',
    );
    expect(wrongRowExamples([{ ...species, testTotal: 0 }], REPORT_TEXT.en)).toBe('');
  });

  it('speaks Simplified Chinese', () => {
    const html = wrongRowExamples([species, sex], REPORT_TEXT['zh-CN']);
    expect(html).toContain('分类错误的测试行（置信度高者在前）');
    expect(html).toContain('51 个有标签测试行中没有错误预测');
    expect(html).toContain('错误：51 个有标签测试行中有 13 个（显示置信度最高的 1 个）');
    expect(html).toContain('<span class="muted">缺失</span>');
    expect(html).toContain('… 另有 4 个');
    expect(html).not.toMatch(/Wrong|missing|more/);
  });
});

describe('wrong test rows in the PDF', () => {
  it('keeps long unspaced input names and values inside the page', async (ctx) => {
    // 12 inputs, each a 50-character name without a space and a 41-character value (a text
    // cut to 40 characters and "…"), two rows: a cell far wider than the page if kept whole.
    const long = (i: number) =>
      `measurement_of_the_respondent_household_number_${String(i).padStart(2, '0')}`;
    const row = (rowId: number) => ({
      rowId,
      trueLabel: 'yes',
      predictedLabel: 'no',
      confidence: 0.9,
      inputs: Array.from({ length: 12 }, (_, i) => ({
        column: long(i),
        value: `${'ABCDEFGHIJ'.repeat(4)}…`,
      })),
      moreInputs: 3,
    });
    const data = handReport({
      dataset: handDataset({ name: 'wide', sourceName: 'wide.csv', rowCount: 100 }),
      runs: [
        {
          run: handRun(2, ['answer']),
          deltaM: null,
          baselineRunId: null,
          epochs: [],
          rows: [{ task: 'answer', wrong: [row(7), row(9)], wrongTotal: 2, testTotal: 20 }],
        },
      ],
    });
    // Everywhere: each row's inputs sit in one breakable cell (td.inputs, which the report's
    // style wraps anywhere), every long name cut into pieces at its underscores (<wbr>).
    const html = { en: renderReportHtml(data, 'en'), 'zh-CN': renderReportHtml(data, 'zh-CN') };
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(html[lang], lang).toMatch(/td\.inputs \{ overflow-wrap: anywhere; \}/);
      const cells = html[lang].match(/<td class="inputs">.*?<\/td>/g) ?? [];
      expect(cells, lang).toHaveLength(2);
      for (const cell of cells) {
        for (let i = 0; i < 12; i++) {
          expect(cell.replaceAll('<wbr>', ''), lang).toContain(long(i));
        }
        expect(cell, lang).toContain('measurement_<wbr>of_<wbr>the_<wbr>');
      }
    }
    // Printed, where Chromium and poppler are (else skipped saying why; under CI a failure).
    const why = await missingPdfTools("the wrong rows' PDF");
    if (why) return ctx.skip(why);
    const { dir, cleanup } = await makeTempDir();
    try {
      for (const lang of ['en', 'zh-CN'] as const) {
        const out = join(dir, `rows-${lang}.pdf`);
        await writeFile(out, await chromiumPrinter()(html[lang]));
        const words = await pdfWords(out);
        // The long names and values were printed (broken or not), not dropped.
        expect(
          words.some((w) => w.word.includes('ABCDEFGHIJ')),
          lang,
        ).toBe(true);
        for (const w of words) {
          expect(
            w.x1,
            `${lang} page ${w.page + 1}: "${w.word}" ends at x ${w.x1}`,
          ).toBeLessThanOrEqual(w.width - REPORT_MARGIN_PT + 0.5);
          expect(w.x0, `${lang} page ${w.page + 1}: "${w.word}"`).toBeGreaterThanOrEqual(
            REPORT_MARGIN_PT - 0.5,
          );
        }
      }
    } finally {
      await cleanup();
    }
  });
});
