/**
 * `predict --dataset N` with options that only say how to read a CSV file. Found by a new
 * user: `--encoding cp1252` with --dataset was silently ignored. Refused as a usage error,
 * as --keep-columns with --dataset is, before any project is opened (the project named here
 * does not exist, so an answer about it would mean the options were not checked first).
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cli } from './run';

const project = join(tmpdir(), 'mtl-no-such-project-for-dataset-options.mtlproj');

describe('predict --dataset with file-reading options', () => {
  it('refuses --encoding and --delimiter, naming them', async () => {
    const base = ['predict', '-p', project, '--run', '1', '--dataset', '1'];
    const encoding = await cli(...base, '--encoding', 'cp1252');
    expect(encoding.code).toBe(1);
    expect(encoding.stderr).toContain(
      "--encoding applies only to reading a CSV file, and --dataset's rows were read at its import: leave it out, or give a CSV file instead of --dataset.",
    );
    const both = await cli(...base, '--encoding', 'cp1252', '--delimiter', ';');
    expect(both.stderr).toContain(
      "--encoding and --delimiter apply only to reading a CSV file, and --dataset's rows were read at its import: leave them out,",
    );
    expect(both.stdout).toBe('');
  }, 60_000);

  it('says in --help that the predictions CSV is UTF-8 without a byte-order mark', async () => {
    // predictionCsv.ts writes strings through Buffer.write(…, 'utf8') and writes no U+FEFF.
    const help = await cli('predict', '--help');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'predictions CSV, written as UTF-8 without a byte-order mark',
    );
  });
});
