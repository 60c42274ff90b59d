// What completion needs to know about the command line, read off the commander tree, so
// commands added anywhere in src/program.ts appear in every shell without extra work.
import type { Argument, Command, Option } from 'commander';
import { SETTINGS } from '../domain/settings.js';

/** What to offer for a value: registered account ids, fixed words, file names or nothing. */
export type ValueKind =
  | { kind: 'accounts' }
  | { kind: 'choices'; choices: string[] }
  | { kind: 'path' }
  | { kind: 'text' };

export interface OptionSpec {
  short?: string;
  long?: string;
  description: string;
  /** null for a flag; what its value is otherwise. */
  value: ValueKind | null;
  /** e.g. "h" of `--warning-hours <h>`, for messages. */
  valueName?: string;
}

export interface ArgSpec {
  name: string;
  variadic: boolean;
  value: ValueKind;
}

export interface CommandSpec {
  name: string;
  /** ['accounts', 'list'] */
  path: string[];
  description: string;
  options: OptionSpec[];
  args: ArgSpec[];
  commands: CommandSpec[];
}

export interface CompletionSpec {
  root: CommandSpec;
  /** Options accepted after any command (commander reads program options everywhere). */
  globalOptions: OptionSpec[];
}

/** Commands whose `<id>` names a new account, so existing ids are the wrong thing to offer. */
const NEW_ID_COMMANDS = new Set(['accounts add', 'accounts import']);
const ACCOUNT_ARG = /^(id|ids|account|accounts)$/;
const PATH_VALUE = /(path|dir|file|folder)/i;
const HELP: OptionSpec = { short: '-h', long: '--help', description: 'show help', value: null };

function optionValue(opt: Option): { value: ValueKind | null; valueName?: string } {
  if (!opt.required && !opt.optional) return { value: null };
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(opt.flags)?.[1]?.replace(/\.\.\.$/, '');
  if (opt.argChoices?.length) return { value: { kind: 'choices', choices: [...opt.argChoices] }, valueName };
  if (valueName && (PATH_VALUE.test(valueName) || opt.long === '--dir')) return { value: { kind: 'path' }, valueName };
  if (valueName && ACCOUNT_ARG.test(valueName)) return { value: { kind: 'accounts' }, valueName };
  return { value: { kind: 'text' }, valueName };
}

function optionSpec(opt: Option): OptionSpec {
  return {
    ...(opt.short ? { short: opt.short } : {}),
    ...(opt.long ? { long: opt.long } : {}),
    description: opt.description ?? '',
    ...optionValue(opt),
  };
}

function argValue(arg: Argument, path: string[]): ValueKind {
  const name = arg.name();
  if (arg.argChoices?.length) return { kind: 'choices', choices: [...arg.argChoices] };
  if (ACCOUNT_ARG.test(name) && !NEW_ID_COMMANDS.has(path.join(' '))) return { kind: 'accounts' };
  if (name === 'key' && path[0] === 'config') return { kind: 'choices', choices: SETTINGS.map((s) => s.key) };
  // `run <id> [claude-args...]`: arguments for another program complete as files, as by default.
  if (PATH_VALUE.test(name) || (arg.variadic && /(^|-)args$/.test(name))) return { kind: 'path' };
  return { kind: 'text' };
}

const visible = (o: { hidden?: boolean }) => !o.hidden;
const isHidden = (c: Command) => Boolean((c as unknown as { _hidden?: boolean })._hidden);

function commandSpec(cmd: Command, path: string[], isRoot: boolean): CommandSpec {
  const commands = cmd.commands.filter((c) => !isHidden(c)).map((c) => commandSpec(c, [...path, c.name()], false));
  if (commands.length > 0) {
    // commander adds `help [command]` to every command that has subcommands.
    commands.push({
      name: 'help',
      path: [...path, 'help'],
      description: 'show help for a command',
      options: [],
      args: [{ name: 'command', variadic: false, value: { kind: 'choices', choices: commands.map((c) => c.name) } }],
      commands: [],
    });
  }
  return {
    name: cmd.name(),
    path,
    description: cmd.description(),
    options: isRoot ? [] : cmd.options.filter(visible).map(optionSpec),
    args: cmd.registeredArguments.map((a) => ({ name: a.name(), variadic: a.variadic, value: argValue(a, path) })),
    commands,
  };
}

export function completionSpec(program: Command): CompletionSpec {
  return {
    root: commandSpec(program, [], true),
    globalOptions: [...program.options.filter(visible).map(optionSpec), HELP],
  };
}

/** Every command in the tree, parents before children. */
export function allCommands(spec: CompletionSpec): CommandSpec[] {
  const out: CommandSpec[] = [];
  const walk = (c: CommandSpec) => {
    out.push(c);
    c.commands.forEach(walk);
  };
  walk(spec.root);
  return out;
}

/** The spellings of an option: ['-w', '--warning-hours']. */
export function optionNames(o: OptionSpec): string[] {
  return [o.short, o.long].filter((x): x is string => Boolean(x));
}

/** One line of description, for shells that show them. */
export function shortDescription(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 100 ? line.slice(0, 99) + '…' : line;
}
