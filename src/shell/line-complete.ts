// Tab completion of one typed command line (the assistant's prompt), from the same spec as the
// shell completion scripts: commands, subcommands, flags, flag values and account ids.
import type { ArgSpec, CommandSpec, CompletionSpec, OptionSpec, ValueKind } from './spec.js';
import { optionNames } from './spec.js';

function findOption(cmd: CommandSpec, spec: CompletionSpec, word: string): OptionSpec | undefined {
  const name = word.split('=')[0];
  return [...cmd.options, ...spec.globalOptions].find((o) => optionNames(o).includes(name));
}

function valueWords(value: ValueKind, ids: string[], partial: string): string[] {
  if (value.kind === 'choices') return value.choices;
  if (value.kind !== 'accounts') return [];
  // Lists and ranges: "4,1" completes the id after the last comma.
  const head = partial.slice(0, partial.lastIndexOf(',') + 1);
  return ids.map((id) => head + id);
}

function argAt(args: ArgSpec[], index: number): ArgSpec | undefined {
  if (index < args.length) return args[index];
  const last = args[args.length - 1];
  return last?.variadic ? last : undefined;
}

/**
 * The words that may replace `partial` (the word under the cursor) after `words` (those before
 * it, without "ctk"). `ids` are the registered account ids, in their order.
 */
export function completeWord(spec: CompletionSpec, ids: string[], words: string[], partial: string): string[] {
  let cmd = spec.root;
  let pendingValue: OptionSpec | null = null;
  let afterDashes = false;
  const positional: string[] = [];
  for (const w of words) {
    if (pendingValue) {
      pendingValue = null;
    } else if (w === '--') {
      afterDashes = true;
    } else if (w.startsWith('-') && !afterDashes) {
      const o = findOption(cmd, spec, w);
      if (o?.value && !w.includes('=')) pendingValue = o;
    } else {
      const sub = positional.length === 0 ? cmd.commands.find((c) => c.name === w) : undefined;
      if (sub) cmd = sub;
      else positional.push(w);
    }
  }
  let candidates: string[];
  if (pendingValue) candidates = valueWords(pendingValue.value!, ids, partial);
  else if (partial.startsWith('-') && !afterDashes) candidates = [...cmd.options, ...spec.globalOptions].flatMap((o) => (o.long ? [o.long] : optionNames(o)));
  else if (cmd.commands.length > 0 && positional.length === 0) candidates = cmd.commands.map((c) => c.name);
  else {
    const arg = argAt(cmd.args, positional.length);
    candidates = arg && !afterDashes ? valueWords(arg.value, ids, partial) : [];
  }
  return [...new Set(candidates)].filter((c) => c.startsWith(partial));
}
