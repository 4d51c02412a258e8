/**
 * The wizard's size text: a fresh user saw "49 images (0.0 MB)" for 23 KB of images.
 */
import { describe, expect, it } from 'vitest';
import { byteSizeText } from '../../src/renderer/src/byteSize';

describe('byteSizeText', () => {
  it('shows KB below 1 MB and MB from 1 MB, one decimal (values by hand)', () => {
    // 23 456 B / 1000 = 23.456 -> 23.5 KB; 999 949 B -> 999.9 KB; 999 999 B would be
    // "1000.0 KB", so 0.999999 -> 1.0 MB; 47 040 000 B / 1e6 = 47.04 -> 47.0 MB.
    expect(byteSizeText(0)).toBe('0.0 KB');
    expect(byteSizeText(23456)).toBe('23.5 KB');
    expect(byteSizeText(999_949)).toBe('999.9 KB');
    expect(byteSizeText(999_999)).toBe('1.0 MB');
    expect(byteSizeText(1_000_000)).toBe('1.0 MB');
    expect(byteSizeText(47_040_000)).toBe('47.0 MB');
  });
});
