// Which `claude` to run: CTK_CLAUDE_BIN, else the claudeBin setting, else `claude` on PATH.
import { readRegistry, settingValue, type RegistrySnapshot } from '../accounts/registry-file.js';

export function claudeBin(env: NodeJS.ProcessEnv = process.env, registry?: RegistrySnapshot): string {
  if (env.CTK_CLAUDE_BIN) return env.CTK_CLAUDE_BIN;
  const configured = settingValue<string>(registry ?? readRegistry(env), 'claudeBin');
  return configured || 'claude';
}
