/**
 * Shortening a long name in the middle, for class names that differ only at their end (two
 * 123-character folder names ending "…A" and "…B"): cut at the end, as CSS text-overflow
 * does, they look the same; cut in the middle they keep their start and their last
 * characters. Counted in code points, so an emoji or a CJK character outside the BMP is
 * never split.
 */

/** The ellipsis put in place of the middle. */
export const MIDDLE_ELLIPSIS = '…';

/**
 * `text` at most `max` characters long: unchanged when it fits, else its start, "…" and its
 * last `tail` characters ("Ankle boot with a very long … name, part B" style).
 * @param text the whole name
 * @param max the most characters (code points) returned, ellipsis included; at least 3
 * @param tail characters kept from the end (default 12, at most half of what the ellipsis
 *   leaves, so the start keeps at least as many)
 * @returns the shortened text (its whole form belongs in a title)
 * @throws RangeError when max is below 3 or not an integer
 */
export function middleEllipsis(text: string, max: number, tail = 12): string {
  if (!Number.isInteger(max) || max < 3) {
    throw new RangeError(`middleEllipsis: max must be an integer of at least 3, got ${max}`);
  }
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const kept = max - MIDDLE_ELLIPSIS.length;
  const end = Math.max(1, Math.min(tail, Math.floor(kept / 2)));
  const start = kept - end;
  return (
    chars.slice(0, start).join('') + MIDDLE_ELLIPSIS + chars.slice(chars.length - end).join('')
  );
}
