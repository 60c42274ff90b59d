// The assistant: a header that says what matters now, then a prompt (ctk› ) that takes any ctk
// command line without "ctk". Commands run through the built CLI itself (./runner.ts), so there
// is one parser and one implementation; the assistant adds completion, history, the menu behind
// an empty line, and a header that follows what the commands change.
import { completionSpec, type CompletionSpec } from '../shell/spec.js';
import { completeWord } from '../shell/line-complete.js';
import { menuItems, splitLine, suggestions, type MenuItem } from '../domain/assistant.js';
import { printable } from '../domain/text.js';
import { reportError } from '../util/report-error.js';
import { SIGNAL_EXIT } from '../util/signals.js';
import { colors, type Colors } from '../ui/colors.js';
import { terminalWidth, wrapText } from '../ui/wrap.js';
import { PROMPT, renderCounts, renderGreeting, renderHeader, renderHelp } from '../ui/assistant-view.js';
import { historyPath, loadHistory, remember } from './history.js';
import { readLine, type Completer } from './prompt.js';
import { runCtk } from './runner.js';
import { readState, type AccountsState } from './state.js';
import { chooseAccount, chooseAction } from './menu.js';

const BUILTINS = ['clear', 'exit', 'quit'];
const YES = /^(|y|yes)$/i;
const NO = /^(n|no)$/i;

type Outcome = 'continue' | 'exit';

