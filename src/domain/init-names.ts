// The names `ctk init` defines, from one prefix (`--cmd`, as zoxide has): c, ct, ct-all and
// ct-refresh by default; `--cmd x` gives x, xt, xt-all and xt-refresh.

export const DEFAULT_PREFIX = 'c';

/** A prefix every shell accepts as (the start of) a function name. */
export const PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,23}$/;

export interface InitNames {
  /** Switch this shell to an account (no id: the picker). */
  switch: string;
  /** Token status of one account (the current one without an id). */
  status: string;
  /** Token status of every account. */
  all: string;
  /** Refresh one account (the current one without an id). */
  refresh: string;
}

export function initNames(prefix: string = DEFAULT_PREFIX): InitNames {
  return { switch: prefix, status: `${prefix}t`, all: `${prefix}t-all`, refresh: `${prefix}t-refresh` };
}

/** Every name, in the order the script defines them. */
export function allNames(n: InitNames): string[] {
  return [n.switch, n.status, n.all, n.refresh];
}

/** The names whose first argument is an account id (completion offers ids there). */
export function idTakingNames(n: InitNames): string[] {
  return [n.switch, n.status, n.refresh];
}

/** Why a --cmd value cannot be used, or null. */
export function prefixProblem(prefix: string): string | null {
  if (PREFIX_PATTERN.test(prefix)) return null;
  return `--cmd "${prefix}" is not a usable name (letters, digits and _, starting with a letter or _, at most 24)`;
}

/** What changes the text `ctk init <shell>` prints (recorded with a --write file). */
export interface InitOptions {
  /** Prefix of the function names (default c). */
  cmd?: string;
  /** false: leave out tab completion (and zsh's hint when compinit never ran). */
  completion?: boolean;
}

/** `ctk init <shell>` plus the options that change what it prints, as a user would type it. */
export function initCommandLine(shell: string, opts: InitOptions): string {
  const words = ['ctk', 'init', shell];
  if (opts.cmd && opts.cmd !== DEFAULT_PREFIX) words.push('--cmd', opts.cmd);
  if (opts.completion === false) words.push('--no-completion');
  return words.join(' ');
}
