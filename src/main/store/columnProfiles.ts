/**
 * Keeps the stored profile of a column (`columns.profile`: missing count, distinct count,
 * top categories, numeric summary) in step with its cells when labels change them, inside
 * the label write's own transaction (store/labels.ts), so the Data view and the report
 * never show the profile of the cells as imported next to labels written since.
 *
 * Incremental where that is exact: a categorical or boolean column whose profile lists
 * every one of its values (at most TOP_CATEGORIES distinct, none shortened, counts adding
 * up to the rows), or a numeric one whose histogram has one bin per integer value (at
 * most INTEGER_BINS_MAX values: class codes 0…9), has its complete value counts in the
 * profile, so each change moves one count from the old value to the new one. A
 * categorical column with more values than the profile lists (its TOP_CATEGORIES most
 * frequent) of fewer than DISTINCT_CAP values (where the import's `distinct` and list are
 * exact) is adjusted too when the changes only move counts between missing and listed
 * values and leave every listed value that lost rows still above the smallest listed count
 * (the common labelling of missing cells with frequent classes): values not listed are then
 * untouched and stay below every listed one, so the list keeps the same values and
 * `distinct` holds. Otherwise (a value not listed written or replaced, a listed one falling
 * to where an unlisted one might pass it, equal-width bins) that one column is profiled
 * again from its stored cells: value counts by one SQL GROUP BY for categorical and boolean
 * columns, a pass of {@link ColumnStats} for numeric ones. Either way the result equals
 * {@link profileOfCells} of the column's cells (below DISTINCT_CAP distinct values, where
 * the import's distinct count is exact too; an adjusted numeric mean and std up to
 * floating-point rounding, see adjustedNumeric).
 *
 * Not adjusted, because the profile does not hold enough to be exact: a numeric column with
 * equal-width bins (values that are not all integers, or more than INTEGER_BINS_MAX of
 * them). Its distinct count (is a written value new?), its bin edges (cut between min and
 * max, which move when the last row at either end changes — how many rows sit there is
 * not kept) and so its bin counts would need the cells; it is read again in one pass.
 * Likewise a categorical column with more values than listed, for a change to or from an
 * unlisted value (its count is not kept: it may enter the list, or leave `distinct`).
 *
 * What the import alone knew (its note on the source file's lines, an image column's file
 * statistics, a boolean column's spelling) is kept as it was.
 *
 * Projects labelled before profiles followed labels are repaired once, when opened for
 * writing ({@link repairLabelledProfiles}).
 */
import type { ColumnProfile, ColumnType } from '../../shared/domain';
import { cellGrammar, trimCell } from '../data/cellValues';
import {
  ColumnStats,
  DISTINCT_CAP,
  PROFILE_VALUE_CHARS,
  TOP_CATEGORIES,
  buildProfile,
  countKey,
  integerBinsOfCounts,
  topCounts,
} from '../data/profile';
import type { Database, SqlExecutor } from './database';
import { cellColumn, columnsOf, requireDataset, rowsTable, type CellValue } from './datasetTables';
import { fromJson, toJson } from './sqlCodec';

/** Stored cells are already parsed: only a NULL (fed as '') is missing. */
const STORED_GRAMMAR = cellGrammar({ missingTokens: [''] });

/** One changed cell of a column: its stored value before and after. */
export interface CellChange {
  column: string;
  oldValue: CellValue;
  newValue: CellValue;
}

/**
 * The fields of a profile only the import knows (kept when the cells change): the note, the
 * image statistics, and a boolean column's spelling (its stored cells are 1/0).
 */
function importOnly(profile: ColumnProfile): Partial<ColumnProfile> {
  const kept: Partial<ColumnProfile> = {};
  if (profile.note !== undefined) kept.note = profile.note;
  if (profile.noteReason !== undefined) kept.noteReason = profile.noteReason;
  if (profile.image !== undefined) kept.image = profile.image;
  if (profile.booleanNames !== undefined) kept.booleanNames = profile.booleanNames;
  if (profile.decimalComma !== undefined) kept.decimalComma = profile.decimalComma;
  return kept;
}

