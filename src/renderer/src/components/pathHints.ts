/**
 * Placeholders of path fields drawn from the open project, so they fit it: beside
 * `/data/cards.mtlproj`, an export reads `/data/cards-model`, not a made-up
 * `/home/me/penguins-model` (a new user saw penguins in an image project).
 */

/**
 * A path in the open project's folder, named after the project.
 * @param projectPath the project file's path ('/', '\\' or both as separators), or
 *   undefined when none is open
 * @param name the file or folder name, from the project's name without `.mtlproj`
 *   (e.g. `(stem) => `${stem}-model``)
 * @returns e.g. `/data/cards-model` for `/data/cards.mtlproj`; without a project, the
 *   name for the stem `project` alone (no folder)
 */
export function besideProject(
  projectPath: string | undefined,
  name: (stem: string) => string,
): string {
  if (!projectPath) return name('project');
  const cut = Math.max(projectPath.lastIndexOf('/'), projectPath.lastIndexOf('\\'));
  const folder = projectPath.slice(0, cut + 1);
  const file = projectPath.slice(cut + 1);
  const stem = file.replace(/\.mtlproj$/i, '') || 'project';
  return folder + name(stem);
}
