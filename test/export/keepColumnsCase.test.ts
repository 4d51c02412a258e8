/**
 * `--keep-columns` case: found by a new user, `--keep-columns ŞEHİR` got no did-you-mean for
 * the file's "şehir" (JavaScript's toLowerCase maps İ to "i̇", i plus U+0307, per Unicode's
 * SpecialCasing.txt), and `--keep-columns ALL` was refused as an unknown column.
 */
import { describe, expect, it } from 'vitest';
import { keptColumns, similarColumns } from '../../src/main/export/predictCsv';

describe('keep-columns names and case', () => {
  it('suggests a Turkish name that differs only in (Turkish) case', () => {
    expect('ŞEHİR'.toLowerCase()).not.toBe('şehir'); // why the second try is needed
    expect(similarColumns(['ŞEHİR'], ['şehir', 'renk'])).toEqual([
      { column: 'ŞEHİR', header: 'şehir' },
    ]);
    expect(similarColumns(['ırmak'], ['IRMAK'])).toEqual([{ column: 'ırmak', header: 'IRMAK' }]);
    // Plain case still matches as before; unrelated names do not.
    expect(similarColumns(['city'], ['CITY'])).toEqual([{ column: 'city', header: 'CITY' }]);
    expect(similarColumns(['town'], ['şehir'])).toEqual([]);
    expect(() => keptColumns('f.csv', ['şehir', 'renk'], null, ['ŞEHİR'])).toThrow(
      'Did you mean "şehir" for "ŞEHİR"?',
    );
  });

  it('reads ALL in any case as the keyword, unless a column is named so', () => {
    const header = ['a', 'id', 'b'];
    for (const all of ['ALL', 'All']) {
      expect(keptColumns('f.csv', header, 'id', [all]).map((k) => k.name)).toEqual(['a', 'b']);
    }
    // A file with a column literally named "ALL" keeps that column only.
    expect(keptColumns('f.csv', ['ALL', 'b'], null, ['ALL'])).toEqual([{ name: 'ALL', at: 0 }]);
    // Beside other names it is a name, refused when the file lacks it.
    expect(() => keptColumns('f.csv', header, 'id', ['ALL', 'a'])).toThrow(
      'f.csv has no column "ALL" to keep',
    );
  });
});