/** The text a stored cell is profiled as ('' for a missing one, read as missing). */
function cellText(value: CellValue, type: ColumnType): string {
  if (value === null) return '';
  if (type === 'boolean') return value === 1 ? 'true' : 'false';
  return String(value);
}

/**
 * The profile of a column of `type` computed from scratch from its stored cells (NULL =
 * missing; boolean cells 1/0), as the import would build it from the same values; the
 * import-only fields (note, noteReason, image) of `previous` are kept.
 * @param cells every cell of the column, in any order
 */
export function profileOfCells(
  type: ColumnType,
  cells: Iterable<CellValue>,
  previous: ColumnProfile,
): ColumnProfile {
  const stats = new ColumnStats(STORED_GRAMMAR);
  for (const value of cells) stats.add(cellText(value, type));
  return { ...buildProfile(stats, type), ...importOnly(previous) };
}

/**
 * The profile of a categorical or boolean column from its complete value counts (key:
 * {@link countKey} of the value's text, 'true'/'false' for booleans), as
 * {@link buildProfile} makes it; the import-only fields of `previous` are kept.
 */
function profileOfCounts(
  counts: Map<string, number>,
  missing: number,
  previous: ColumnProfile,
  distinct = counts.size,
): ColumnProfile {
  return {
    missing,
    distinct,
    numeric: null,
    topCategories: topCounts(counts, TOP_CATEGORIES),
    ...importOnly(previous),
  };
}

/**
 * The count key of a stored categorical/boolean value whose count a complete profile lists
 * under its own text, or undefined when it has none (missing) and null when the profile's
 * counts cannot take it exactly (a long text, one with spaces around it).
 */
function listedKey(value: CellValue, type: ColumnType): string | null | undefined {
  if (value === null) return undefined;
  if (type === 'boolean') return value === 1 ? 'true' : value === 0 ? 'false' : null;
  const text = String(value);
  if (text === '' || text.length > PROFILE_VALUE_CHARS || trimCell(text) !== text) return null;
  return text;
}

/**
 * The profile after `changes`, adjusted from `profile` alone, or null when that cannot be
 * exact (see the module comment: a value the profile does not list written or replaced, a
 * listed one that might fall behind an unlisted one, equal-width numeric bins, a value the
 * listed counts cannot hold).
 * @param rowCount rows of the dataset (a complete profile's counts and missing add up to it)
 */
export function adjustedProfile(
  type: ColumnType,
  profile: ColumnProfile,
  rowCount: number,
  changes: readonly Pick<CellChange, 'oldValue' | 'newValue'>[],
): ColumnProfile | null {
  if (type === 'numeric') return adjustedNumeric(profile, rowCount, changes);
  if (type !== 'categorical' && type !== 'boolean') return null;
  const listed = profile.topCategories;
  if (!listed || listed.length === 0) return null;
  // Every value listed, or the TOP_CATEGORIES most frequent of more (a categorical column).
  const complete = listed.length === profile.distinct;
  if (!complete && (type !== 'categorical' || listed.length !== TOP_CATEGORIES)) return null;
  if (!complete && profile.distinct <= listed.length) return null;
  // At DISTINCT_CAP values or more the import's profile is not exact: `distinct` is an
  // estimate and its list ranks only the values seen before the cap (profile.ts).
  if (!complete && profile.distinct >= DISTINCT_CAP) return null;
  const counts = new Map<string, number>();
  let total = profile.missing;
  for (const { value, count } of listed) {
    if (type === 'categorical' && listedKey(value, type) !== value) return null;
    counts.set(value, count);
    total += count;
  }
  // Complete: the counts and missing add up to the rows; else each unlisted value has a row.
  if (complete ? total !== rowCount : total + profile.distinct - listed.length > rowCount) {
    return null;
  }
  // Listed by count, then by value: the last is the smallest count an unlisted value can have.
  const smallest = listed[listed.length - 1].count;
  const listedCounts = new Map(counts);
  let missing = profile.missing;
  for (const change of changes) {
    const before = listedKey(change.oldValue, type);
    const after = listedKey(change.newValue, type);
    if (before === null || after === null) return null;
    // An unlisted value's count is not in the profile: profile the column again.
    if (!complete && [before, after].some((k) => k !== undefined && !listedCounts.has(k))) {
      return null;
    }
    if (before === undefined) missing--;
    else {
      const n = (counts.get(before) ?? 0) - 1;
      if (n < 0) return null; // the profile disagrees with the cells: profile them again
      if (n === 0) counts.delete(before);
      else counts.set(before, n);
    }
    if (after === undefined) missing++;
    else counts.set(after, (counts.get(after) ?? 0) + 1);
  }
  if (missing < 0) return null;
  if (complete) return profileOfCounts(counts, missing, profile);
  // A listed value that lost rows must stay above every unlisted one (count ≤ smallest).
  for (const [value, count] of listedCounts) {
    const now = counts.get(value) ?? 0;
    if (now < count && now <= smallest) return null;
  }
  return profileOfCounts(counts, missing, profile, profile.distinct);
}

