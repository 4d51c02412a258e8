/**
 * A row-index note ("looks like a row index … and is ignored") holds only while the
 * column's role is 'ignore' (shared/columnNotes.ts columnNoteHolds): the CLI's `columns` note
 * lines and the studio's column panel leave it out once the role is another. Other notes
 * (why a column was not read as numbers) hold under any role. Expected lines written by hand.
 */
import { describe, expect, it } from 'vitest';
import { columnNoteLines } from '../../src/main/cli/commands/datasets';
import { columnNoteHolds } from '../../src/shared/columnNotes';
import type { ColumnRole } from '../../src/shared/domain';

const indexNote = {
  note: 'looks like a row index (0…5, one per row) and is ignored; set its role to input (--role <column>=input) to use it',
  noteReason: { kind: 'rowIndex', min: 0, max: 5, rows: 6 } as const,
};
const commaNote = {
  note: 'numbers written with a decimal comma ("0,5"); import with the decimal-comma option (--decimal-comma) to read them as numbers',
  noteReason: { kind: 'decimalComma', example: { text: '0,5' } } as const,
};

describe('a row-index note follows the role', () => {
  it('holds while ignored only; other notes under any role', () => {
    for (const role of ['input', 'ignore', 'target'] as ColumnRole[]) {
      expect(columnNoteHolds({ role, profile: indexNote })).toBe(role === 'ignore');
      expect(columnNoteHolds({ role, profile: commaNote })).toBe(true);
      expect(columnNoteHolds({ role, profile: {} })).toBe(false);
    }
    // Typed as a ColumnRole, not any string: a misspelt role is a compile error (checked by
    // tsc -p tsconfig.node.json, which includes test/; an unused @ts-expect-error fails it).
    // @ts-expect-error 'ignored' is no ColumnRole
    expect(columnNoteHolds({ role: 'ignored', profile: indexNote })).toBe(false);
  });

  it('the CLI prints it only while the column is ignored', () => {
    const columns = (role: ColumnRole) => [
      { name: 'Unnamed: 0', role, profile: indexNote },
      { name: 'w', role: 'input' as ColumnRole, profile: commaNote },
    ];
    const commaLine = `note: column 'w': ${commaNote.note}`;
    // The stored note (as a project imported before the note named its column stored it,
    // with `<column>`) is worded again from its reason, with the column's name quoted and
    // the command for the project and dataset.
    expect(
      columnNoteLines({ id: 2, columns: columns('ignore') } as never, '/tmp/my runs/p.mtlproj'),
    ).toEqual([
      "note: column 'Unnamed: 0': looks like a row index (0…5, one per row) and is ignored; " +
        "set its role to input (mtl-studio columns -p '/tmp/my runs/p.mtlproj' -d 2 " +
        "--role 'Unnamed: 0'=input) to use it",
      commaLine,
    ]);
    expect(columnNoteLines({ id: 2, columns: columns('input') } as never, 'p.mtlproj')).toEqual([
      commaLine,
    ]);
  });
});
