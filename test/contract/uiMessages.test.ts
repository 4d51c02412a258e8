/**
 * The renderer's messages, from Node: every key the sources name in the English messages,
 * every English key in zh-CN, plural forms rather than "(s)", and the method descriptions in
 * the UI language.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { i18n, MESSAGES } from '../../src/renderer/src/i18n';
import { methodDescription } from '../../src/renderer/src/components/methodLabels';
import { METHOD_NAMES } from '../../src/shared/methodNames';
import { keyUses, sourceFiles, type KeyUse } from './messageKeys';

/** Every leaf key of a message tree ("a.b.c"). */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** The node of a message tree at a dotted path, or undefined. */
function messageAt(tree: object, path: string): unknown {
  let node: unknown = tree;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * The uses whose key the English messages lack: a whole key must be a message (a string); a
 * template's key ("train.autoPhase.${phase}") must have its fixed head up to the last dot
 * ("train.autoPhase") a group of messages. A template that starts with `${` is skipped.
 */
function unknownKeys(uses: KeyUse[]): string[] {
  return uses
    .filter(({ key, dynamic }) => {
      if (!dynamic) return typeof messageAt(MESSAGES.en, key) !== 'string';
      const head = key.slice(0, key.lastIndexOf('.'));
      return head !== '' && typeof messageAt(MESSAGES.en, head) !== 'object';
    })
    .map(({ file, line, key }) => `${file}:${line} ${key}`);
}

describe('message keys of the sources', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const uses = sourceFiles(`${root}src/renderer/src`).flatMap((file) =>
    keyUses(file.slice(root.length), readFileSync(file, 'utf8')),
  );

  it('finds every key the renderer names in the English messages', () => {
    // "predict.confidence" (the confidence cell's tooltip) showed as itself: only the two
    // languages' keys were compared, never the sources' keys with the messages.
    expect(uses.length).toBeGreaterThan(900);
    expect(uses.some((u) => u.key === 'predict.confidence')).toBe(true);
    expect(unknownKeys(uses)).toEqual([]);
  });

  it('reads the keys of calls, ternaries, templates, keypaths and notices', () => {
    const source = [
      `<span :title="t('predict.nope')">{{ $t('predict.sortHint') }}</span>`,
      `<I18nT keypath="app.nope" tag="span" />`,
      "const a = t(done ? 'train.nope' : 'predict.sortHint', { n: f(1, 2) }, 2);",
      'const b = i18n.global.t(`nope.${kind}`) + t(`${prefix}.x`) + t(`predict.colours.${c}`);',
      "notify({ key: 'projects.nope', params: {} }); store({ key: 'mtl-studio.locale' });",
      "const c = format('predict.nope2') + item.t('predict.nope3');",
    ].join('\n');
    expect(unknownKeys(keyUses('x.vue', source))).toEqual([
      'x.vue:1 predict.nope',
      'x.vue:3 train.nope',
      'x.vue:4 nope.',
      'x.vue:2 app.nope',
      'x.vue:5 projects.nope',
    ]);
  });
});

