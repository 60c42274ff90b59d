// The shells ctk integrates with, and which one a user most likely runs.

export const SHELLS = ['bash', 'zsh', 'fish', 'pwsh'] as const;
export type Shell = (typeof SHELLS)[number];

const ALIASES: Record<string, Shell> = {
  bash: 'bash',
  sh: 'bash',
  zsh: 'zsh',
  fish: 'fish',
  pwsh: 'pwsh',
  powershell: 'pwsh',
};

/** "bash", "powershell.exe", "/usr/bin/zsh" → the shell, or null when ctk does not know it. */
export function parseShell(name: string): Shell | null {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.exe$/i, '').toLowerCase();
  return ALIASES[base] ?? null;
}

/**
 * The shell to print for when none was named: PowerShell on Windows, else the login shell
 * from $SHELL, else bash (its syntax is what sh-like shells understand).
 */
export function detectShell(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Shell {
  if (platform === 'win32') return 'pwsh';
  const fromEnv = env.SHELL ? parseShell(env.SHELL) : null;
  return fromEnv ?? 'bash';
}
