// What `ctk hooks` adds to an account's settings.json and takes out again: a statusLine command
// and a SessionStart hook. Pure: a merge on the parsed object that leaves every other key, hook
// and group as it was. ctk's entries are recognised by their command (`… statusline`,
// `… hook session-start` run through ctk), so remove takes out exactly those.

export type HookPart = 'statusline' | 'session-start';

const CTK_WORD = /(^|[\s/\\"'])(ctk(\.cmd|\.ps1|\.exe)?|cli\.js)["']?\s/;
export function isCtkCommand(cmd: unknown, part: HookPart): boolean {
  if (typeof cmd !== 'string') return false;
  const tail = part === 'statusline' ? /\sstatusline\s*$/ : /\shook\s+session-start\s*$/;
  return tail.test(cmd) && CTK_WORD.test(cmd);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface HooksState {
  statusline: 'ctk' | 'other' | 'none';
  statuslineCommand: string | null;
  sessionStart: boolean;
  sessionStartCommand: string | null;
}

function sessionGroups(settings: Obj): unknown[] {
  const hooks = settings.hooks;
  return isObj(hooks) && Array.isArray(hooks.SessionStart) ? hooks.SessionStart : [];
}

function ctkSessionCommand(settings: Obj): string | null {
  for (const g of sessionGroups(settings)) {
    if (!isObj(g) || !Array.isArray(g.hooks)) continue;
    for (const h of g.hooks) if (isObj(h) && isCtkCommand(h.command, 'session-start')) return h.command as string;
  }
  return null;
}

export function hooksState(settings: Obj): HooksState {
  const sl = settings.statusLine;
  const slCmd = isObj(sl) && typeof sl.command === 'string' ? sl.command : null;
  const session = ctkSessionCommand(settings);
  return {
    statusline: sl === undefined ? 'none' : isCtkCommand(slCmd, 'statusline') ? 'ctk' : 'other',
    statuslineCommand: slCmd,
    sessionStart: session !== null,
    sessionStartCommand: session,
  };
}

export interface MergeResult {
  next: Obj;
  changed: boolean;
  notes: string[];
}

/** Adds (or updates to `ctk`'s current command) the parts asked for; the user's own statusLine is kept. */
export function installHooks(settings: Obj, ctk: string, parts: HookPart[]): MergeResult {
  const next: Obj = structuredClone(settings);
  const notes: string[] = [];
  const state = hooksState(settings);
  if (parts.includes('statusline')) {
    const command = `${ctk} statusline`;
    if (state.statusline === 'other') notes.push('its own statusLine is kept; remove it by hand to use ctk’s');
    else if (state.statuslineCommand !== command) next.statusLine = { type: 'command', command, padding: 0 };
  }
  if (parts.includes('session-start')) {
    const command = `${ctk} hook session-start`;
    const odd = (settings.hooks !== undefined && !isObj(settings.hooks)) || (isObj(settings.hooks) && settings.hooks.SessionStart !== undefined && !Array.isArray(settings.hooks.SessionStart));
    if (odd) notes.push('its "hooks" is not in Claude Code’s shape: left alone, no SessionStart hook added');
    else if (state.sessionStartCommand !== command) {
      const cleaned = removeHooks(next, ['session-start']).next;
      const hooks = isObj(cleaned.hooks) ? cleaned.hooks : {};
      const groups = Array.isArray(hooks.SessionStart) ? hooks.SessionStart : [];
      hooks.SessionStart = [...groups, { hooks: [{ type: 'command', command, timeout: 10 }] }];
      cleaned.hooks = hooks;
      return { next: cleaned, changed: true, notes };
    }
  }
  return { next, changed: JSON.stringify(next) !== JSON.stringify(settings), notes };
}

/** Takes out ctk's statusLine and ctk's SessionStart hook entries, and only those. */
export function removeHooks(settings: Obj, parts: HookPart[]): MergeResult {
  const next: Obj = structuredClone(settings);
  if (parts.includes('statusline') && hooksState(next).statusline === 'ctk') delete next.statusLine;
  if (parts.includes('session-start') && isObj(next.hooks) && Array.isArray(next.hooks.SessionStart)) {
    const hooks = next.hooks;
    const groups = (hooks.SessionStart as unknown[]).flatMap((g) => {
      if (!isObj(g) || !Array.isArray(g.hooks)) return [g];
      const kept = g.hooks.filter((h) => !(isObj(h) && isCtkCommand(h.command, 'session-start')));
      if (kept.length === g.hooks.length) return [g];
      return kept.length ? [{ ...g, hooks: kept }] : [];
    });
    if (groups.length) hooks.SessionStart = groups;
    else delete hooks.SessionStart;
    if (Object.keys(hooks).length === 0) delete next.hooks;
  }
  return { next, changed: JSON.stringify(next) !== JSON.stringify(settings), notes: [] };
}
