// The one table look ctk uses everywhere: no borders, bold headings, one space of padding.
import Table from 'cli-table3';
import type { Colors } from './colors.js';

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

export function plainTable(head: string[], c: Colors, extra: Partial<Table.TableConstructorOptions> = {}): Table.Table {
  return new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    chars: BORDERLESS,
    ...extra,
  });
}