describe('messages', () => {
  const { t } = i18n.global;

  it('has every English key in zh-CN', () => {
    const zh = new Set(keys(MESSAGES['zh-CN']));
    expect(keys(MESSAGES.en).filter((k) => !zh.has(k))).toEqual([]);
  });

  it('writes English plurals as forms, not "(s)"', () => {
    expect(keys(MESSAGES.en).filter((k) => /\(s\)/.test(String(t(k))))).toEqual([]);
    expect(t('tasks.warnings.MISSING_LABELS', { count: 1 }, 1)).toBe(
      '1 row lacks a label; it trains the other tasks only.',
    );
    expect(t('tasks.warnings.MISSING_LABELS', { count: 11 }, 11)).toBe(
      '11 rows lack a label; they train the other tasks only.',
    );
    expect(t('tasks.defineButton', { n: 1 }, 1)).toBe('Define 1 task');
    expect(t('tasks.defineButton', { n: 3 }, 3)).toBe('Define 3 tasks');
    expect(t('data.rowsCount', { n: '60,000' }, 60000)).toBe('60,000 rows');
    expect(t('data.rowsCount', { n: '1' }, 1)).toBe('1 row');
  });

  it('words counted notices in the English form their count needs', () => {
    // Expected sentences written by hand; the count is passed as the views pass it.
    expect(t('data.chooser.more', { n: 1 }, 1)).toBe(
      '1 more column matches: refine the search to list it.',
    );
    expect(t('data.chooser.more', { n: 4 }, 4)).toBe(
      '4 more columns match: refine the search to list them.',
    );
    expect(t('tasks.moreColumns', { n: 1 }, 1)).toBe('1 more column: find it with the search.');
    expect(t('labels.moreFields', { n: 1 }, 1)).toBe('1 more field');
    expect(t('labels.moreFields', { n: 2 }, 2)).toBe('2 more fields');
    expect(t('labels.files.moreConflicts', { n: 1 }, 1)).toBe('… and 1 more conflict.');
    expect(t('images.import.done', { name: 'cards', n: '1' }, 1)).toBe(
      'Imported “cards”: 1 image.',
    );
    expect(t('images.import.done', { name: 'cards', n: '1,200' }, 1200)).toBe(
      'Imported “cards”: 1,200 images.',
    );
    expect(t('train.smallTestSplit', { task: 'size', n: 1, min: 10 }, 1)).toMatch(
      /^“size”: the test split scores it on 1 labelled test row, fewer than 10;/,
    );
    expect(t('train.cvChosen', { n: 1 }, 1)).toMatch(/^1 labelled row: cross-validation/);
    const folds = { task: 'size', method: 'MMoE', folds: 5, min: 10, fewest: 3 };
    expect(t('compare.cv.smallTestFolds', { ...folds, small: 1 }, 1)).toMatch(
      /^“size” in MMoE: 1 of 5 folds scores it on fewer than 10 labelled test rows \(on 3\);/,
    );
    expect(t('compare.cv.smallTestFolds', { ...folds, small: 2 }, 2)).toMatch(
      /2 of 5 folds score it on fewer than 10 labelled test rows \(the smallest on 3\);/,
    );
    expect(t('tasks.warnings.NO_LABELS', { count: 1 }, 1)).toBe(
      'No row is labelled yet (1 row): label it in the Label view before training.',
    );
  });

  it('uses the one form of zh-CN whatever the count', () => {
    i18n.global.locale.value = 'zh-CN';
    try {
      expect(t('data.rowsCount', { n: '1' }, 1)).toBe('1 行');
      expect(t('data.rowsCount', { n: '344' }, 344)).toBe('344 行');
      expect(t('tasks.defineButton', { n: 2 }, 2)).toBe('定义 2 个任务');
    } finally {
      i18n.global.locale.value = 'en';
    }
  });

  it('describes every method and its reference in the UI language', () => {
    const cjk = /[\u4e00-\u9fff]/;
    for (const name of Object.keys(METHOD_NAMES.en)) {
      const en = methodDescription(name);
      expect(en, name).toMatch(/^[^\u4e00-\u9fff]+ — [^\u4e00-\u9fff]+$/);
      // A GUI form names no CLI flag (the registry's static text did: --task-weight).
      expect(en, name).not.toMatch(/--/);
      i18n.global.locale.value = 'zh-CN';
      try {
        const zh = methodDescription(name, { description: 'English', reference: 'English' });
        const [description, reference] = zh!.split(' — ');
        expect(description, name).toMatch(cjk);
        expect(reference, name).toBeTruthy();
        expect(zh, name).not.toContain('English');
        // Every word of the reference is a name, a venue or a year, or Chinese
        // ("Baseline of", "et al.", "hard parameter sharing" were English).
        expect(reference, name).not.toMatch(/\b(of|et al|sharing|networks|weighting|sum)\b/i);
      } finally {
        i18n.global.locale.value = 'en';
      }
    }
    i18n.global.locale.value = 'zh-CN';
    try {
      expect(methodDescription('mmoe')).toBe(
        '共享专家，由每个任务的 softmax 门控组合（见专家数、专家层）。 — Ma 等，KDD 2018（MMoE）',
      );
      // A method the messages do not know yet shows the registry's text.
      expect(methodDescription('future', { description: 'New.', reference: 'X, 2030' })).toBe(
        'New. — X, 2030',
      );
    } finally {
      i18n.global.locale.value = 'en';
    }
  });

  it('translates the Dropout label', () => {
    expect(MESSAGES['zh-CN'].train.fields.dropout).toMatch(/[\u4e00-\u9fff]/);
  });
});
