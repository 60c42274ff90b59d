// The routine's two questions: which accounts to refresh, and what to do after Ctrl-C during a
// login. @inquirer/prompts loads only when one is asked.
import { queueAnswer, queuePrompt, skipOrStopPrompt } from '../../domain/routine-text.js';
import type { Colors } from '../../ui/colors.js';
import { queueChoiceLabel } from '../../ui/routine-view.js';
import type { QueuedAccount } from './queued-account.js';

/** The ids the user kept ticked, or null when the checkbox was cancelled. */
export async function askQueue(queue: QueuedAccount[], output: NodeJS.WriteStream, c: Colors): Promise<string[] | null> {
  const { checkbox } = await import('@inquirer/prompts');
  const width = Math.max(...queue.map((a) => a.id.length));
  try {
    return await checkbox(
      {
        message: queuePrompt(queue.length),
        choices: queue.map((a) => ({
          value: a.id,
          name: queueChoiceLabel({ ...a.status, label: a.account.label ?? null }, a.method, width, c, Date.now()),
          short: a.id,
          checked: true,
        })),
        pageSize: Math.min(queue.length, 20),
        loop: false,
        theme: { style: { renderSelectedChoices: (chosen: { short: string }[]) => queueAnswer(chosen.map((x) => x.short), queue.length) } },
      },
      { output },
    );
  } catch (err: unknown) {
    const name = (err as { name?: string } | null)?.name;
    if (name !== 'ExitPromptError' && name !== 'AbortPromptError') throw err;
    return null;
  }
}

export async function askSkipOrStop(id: string, output: NodeJS.WriteStream): Promise<'skip' | 'stop'> {
  const { select } = await import('@inquirer/prompts');
  const text = skipOrStopPrompt(id);
  try {
    return await select<'skip' | 'stop'>(
      {
        message: text.message,
        choices: [
          { name: text.skip, value: 'skip' },
          { name: text.stop, value: 'stop' },
        ],
      },
      { output },
    );
  } catch {
    return 'stop';
  }
}
