/**
 * The header badge says paused runs as paused. Found by a new user: "1 training" while the
 * only run was paused. Expected texts are the ones the report asks for, counted by hand.
 */
import { describe, expect, it } from 'vitest';
import { runningBadgeText } from '../../src/renderer/src/runningBadge';
import { i18n } from '../../src/renderer/src/i18n';

const t = (key: string, params: Record<string, unknown>) => i18n.global.t(key, params);

describe('the running badge', () => {
  it('says paused, training, or both, in en and zh-CN', () => {
    i18n.global.locale.value = 'en';
    expect(runningBadgeText([3], new Set([3]), t)).toBe('1 paused');
    expect(runningBadgeText([3], new Set(), t)).toBe('1 training');
    expect(runningBadgeText([3, 4], new Set([4, 9]), t)).toBe('1 training, 1 paused');
    expect(runningBadgeText([], new Set([4]), t)).toBe('');
    i18n.global.locale.value = 'zh-CN';
    expect(runningBadgeText([3], new Set([3]), t)).toBe('1 个已暂停');
    expect(runningBadgeText([3, 4], new Set([4]), t)).toBe('1 个训练中，1 个已暂停');
    i18n.global.locale.value = 'en';
  });
});
