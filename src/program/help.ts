// Help text wraps at word boundaries to the terminal (80 columns when piped), never mid-word.
import { terminalWidth, wrapBlock } from '../ui/wrap.js';

/** For commander's addHelpText: the text, wrapped when the help is printed. */
export function wrapped(text: string): () => string {
  return () => wrapBlock(text, terminalWidth());
}
