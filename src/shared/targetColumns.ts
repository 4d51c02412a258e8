/**
 * Columns marked as a target that no task uses (found by a new user: `import penguins.csv
 * --role species=target`, then `tasks --add island` only): such a column is neither an input
 * (its role says target) nor a task, so training silently leaves it out (the exported
 * metadata listed 11 features without species). The CLI's `train` and the Train view warn
 * with these names. Nothing here imports Node or Electron (the renderer compiles it).
 */
import type { ColumnRole } from './datasets';

/**
 * The columns whose role is 'target' and that no task of the dataset has as its target column,
 * in column order.
 * @param columns the dataset's columns (name and role), in order
 * @param tasks the dataset's tasks (their target columns)
 */
export function targetsWithoutTask(
  columns: readonly { name: string; role: ColumnRole }[],
  tasks: readonly { targetColumn: string }[],
): string[] {
  const used = new Set(tasks.map((t) => t.targetColumn));
  return columns.filter((c) => c.role === 'target' && !used.has(c.name)).map((c) => c.name);
}