/**
 * {@link adjustedProfile} of a numeric column: exact when its histogram has one bin per
 * integer value (see integerBins: [v − 0.5, v + 0.5], the count of rows equal to v), which
 * then holds every value's count. Min, max, distinct and bins are exact; mean and sample
 * std come from the counts (Σ v·c / n, exact for integers below 2^53, and Σ c·(v − mean)²),
 * equal to the import's one-pass (Welford) values up to floating-point rounding.
 */
function adjustedNumeric(
  profile: ColumnProfile,
  rowCount: number,
  changes: readonly Pick<CellChange, 'oldValue' | 'newValue'>[],
): ColumnProfile | null {
  const counts = new Map<number, number>();
  let present = 0;
  const numeric = profile.numeric;
  if (numeric) {
    const bins = numeric.histogram;
    if (bins.length === 0) return null;
    // Integer bins start half a unit below the minimum (equal-width ones start at it).
    if (numeric.min !== bins[0].lo + 0.5 || numeric.max !== bins[bins.length - 1].hi - 0.5) {
      return null;
    }
    for (const bin of bins) {
      const value = bin.lo + 0.5;
      if (bin.hi - bin.lo !== 1 || !Number.isSafeInteger(value)) return null;
      if (bin.count > 0) counts.set(value, bin.count);
      present += bin.count;
    }
    if (counts.size !== profile.distinct) return null;
  } else if (profile.distinct !== 0) return null;
  if (present + profile.missing !== rowCount) return null;
  let missing = profile.missing;
  for (const { oldValue, newValue } of changes) {
    if (oldValue === null) missing--;
    else {
      const n = typeof oldValue === 'number' ? (counts.get(oldValue) ?? 0) - 1 : -1;
      if (n < 0) return null; // not a count the profile holds: profile the column again
      if (n === 0) counts.delete(oldValue as number);
      else counts.set(oldValue as number, n);
    }
    if (newValue === null) missing++;
    else if (typeof newValue === 'number' && Number.isSafeInteger(newValue)) {
      counts.set(newValue, (counts.get(newValue) ?? 0) + 1);
    } else return null;
  }
  if (missing < 0) return null;
  if (counts.size === 0) {
    return { missing, distinct: 0, numeric: null, topCategories: null, ...importOnly(profile) };
  }
  const histogram = integerBinsOfCounts(counts);
  if (!histogram) return null;
  let n = 0;
  let sum = 0;
  for (const [value, count] of counts) {
    n += count;
    sum += value * count;
  }
  const mean = sum / n;
  let m2 = 0;
  for (const [value, count] of counts) m2 += count * (value - mean) ** 2;
  const values = [...counts.keys()];
  return {
    missing,
    distinct: counts.size,
    numeric: {
      min: Math.min(...values),
      max: Math.max(...values),
      mean,
      std: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0,
      histogram,
    },
    topCategories: null,
    ...importOnly(profile),
  };
}

/**
 * The profile of one column profiled again from its stored cells (inside `tx`): value
 * counts by SQL GROUP BY for a categorical or boolean column, every cell through
 * {@link ColumnStats} otherwise.
 */
