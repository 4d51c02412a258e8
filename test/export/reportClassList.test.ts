/**
 * The report's Tasks table lists a task's classes up to CLASS_LIST_CHARS characters, then
 * "… and N more" (a new Chromium printed a 30-long-class table taller than a page). Expected
 * texts counted by hand: 150 + ", " + 40 = 192 characters fit in 200, a further ", " + 20
 * would make 214.
 */
import { describe, expect, it } from 'vitest';
import { CLASS_LIST_CHARS, classListText } from '../../src/main/export/report';
import { REPORT_TEXT } from '../../src/main/export/reportText';

describe('classListText', () => {
  const a = 'a'.repeat(150);
  const b = 'b'.repeat(40);
  const c = 'c'.repeat(20);

  it('lists every class while they fit', () => {
    expect(CLASS_LIST_CHARS).toBe(200);
    expect(classListText(['yes', 'no'], REPORT_TEXT.en)).toBe('yes, no');
    expect(classListText([a, b], REPORT_TEXT.en)).toBe(`${a}, ${b}`);
  });

  it('names how many more there are, in both languages', () => {
    expect(classListText([a, b, c], REPORT_TEXT.en)).toBe(
      `${a}, ${b} … and 1 more (3 classes: all under Class balance)`,
    );
    expect(classListText([a, b, c, c], REPORT_TEXT['zh-CN'])).toBe(
      `${a}, ${b} ……另有 2 个（共 4 类，全部见“类别分布”）`,
    );
  });

  it('shows at least one class, however long', () => {
    const long = 'x'.repeat(300);
    expect(classListText([long, 'y'], REPORT_TEXT.en)).toBe(
      `${long} … and 1 more (2 classes: all under Class balance)`,
    );
  });
});
