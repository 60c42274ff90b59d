// The menu behind an empty line: the actions that make sense now, type to filter (an
// @inquirer/prompts search; its select has no filter). Esc or Ctrl-C goes back to the prompt.
import type { MenuItem } from '../domain/assistant.js';
import type { AccountStatus } from '../domain/account.js';

async function withEscape<T>(ask: (signal: AbortSignal) => Promise<T>): Promise<T | null> {
  const controller = new AbortController();
  // Esc arrives as a lone escape key once readline's escape-sequence timeout has passed.
  const onKey = (_s: string, key: { name?: string } | undefined) => {
    if (key?.name === 'escape') controller.abort();
  };
  process.stdin.on('keypress', onKey);
  try {
    return await ask(controller.signal);
  } catch (err: any) {
    if (['AbortPromptError', 'ExitPromptError', 'CancelPromptError'].includes(err?.name)) return null;
    throw err;
  } finally {
    process.stdin.off('keypress', onKey);
  }
}

/** The chosen item, or null when the menu was left with Esc or Ctrl-C. */
export async function chooseAction(items: MenuItem[]): Promise<MenuItem | null> {
  const { search } = await import('@inquirer/prompts');
  const choices = items.map((item, i) => ({ value: i, name: item.name, description: item.description }));
  const chosen = await withEscape((signal) =>
    search<number>(
      {
        message: 'What now? (type to filter; Esc goes back)',
        source: async (term) => {
          const t = (term ?? '').toLowerCase();
          return choices.filter((ch) => !t || ch.name.toLowerCase().includes(t) || ch.description.toLowerCase().includes(t));
        },
        pageSize: Math.min(12, items.length),
      },
      { signal, clearPromptOnDone: false },
    ),
  );
  return chosen === null ? null : items[chosen];
}

/** An account for `run` or the shell switch, through ctk's picker; null when cancelled. */
export async function chooseAccount(rows: AccountStatus[], message: string): Promise<string | null> {
  const { pickAccount, PickCancelled } = await import('../ui/picker.js');
  try {
    return await pickAccount({ rows, message });
  } catch (err) {
    if (err instanceof PickCancelled) return null;
    throw err;
  }
}
