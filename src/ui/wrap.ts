// Text for people wraps at word boundaries, never mid-word, to the terminal's width (80 when
// it is not a terminal).

export function terminalWidth(stream: { columns?: number; isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  if (stream.isTTY && stream.columns && stream.columns > 20) return stream.columns;
  return Number.isInteger(fromEnv) && fromEnv > 20 ? fromEnv : 80;
}

/** Wraps one paragraph; `indent` prefixes the continuation lines. A word longer than a line stays whole. */
export function wrapText(text: string, width = 80, indent = ''): string[] {
  const words = text.split(/ +/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && (cur + ' ' + w).length > width) {
      lines.push(cur);
      cur = indent + w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** How wide a table may be: the terminal's width, COLUMNS, or unlimited when piped (nothing cut). */
export function tableWidth(stream: { columns?: number; isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  if (stream.isTTY && stream.columns && stream.columns > 20) return stream.columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 20 ? fromEnv : Infinity;
}

/**
 * Help and prose blocks wrapped at word boundaries: a long line continues under its own text
 * (after its indentation, or after the gap of an "example   explanation" line).
 */
export function wrapBlock(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (line.length <= width) return [line];
      const gap = /^( *\S.*\S {2,})(\S.*)$/.exec(line);
      if (gap && gap[1].length < width / 2) {
        const [first, ...rest] = wrapText(gap[2], width - gap[1].length);
        return [gap[1] + first, ...rest.map((l) => ' '.repeat(gap[1].length) + l)];
      }
      const lead = /^ */.exec(line)![0].length;
      return wrapText(line.trimStart(), width - lead, '  ').map((l) => ' '.repeat(lead) + l);
    })
    .join('\n');
}
