/**
 * The Auto trial table and the runs table in Simplified Chinese: a new user saw "28.5 s"
 * and class weights "balanced"/"none" in English. Expected texts are the zh-CN strings of
 * src/renderer/src/i18n (common.seconds, train.values), written out by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { secondsText } from '../../src/renderer/src/durationText';
import { valueLabel } from '../../src/renderer/src/components/methodLabels';
import { i18n } from '../../src/renderer/src/i18n';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('durations and class weights in the UI language', () => {
  it('writes seconds with one decimal and the unit of the language', () => {
    i18n.global.locale.value = 'en';
    expect(secondsText(28.46)).toBe('28.5 s');
    expect(secondsText(0)).toBe('0.0 s');
    i18n.global.locale.value = 'zh-CN';
    expect(secondsText(28.46)).toBe('28.5 秒');
  });

  it('names the class weights of a trial in Chinese', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(valueLabel('balanced')).toBe('平衡');
    expect(valueLabel('none')).toBe('无');
    i18n.global.locale.value = 'en';
    expect(valueLabel('balanced')).toBe('Balanced');
  });
});
