export interface Account {
  id: string;
  /** Absolute path, exactly as the user gave it: Claude Code hashes this string on macOS. */
  dir: string;
  label?: string;
  email?: string;
}

/** An account as ctk uses it: registered, or the implicit default ~/.claude. */
export interface ResolvedAccount extends Account {
  /** True for the implicit `default` account used when nothing is registered. */
  implicit: boolean;
}
