/**
 * The renderer's pure rules for the data table and the URL, from Node: the header's sort
 * cycle, column search and pinning, the columns in view when scrolled sideways, filter
 * conditions as typed and as sent, pixel columns recognised as images, and the route in the
 * URL. Expected values are worked out by hand from the rules' documentation.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '../../src/shared/domain';
import {
  columnWindow,
  matchesColumn,
  nextSort,
  shownColumns,
} from '../../src/renderer/src/components/tableLayout';
import {
  fromRowFilter,
  newFilter,
  opsFor,
  toRowFilter,
} from '../../src/renderer/src/components/tableFilters';
import {
  candidateShapes,
  findPixelColumns,
  pixelRange,
  toRgba,
} from '../../src/renderer/src/components/pixelImages';
import { formatRoute, parseRoute } from '../../src/renderer/src/stores/route';

const numeric = (name: string, min = 0, max = 255): ColumnInfo => ({
  index: 0,
  name,
  type: 'numeric',
  role: 'input',
  profile: {
    missing: 0,
    distinct: 2,
    numeric: { min, max, mean: 0, std: 0, histogram: [] },
    topCategories: null,
  },
});

describe('the sort cycle of a header', () => {
  it('goes ascending, descending, then back to file order (ascending) — never reversed', () => {
    let state = { orderBy: null as string | null, descending: false };
    const clicks = [];
    for (let i = 0; i < 4; i++) {
      state = nextSort(state, 'mass');
      clicks.push({ ...state });
    }
    expect(clicks).toEqual([
      { orderBy: 'mass', descending: false },
      { orderBy: 'mass', descending: true },
      { orderBy: null, descending: false },
      { orderBy: 'mass', descending: false },
    ]);
    // Another column starts ascending.
    expect(nextSort({ orderBy: 'mass', descending: true }, 'bill')).toEqual({
      orderBy: 'bill',
      descending: false,
    });
  });
});

describe('columns of a wide table', () => {
  const names = ['label', 'px0', 'px1', 'px10', 'px2', 'note'];

  it('finds columns by text (anywhere, any case) or by pattern (* and ?, anchored)', () => {
    expect(names.filter((n) => matchesColumn(n, 'PX1'))).toEqual(['px1', 'px10']);
    expect(names.filter((n) => matchesColumn(n, 'px*'))).toEqual(['px0', 'px1', 'px10', 'px2']);
    expect(names.filter((n) => matchesColumn(n, 'px?'))).toEqual(['px0', 'px1', 'px2']);
    expect(names.filter((n) => matchesColumn(n, '*e*'))).toEqual(['label', 'note']);
    expect(names.filter((n) => matchesColumn(n, ''))).toEqual(names);
    // Regular-expression characters are literal.
    expect(matchesColumn('a.b', 'a.b')).toBe(true);
    expect(matchesColumn('axb', 'a.b*')).toBe(false);
  });

  it('shows pinned columns first, then the others not hidden that match the search', () => {
    expect(
      shownColumns(names, { hidden: ['px1'], pinned: ['note', 'gone'], search: 'px*' }),
    ).toEqual({ pinned: ['note'], scrolling: ['px0', 'px10', 'px2'] });
    // A hidden column is not shown even when pinned.
    expect(shownColumns(names, { hidden: ['note'], pinned: ['note'], search: '' })).toEqual({
      pinned: [],
      scrolling: ['label', 'px0', 'px1', 'px10', 'px2'],
    });
  });

  it('puts in the DOM only the columns in view, with a few on each side', () => {
    // 788 columns of 132 px, 900 px of view scrolled to 13 200 px: columns 100…106.8 in view.
    expect(columnWindow(788, 13_200, 900, 132, 3)).toEqual({ first: 97, last: 110 });
    expect(columnWindow(788, 0, 900, 132, 3)).toEqual({ first: 0, last: 10 });
    expect(columnWindow(5, 0, 900, 132, 3)).toEqual({ first: 0, last: 5 });
  });
});

describe('filter conditions', () => {
  it('offers each type its operators, numbers with comparisons and between', () => {
    expect(opsFor('numeric')).toEqual([
      '=',
      '!=',
      '<',
      '<=',
      '>',
      '>=',
      'between',
      'missing',
      'present',
    ]);
    expect(opsFor('categorical')).toEqual(['contains', 'equals', '!=', 'missing', 'present']);
    expect(opsFor('boolean')).toEqual(['=', '!=', 'missing', 'present']);
    expect(newFilter('mass', 'numeric')).toEqual({
      column: 'mass',
      op: '=',
      value: '',
      value2: '',
    });
  });

  it('sends numbers as numbers, and holds back what is not one', () => {
    const draft = { column: 'mass', op: '>' as const, value: ' 50 ', value2: '' };
    expect(toRowFilter(draft, 'numeric')).toEqual({
      filter: { column: 'mass', op: '>', value: 50 },
    });
    expect(toRowFilter({ ...draft, value: '> 50' }, 'numeric')).toEqual({
      problem: 'needs-number',
    });
    expect(toRowFilter({ ...draft, value: '' }, 'numeric')).toEqual({ problem: 'needs-value' });
    expect(
      toRowFilter({ ...draft, op: 'between', value: '3', value2: '-1.5e1' }, 'numeric'),
    ).toEqual({ filter: { column: 'mass', op: 'between', value: 3, value2: -15 } });
    expect(toRowFilter({ ...draft, op: 'missing', value: '' }, 'numeric')).toEqual({
      filter: { column: 'mass', op: 'missing' },
    });
    expect(toRowFilter({ column: 'ok', op: '=', value: 'true', value2: '' }, 'boolean')).toEqual({
      filter: { column: 'ok', op: '=', value: 1 },
    });
    expect(
      toRowFilter({ column: 'isle', op: 'contains', value: 'Tor', value2: '' }, 'text'),
    ).toEqual({ filter: { column: 'isle', op: 'contains', value: 'Tor' } });
  });

  it('brings a stored condition back as it was typed', () => {
    expect(fromRowFilter({ column: 'ok', op: '=', value: 0 }, 'boolean')).toEqual({
      column: 'ok',
      op: '=',
      value: 'false',
      value2: '',
    });
    expect(fromRowFilter({ column: 'm', op: 'between', value: 1, value2: 2.5 }, 'numeric')).toEqual(
      { column: 'm', op: 'between', value: '1', value2: '2.5' },
    );
  });
});

describe('pixel columns as images', () => {
  it('recognises px0…px783 (784 = 28 × 28 grey) and pixel1…pixel784', () => {
    const columns = [numeric('label'), ...Array.from({ length: 784 }, (_, i) => numeric(`px${i}`))];
    const found = findPixelColumns(columns);
    expect(found?.prefix).toBe('px');
    expect(found?.columns).toHaveLength(784);
    expect(found?.columns.slice(0, 3)).toEqual(['px0', 'px1', 'px2']);
    expect(found?.grid).toBeNull();
    expect(candidateShapes(784)[0]).toEqual({ width: 28, height: 28, channels: 1 });
    const oneBased = Array.from({ length: 16 }, (_, i) => numeric(`pixel${i + 1}`));
    expect(findPixelColumns(oneBased)?.columns[15]).toBe('pixel16');
  });

  it('orders px{r}_{c} row by row and reads its grid from the names', () => {
    const columns: ColumnInfo[] = [];
    // Listed column by column on purpose: the image order is row by row.
    for (let c = 0; c < 5; c++) for (let r = 0; r < 4; r++) columns.push(numeric(`px${r}_${c}`));
    const found = findPixelColumns(columns);
    expect(found?.grid).toEqual({ height: 4, width: 5 });
    expect(found?.columns.slice(0, 6)).toEqual([
      'px0_0',
      'px0_1',
      'px0_2',
      'px0_3',
      'px0_4',
      'px1_0',
    ]);
  });

  it('ignores too few or gapped columns', () => {
    expect(findPixelColumns([numeric('x1'), numeric('x2')])).toBeNull();
    const gapped = Array.from({ length: 20 }, (_, i) => numeric(`v${i === 5 ? 99 : i}`));
    expect(findPixelColumns(gapped)).toBeNull();
  });

  it('offers square grey, then square RGB shapes', () => {
    expect(candidateShapes(3072).slice(0, 1)).toEqual([{ width: 32, height: 32, channels: 3 }]);
    expect(candidateShapes(12)).toEqual([
      { width: 2, height: 2, channels: 3 },
      { width: 4, height: 3, channels: 1 },
      { width: 6, height: 2, channels: 1 },
    ]);
  });

  it('scales values from the columns’ range to 0–255, grey to RGB, missing transparent', () => {
    const image = { columns: ['a', 'b'], width: 2, height: 1, channels: 1 as const };
    expect(
      pixelRange(image, [numeric('a', 0, 10), numeric('b', -10, 5), numeric('c', 99, 100)]),
    ).toEqual([-10, 10]);
    // (0 − (−10)) · 255 / 20 = 127.5 → 128 (clamped arrays round half to even: 128).
    expect(Array.from(toRgba([0, null], 2, 1, -10, 10))).toEqual([128, 128, 128, 255, 0, 0, 0, 0]);
    expect(Array.from(toRgba([0, 5, 10], 1, 3, 0, 10))).toEqual([0, 128, 255, 255]);
  });
});

describe('the route in the URL', () => {
  it('reads and writes #/view?dataset=id, ignoring what is not one', () => {
    expect(parseRoute('#/train?dataset=3')).toEqual({ view: 'train', datasetId: 3 });
    expect(parseRoute('#/compare')).toEqual({ view: 'compare', datasetId: null });
    expect(parseRoute('')).toEqual({ view: null, datasetId: null });
    expect(parseRoute('#/Train?dataset=-1')).toEqual({ view: null, datasetId: null });
    expect(parseRoute('#/data?dataset=x')).toEqual({ view: 'data', datasetId: null });
    expect(formatRoute({ view: 'train', datasetId: 3 })).toBe('#/train?dataset=3');
    expect(formatRoute({ view: 'projects', datasetId: null })).toBe('#/projects');
  });
});
