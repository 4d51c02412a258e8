/**
 * The Train form's Auto fields (found by a new user: "Auto budget (seconds)" and "Hyperband
 * brackets" showed in a larger font than every other label, in both languages). The form's
 * labels are styled as `.field > span:first-child` (styles.css: 12 px, muted); these two were
 * bare text in a bare <label>. Checked on the component's template as written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'vue/compiler-sfc';

/** Vue's template AST node kinds used here (@vue/compiler-core's NodeTypes). */
const ELEMENT = 1;
const TEXT = 2;
const COMMENT = 3;
const ATTRIBUTE = 6;

/** The parts of a template AST node read here. */
interface TemplateNode {
  type: number;
  tag?: string;
  content?: string;
  children?: TemplateNode[];
  props?: { type: number; name: string; value?: { content: string } }[];
}

/** The <label> elements under `nodes`, depth first. */
function labels(nodes: readonly TemplateNode[]): TemplateNode[] {
  const found: TemplateNode[] = [];
  for (const node of nodes) {
    if (node.type !== ELEMENT) continue;
    if (node.tag === 'label') found.push(node);
    found.push(...labels(node.children ?? []));
  }
  return found;
}

describe('the Auto search form’s labels', () => {
  it('are .field labels whose text is their first <span>, like the form’s others', () => {
    const file = join(__dirname, '../../src/renderer/src/components/AutoSearchForm.vue');
    const { descriptor } = parse(readFileSync(file, 'utf8'));
    const found = labels(descriptor.template!.ast!.children as unknown as TemplateNode[]);
    expect(found).toHaveLength(2);
    for (const label of found) {
      const cls = label.props?.find((p) => p.type === ATTRIBUTE && p.name === 'class');
      expect(cls?.value?.content).toBe('field');
      const first = label.children?.find(
        (c) => c.type !== COMMENT && !(c.type === TEXT && !c.content?.trim()),
      );
      expect(first?.type).toBe(ELEMENT);
      expect(first?.tag).toBe('span');
    }
  });
});