async function reprofiledColumn(
  tx: SqlExecutor,
  datasetId: number,
  position: number,
  type: ColumnType,
  previous: ColumnProfile,
): Promise<ColumnProfile> {
  const cell = cellColumn(position);
  const table = rowsTable(datasetId);
  if (type === 'categorical' || type === 'boolean') {
    const groups = await tx.all<{ v: CellValue; n: number }>(
      `SELECT ${cell} AS v, COUNT(*) AS n FROM ${table} GROUP BY ${cell}`,
    );
    const counts = new Map<string, number>();
    let missing = 0;
    for (const { v, n } of groups) {
      if (v === null) {
        missing += n;
        continue;
      }
      const text = trimCell(cellText(v, type));
      if (text === '') {
        missing += n;
        continue;
      }
      const key = countKey(text);
      counts.set(key, (counts.get(key) ?? 0) + n);
    }
    return profileOfCounts(counts, missing, previous);
  }
  const stats = new ColumnStats(STORED_GRAMMAR);
  await tx.each<{ v: CellValue }>(`SELECT ${cell} AS v FROM ${table}`, [], ({ v }) =>
    stats.add(cellText(v, type)),
  );
  return { ...buildProfile(stats, type), ...importOnly(previous) };
}

/**
 * Brings the stored profiles of the columns that `changes` touched in step with their
 * cells, inside the caller's transaction `tx` (the one that wrote the cells): adjusted
 * from the old → new values when exact, else that column profiled again (module comment).
 * @throws MtlError('NOT_FOUND') for an unknown dataset; SQL errors (the caller's
 *   transaction then rolls back the cells with the profiles).
 */
export async function updateColumnProfiles(
  tx: SqlExecutor,
  datasetId: number,
  changes: readonly CellChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const byColumn = new Map<string, CellChange[]>();
  for (const change of changes) {
    let list = byColumn.get(change.column);
    if (!list) byColumn.set(change.column, (list = []));
    list.push(change);
  }
  const { row_count: rowCount } = await requireDataset(tx, datasetId);
  const columns = await columnsOf(tx, datasetId);
  for (const [name, list] of byColumn) {
    const column = columns.find((c) => c.name === name);
    if (!column) continue;
    const previous = fromJson<ColumnProfile>(column.profile);
    const next =
      adjustedProfile(column.type, previous, rowCount, list) ??
      (await reprofiledColumn(tx, datasetId, column.position, column.type, previous));
    await tx.run('UPDATE columns SET profile = ? WHERE dataset_id = ? AND position = ?', [
      toJson(next),
      datasetId,
      column.position,
    ]);
  }
}

/** `project_meta` key set once the profiles of labelled columns follow their labels. */
export const PROFILES_FOLLOW_LABELS = 'profiles_follow_labels';

/**
 * Once per project file: profiles again, from their stored cells, the columns that have
 * label events — in a file labelled by an earlier MTL Studio their profiles still describe
 * the cells as imported — then marks the file (`project_meta` key
 * {@link PROFILES_FOLLOW_LABELS}), so later opens only read that key. One transaction.
 * @returns the number of columns profiled again (0 once the file is marked).
 */
export async function repairLabelledProfiles(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    const marked = await tx.get('SELECT 1 AS ok FROM project_meta WHERE key = ?', [
      PROFILES_FOLLOW_LABELS,
    ]);
    if (marked) return 0;
    const labelled = await tx.all<{ dataset_id: number; column_name: string }>(
      `SELECT DISTINCT e.dataset_id, e.column_name FROM label_events e
       JOIN datasets d ON d.id = e.dataset_id ORDER BY e.dataset_id, e.column_name`,
    );
    let repaired = 0;
    for (const datasetId of new Set(labelled.map((l) => l.dataset_id))) {
      const names = new Set(
        labelled.filter((l) => l.dataset_id === datasetId).map((l) => l.column_name),
      );
      for (const column of await columnsOf(tx, datasetId)) {
        if (!names.has(column.name)) continue;
        const previous = fromJson<ColumnProfile>(column.profile);
        const next = await reprofiledColumn(tx, datasetId, column.position, column.type, previous);
        await tx.run('UPDATE columns SET profile = ? WHERE dataset_id = ? AND position = ?', [
          toJson(next),
          datasetId,
          column.position,
        ]);
        repaired++;
      }
    }
    await tx.run('INSERT OR REPLACE INTO project_meta (key, value) VALUES (?, ?)', [
      PROFILES_FOLLOW_LABELS,
      '1',
    ]);
    return repaired;
  });
}
