/**
 * Colours for the task stream: one per task name (key prefix), as Dask's task-stream plot colours
 * tasks by `key_split`. The names whose tasks took the most time get the 20 distinct colours of a
 * categorical palette first; any further ones get hues spread by the golden angle, so they still
 * differ.
 *
 * Reference: Tableau 20 (https://www.tableau.com/about/blog/2016/7/colors-upgrade-tableau-10-56782);
 * dask/diagnostics/profile_visualize.py (`plot_tasks`).
 */

const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#a0cbe8',
  '#ffbe7d',
  '#ff9d9a',
  '#86bcb6',
  '#8cd17d',
  '#f1ce63',
  '#d4a6c8',
  '#fabfd2',
  '#d7b5a6',
  '#79706e',
];

/**
 * A colour for each name, in the order given (put the most important first).
 *
 * @example
 * taskColors(['inc', 'add']).get('inc'); // '#4e79a7'
 */
export function taskColors(names: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  for (const name of names) {
    if (colors.has(name)) continue;
    const i = colors.size;
    colors.set(name, i < PALETTE.length ? PALETTE[i] : `hsl(${Math.round((i * 137.508) % 360)}, 55%, 60%)`);
  }
  return colors;
}