function commonPrefix(words: string[]): string {
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

class Session {
  private state: AccountsState = readState();
  /** The command tree, read once the header is out (commander is not needed to draw it). */
  private spec: CompletionSpec | null = null;
  private readonly specLoaded = import('../program/index.js').then((m) => (this.spec = completionSpec(m.buildProgram())));
  private readonly historyFile = historyPath();
  private readonly history = loadHistory(this.historyFile);
  private readonly c: Colors = colors();
  /** 0, or 128+n when a SIGHUP or SIGTERM ended the session during a command. */
  private exitCode = 0;

  private say(lines: string | string[]): void {
    process.stdout.write([lines].flat().join('\n') + '\n');
  }

  readonly complete: Completer = (line) => {
    const partial = /\S*$/.exec(line)![0];
    let words: string[];
    try {
      words = splitLine(line.slice(0, line.length - partial.length));
    } catch {
      return [[], partial];
    }
    if (words[0] === 'ctk') words = words.slice(1);
    let hits = this.spec ? completeWord(this.spec, this.state.ids, words, partial) : [];
    if (words.length === 0) hits = [...hits, ...BUILTINS.filter((b) => b.startsWith(partial))];
    // One answer: finish the word, as a shell does. Several that share nothing more: the bell, as
    // in bash; readline lists them on the second Tab.
    if (hits.length === 1 && !hits[0].endsWith(',')) hits = [hits[0] + ' '];
    else if (hits.length > 1 && commonPrefix(hits) === partial) process.stdout.write('\x07');
    return [hits, partial];
  };

  /** Runs a ctk command line, then notes what changed in the counts. */
  private async run(args: string[]): Promise<Outcome> {
    const before = renderCounts(this.state, this.c);
    const result = await runCtk(args);
    if (result.leave) {
      this.exitCode = SIGNAL_EXIT[result.leave] ?? 130;
      return 'exit';
    }
    this.state = readState();
    const after = renderCounts(this.state, this.c);
    if (after !== before) this.say(`${this.c.dim('Now:')} ${after}`);
    return 'continue';
  }

  /**
   * The one or two things that matter now, each asked as a [Y/n] question. An answer that is
   * neither yes nor no is taken as a command line, and the questions end there.
   */
  private async askSuggestions(): Promise<Outcome> {
    for (const s of suggestions(this.state.rows, this.state.warningHours, this.state.loginWarningDays)) {
      const lines = wrapText(`${s.text} [Y/n]`, terminalWidth(), '');
      if (lines.length > 1) this.say(lines.slice(0, -1));
      const answer = await readLine({ prompt: lines[lines.length - 1] + ' ' });
      if (answer.kind === 'end') return 'exit';
      if (answer.kind === 'interrupt' || NO.test(answer.line.trim())) continue;
      if (!YES.test(answer.line.trim())) return this.line(answer.line);
      this.say(this.c.dim(`${PROMPT}${s.args.join(' ')}`));
      if ((await this.run(s.args)) === 'exit') return 'exit';
    }
    return 'continue';
  }

  private async menu(): Promise<Outcome> {
    const item = await chooseAction(menuItems(this.state.rows, this.state.warningHours));
    if (!item) return 'continue';
    return this.act(item);
  }

  private async act(item: MenuItem): Promise<Outcome> {
    if (item.exit) return 'exit';
    if (item.args) {
      this.say(this.c.dim(`${PROMPT}${item.args.join(' ')}`));
      return this.run(item.args);
    }
    const message = item.pick === 'run' ? 'Start Claude Code in which account? (type to filter; Esc goes back)' : 'Switch your shell to which account? (type to filter; Esc goes back)';
    const id = await chooseAccount(this.state.rows, message);
    if (id === null) return 'continue';
    if (item.pick === 'run') return this.run(['run', id]);
    this.sayShellSwitch(id);
    return 'continue';
  }

  private sayShellSwitch(id: string | undefined): void {
    const cmd = `c ${id ?? '<id>'}`;
    this.say([
      `To switch your shell, type in it:  ${this.c.bold(printable(cmd))}`,
      ...wrapText('(a command started from the assistant cannot change the shell that started it; leave with exit, or use another terminal. c comes from ctk init.)', terminalWidth()).map((l) => this.c.dim(l)),
    ]);
  }

  private async builtin(words: string[]): Promise<Outcome | null> {
    const [verb, ...rest] = words;
    if (verb === 'exit' || verb === 'quit') return 'exit';
    if (verb === 'clear') {
      process.stdout.write('\x1b[2J\x1b[3J\x1b[H');
      return 'continue';
    }
    if (verb === 'help' && rest.length === 0) {
      const spec = await this.specLoaded;
      this.say(renderHelp(spec.root.commands.filter((x) => x.name !== 'help'), this.c));
      return 'continue';
    }
    if (verb === 'c') {
      this.sayShellSwitch(rest[0]);
      return 'continue';
    }
    if (verb === 'shell') {
      this.say('ctk: this is the assistant already (exit leaves it)');
      return 'continue';
    }
    return null;
  }

  async line(text: string): Promise<Outcome> {
    const line = text.trim();
    if (line === '') return this.menu();
    let words: string[];
    try {
      words = splitLine(line);
    } catch (err: any) {
      this.say(`ctk: ${err.message}`);
      return 'continue';
    }
    if (words[0] === 'ctk') words = words.slice(1);
    if (!remember(this.historyFile, this.history, line)) this.say(this.c.yellow('ctk: that line looks like it holds a token; it is not kept in the history'));
    if (words.length === 0) return this.menu();
    return (await this.builtin(words)) ?? this.run(words);
  }

  async start(): Promise<number> {
    this.say(renderHeader(this.state, this.c));
    if ((await this.askSuggestions()) === 'exit') return this.exitCode;
    this.say(renderGreeting(this.c));
    for (;;) {
      const r = await readLine({ prompt: PROMPT, history: this.history, completer: this.complete });
      if (r.kind === 'end') return 0;
      if (r.kind === 'interrupt') continue;
      try {
        if ((await this.line(r.line)) === 'exit') return this.exitCode;
      } catch (err) {
        // The assistant's own failure (the menu, the picker): one line, and the prompt comes back.
        reportError(err);
      }
    }
  }
}

export async function startAssistant(): Promise<number> {
  // Commands run as children: they see --no-color as NO_COLOR.
  if (process.argv.includes('--no-color')) process.env.NO_COLOR = '1';
  return new Session().start();
}
