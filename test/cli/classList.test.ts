/**
 * `--classes COLUMN=a,b,c` and `--new TASK=a,b,c` read their list as one CSV record. Found by
 * a new user on income_marketing.csv: OCCUPATION has the class "Student, HS or College", and
 * `--classes` split it in two, then refused the order as missing that very class. Expected
 * lists written by hand from the CSV quoting rule (RFC 4180: quotes around a field, "" inside).
 */
import { describe, expect, it } from 'vitest';
import { classListOption } from '../../src/main/cli/commands/tasks';
import { splitClassList } from '../../src/shared/classList';

describe('splitClassList', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['"Student, HS or College",Retired', ['Student, HS or College', 'Retired']],
    ['Retired, "Student, HS or College"', ['Retired', 'Student, HS or College']],
    ['"say ""hi""",b', ['say "hi"', 'b']],
    ['a "b" c,d', ['a "b" c', 'd']],
    // An empty class is returned as '' (the CLI refuses it, the Tasks view drops it).
    ['a, ,b', ['a', '', 'b']],
    // A new user's `--classes 'job=Retired, Student'`: spaces around a class are dropped …
    ['Retired, Student', ['Retired', 'Student']],
    [' a ,\tb\t', ['a', 'b']],
    // … but kept inside quotes.
    ['" a ",b', [' a ', 'b']],
  ])('%s', (text, classes) => {
    expect(splitClassList(text)).toEqual(classes);
  });

  it('names the character of a quote that never closes, or of text after a closing quote', () => {
    expect(() => splitClassList('a,"b, c')).toThrow(/quote at character 3 .* never closes/);
    expect(() => splitClassList('"a"b,c')).toThrow(/character 4 .* follows a closing quote/);
  });

  it('--classes / --new refuse an empty class, naming its number', () => {
    expect(classListOption('Retired, Student')).toEqual(['Retired', 'Student']);
    expect(() => classListOption('a,,b')).toThrow(/class 2 of "a,,b" is empty/);
    expect(() => classListOption('a, ,b')).toThrow(/class 2 of "a, ,b" is empty/);
    expect(() => classListOption('a,b,')).toThrow(/class 3 of "a,b," is empty/);
    expect(() => classListOption('"",b')).toThrow(/class 1 of .*,b" is empty/);
    // `--new x=`: the task is named, not `class 1 of ""` (found by a new user).
    expect(() => classListOption('', { kind: 'task', name: 'x', flag: '--new' })).toThrow(
      'task "x" has no class; write its classes after "=", e.g. --new x=a,b.',
    );
  });
});
