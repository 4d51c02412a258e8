/**
 * Table borders on a printed page, read from the page's pixels (poppler's `pdftoppm -gray`
 * writes binary PGM, "P5", parsed here). A table's horizontal rules are found as long runs
 * of light-grey pixels; a rule that starts at a vertical line (the table's left border)
 * must also end at one (its right border). A table clipped at the page's text area lost
 * that right border: its rules and header shading ran up to the clip with nothing closing
 * them.
 */

/** An 8-bit greyscale image: `pixels[y * width + x]`, 0 black to 255 white. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * Parses a binary PGM (P5, maxval 255) as pdftoppm -gray writes it.
 * @throws Error naming what is wrong when the bytes are not such a PGM.
 */
export function parsePgm(bytes: Uint8Array): GreyImage {
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (i < bytes.length && /\s/.test(String.fromCharCode(bytes[i]))) i++;
    let field = '';
    while (i < bytes.length && !/\s/.test(String.fromCharCode(bytes[i]))) {
      field += String.fromCharCode(bytes[i++]);
    }
    if (field === '') throw new Error('PGM: header ends early');
    fields.push(field);
  }
  const [magic, w, h, maxval] = fields;
  if (magic !== 'P5' || maxval !== '255') {
    throw new Error(`PGM: expected P5 with maxval 255, got ${magic} with maxval ${maxval}`);
  }
  const width = Number(w);
  const height = Number(h);
  const pixels = bytes.subarray(i + 1, i + 1 + width * height);
  if (pixels.length !== width * height) {
    throw new Error(`PGM: ${pixels.length} pixels for ${width}×${height}`);
  }
  return { width, height, pixels };
}

/** A horizontal rule: its row and first and last column, in pixels. */
export interface Rule {
  y: number;
  x0: number;
  x1: number;
}

/** Pixels darker than this are ink (the report's #d6dbe4 borders print as about 218). */
const INK = 235;

/**
 * The horizontal rules of table borders on a page: runs of at least `minLength` pixels in
 * one row, all ink but none dark (text and the blue heading rule are darker than 190).
 * @returns the rules that start at a vertical line (one reaching `reach` pixels up or down
 *   from the rule within 2 columns of its start), each with whether it ends at one too.
 */
export function tableRules(
  image: GreyImage,
  minLength: number,
  reach: number,
): Array<Rule & { closed: boolean }> {
  const { width, height, pixels } = image;
  const at = (x: number, y: number): number => pixels[y * width + x];
  const vertical = (x: number, y: number): boolean => {
    const line = (dy: number): boolean => {
      for (let k = 1; k <= reach; k++) {
        const yy = y + dy * k;
        if (yy < 0 || yy >= height || at(x, yy) >= INK) return false;
      }
      return true;
    };
    return line(1) || line(-1);
  };
  const near = (x: number, y: number, dir: 1 | -1): boolean =>
    [0, 1, 2].some((d) => {
      const xx = x + dir * d;
      return xx >= 0 && xx < width && vertical(xx, y);
    });
  const rules: Array<Rule & { closed: boolean }> = [];
  for (let y = 0; y < height; y++) {
    let x = 0;
    while (x < width) {
      if (at(x, y) >= INK) {
        x++;
        continue;
      }
      const x0 = x;
      let dark = false;
      while (x < width && at(x, y) < INK) {
        if (at(x, y) < 190) dark = true;
        x++;
      }
      const x1 = x - 1;
      if (!dark && x1 - x0 + 1 >= minLength && near(x0, y, 1)) {
        rules.push({ y, x0, x1, closed: near(x1, y, -1) });
      }
    }
  }
  return rules;
}
