/**
 * The report of an image dataset, as a new user missed in theirs: the training input (size,
 * colour, fit), what the source is (a folder of images, by name only), and each test
 * thumbnail's file name and row shown in its caption (the alt text alone is not printed, so
 * a misclassified image could not be found from the PDF). Expected texts by hand from the
 * hand-made report data below, in English and Chinese.
 */
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/main/export/report';
import { handDataset, handReport, handRun } from './reportFixtures';

const dataset = handDataset({ name: 'shapes', sourceName: 'shapes' });
const run = handRun(3, ['shape'], { trunk: 'cnn' });

const image = (rowId: number, path: string, predicted: string) => ({
  rowId,
  path,
  trueLabel: 'circle',
  predictedLabel: predicted,
  confidence: 0.75,
  dataUrl: 'data:image/webp;base64,AAAA',
});

const data = handReport({
  dataset,
  pixels: { width: 32, height: 32, channels: 3, colour: 'rgb', fit: 'cover' },
  runs: [
    {
      run,
      deltaM: null,
      baselineRunId: null,
      epochs: [],
      images: [
        {
          task: 'shape',
          correct: [image(7, 'circle/blue/c07.png', 'circle')],
          wrong: [image(12, 'circle/red/c12.png', 'square')],
          correctTotal: 1,
          wrongTotal: 1,
        },
      ],
    },
  ],
});

describe('report of an image dataset', () => {
  it('names the source folder and the training input, in English', () => {
    const html = renderReportHtml(data, 'en');
    expect(html).toContain(
      '<tr><th>Source folder of images</th><td>shapes (its name only: the report holds no path of this machine)</td></tr>',
    );
    expect(html).toContain(
      '<tr><th>Training input</th><td class="image-input">32 × 32 px, RGB, fill and crop the centre (cover)</td></tr>',
    );
  });

  it('captions each thumbnail with its file name and row', () => {
    const html = renderReportHtml(data, 'en');
    expect(html).toContain(
      'true circle, predicted square (75.0 %)<br><span class="file" title="circle/red/c12.png">c12.png · row 12</span>',
    );
    expect(html).toContain('<span class="file" title="circle/blue/c07.png">c07.png · row 7</span>');
  });

  it('says the same in Chinese; a table dataset keeps its source file row', () => {
    const zh = renderReportHtml(data, 'zh-CN');
    expect(zh).toContain(
      '<tr><th>图像源文件夹</th><td>shapes（仅名称：报告不含本机路径）</td></tr>',
    );
    expect(zh).toContain('32 × 32 像素，RGB 彩色，填满并裁剪中心（cover）');
    expect(zh).toContain('c12.png · 第 12 行');
    const table = renderReportHtml(
      {
        ...data,
        datasets: [
          { ...data.datasets[0], dataset: { ...dataset, sourceName: 'a.csv' }, pixels: null },
        ],
      },
      'en',
    );
    expect(table).toContain('<tr><th>Source file</th><td>a.csv</td></tr>');
    expect(table).not.toContain('Training input');
  });
});
