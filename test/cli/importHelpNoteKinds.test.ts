/**
 * `import --help` lists every kind of column note that `--json` notes may carry (found by a
 * new user: `pointDecimal` was missing). The kinds, by hand from ColumnNoteReason
 * (src/shared/columnNotes.ts).
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run';

const KINDS = [
  'rowIndex',
  'decimalComma',
  'thousandsComma',
  'mostlyNumeric',
  'thousandsDot',
  'dotThousands',
  'pointDecimal',
  'constant',
];

describe('import --help', () => {
  it('lists every column-note kind', async () => {
    const help = await cli('import', '--help');
    expect(help.code).toBe(0);
    const notes = help.stdout.slice(help.stdout.indexOf('[{ column, kind, note }]'));
    for (const kind of KINDS) expect(notes).toMatch(new RegExp(`\\n\\s+${kind}\\s`));
    expect(notes).toContain('pointDecimal   with --decimal-comma, decimal points (1.5)');
  });
});
