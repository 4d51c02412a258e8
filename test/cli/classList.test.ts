/**
 * `--classes COLUMN=a,b,c` and `--new TASK=a,b,c` read their list as one CSV record. Found by
 * a new user on income_marketing.csv: OCCUPATION has the class "Student, HS or College", and
 * `--classes` split it in two, then refused the order as missing that very class. Expected
 * lists written by hand from the CSV quoting rule (RFC 4180: quotes around a field, "" inside).
 */
import { describe, expect, it } from 'vitest';
import { splitClassList } from '../../src/shared/classList';

describe('splitClassList', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['"Student, HS or College",Retired', ['Student, HS or College', 'Retired']],
    ['Retired, "Student, HS or College"', ['Retired', 'Student, HS or College']],
    ['"say ""hi""",b', ['say "hi"', 'b']],
    ['a,,b', ['a', '', 'b']],
    ['a "b" c,d', ['a "b" c', 'd']],
  ])('%s', (text, classes) => {
    expect(splitClassList(text)).toEqual(classes);
  });

  it('names the character of a quote that never closes, or of text after a closing quote', () => {
    expect(() => splitClassList('a,"b, c')).toThrow(/quote at character 3 .* never closes/);
    expect(() => splitClassList('"a"b,c')).toThrow(/character 4 .* follows a closing quote/);
  });
});
