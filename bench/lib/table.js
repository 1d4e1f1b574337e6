/**
 * Markdown tables, aligned for the terminal: `formatTable({ title, columns, rows, notes })`.
 *
 * Columns are `{ title, align: 'left' | 'right' }`; rows are arrays of strings. Widths count code
 * points, so `µ`, `×` and `–` line up. The output is valid GitHub Markdown and reads well as plain text.
 */

const width = (s) => [...s].length;

function pad(s, w, align) {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'right' ? fill + s : s + fill;
}

/** Render one table (title line, header, separator, rows, then notes as a list). */
export function formatTable({ title, columns, rows, notes = [] }) {
  const widths = columns.map((c, i) =>
    Math.max(width(c.title), 3, ...rows.map((r) => width(String(r[i] ?? '')))),
  );
  const line = (cells) =>
    `| ${cells.map((c, i) => pad(String(c ?? ''), widths[i], columns[i].align)).join(' | ')} |`;
  const sep = `| ${widths.map((w, i) => (columns[i].align === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  const out = [];
  if (title) out.push(`### ${title}`, '');
  out.push(line(columns.map((c) => c.title)), sep, ...rows.map(line));
  if (notes.length > 0) out.push('', ...notes.map((n) => `- ${n}`));
  return out.join('\n');
}
