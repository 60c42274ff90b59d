// The I/O behind ctk doctor: every check reads, none writes. Each returns DoctorLines.
import fs from 'node:fs';
import path from 'node:path';
import type { RegistrySnapshot } from '../accounts/registry-file.js';
import type { ResolvedAccount } from '../domain/account.js';
import { validateAccounts } from '../accounts/validate.js';
import { credentialsDirOf, type CredentialsStore } from '../claude/credentials/store.js';
import { CREDENTIALS_FILE } from '../claude/credentials/file.js';
import { lockDirs } from '../claude/locks.js';
import { configFilePath } from '../config/paths.js';
import { configProblems, fail, isStaleLock, note, pass, q, type DoctorLine } from '../domain/doctor.js';
import { redact } from '../domain/redact.js';

export function configCheck(registry: () => RegistrySnapshot, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): DoctorLine {
  const file = configFilePath(env);
  let snap: RegistrySnapshot;
  try {
    snap = registry();
  } catch (err: any) {
    return fail('config', redact(err.message), `fix ${q(file)} by hand, or move it away and register the accounts again`);
  }
  if (!fs.existsSync(file)) return pass('config', `no ctk config yet (${file}); using the default ~/.claude account`);
  const problems = configProblems(snap.raw, platform);
  if (platform !== 'win32') {
    try {
      const mode = fs.statSync(file).mode & 0o777;
      if (mode & 0o077) problems.push(`mode is ${mode.toString(8).padStart(4, '0')}, should be 0600`);
    } catch {
      /* read worked a moment ago; a race is not worth a line */
    }
  }
  if (problems.length) {
    return fail('config', `ctk config ${file}: ${problems.join('; ')}`, `ctk config set <key> <value> (or edit the file; chmod 600 ${q(file)} for its mode)`);
  }
  return pass('config', `ctk config is readable and valid (${snap.accounts.length} account${snap.accounts.length === 1 ? '' : 's'})`);
}

/** Folders present, credentials 0600, no email signed in on two accounts: from `accounts validate`. */
export function accountChecks(accounts: ResolvedAccount[], store: CredentialsStore, env: NodeJS.ProcessEnv): DoctorLine[] {
  const report = validateAccounts(accounts, store);
  const lines: DoctorLine[] = [];
  const missing = report.accounts.filter((a) => !a.checks.folder);
  if (missing.length === 0) lines.push(pass('folders', `every account folder is present (${accounts.length})`));
  const implicit = new Set(accounts.filter((a) => a.implicit).map((a) => a.id));
  for (const a of missing) {
    lines.push(
      implicit.has(a.id)
        ? fail('folders', `no accounts registered and the default ${a.dir} does not exist`, 'register your accounts: ctk accounts discover, or ctk accounts import 1-28 --pattern "~/.claude-{id}"')
        : fail('folders', `account ${a.id}: folder ${a.dir} does not exist`, `restore it, or create it and log in (mkdir ${q(a.dir)} && ctk refresh ${a.id}), or ctk accounts remove ${a.id}`),
    );
  }
  const fileBacked = report.accounts.filter((a) => a.storage === 'file');
  if (fileBacked.length === 0 || process.platform === 'win32') {
    lines.push(pass('modes', `credentials are in the ${process.platform === 'win32' ? 'user profile (modes do not apply on Windows)' : 'Keychain'}`));
  } else {
    const loose = report.accounts.filter((a) => a.checks.mode === false);
    if (loose.length === 0) lines.push(pass('modes', 'credentials files are mode 0600'));
    const byId = new Map(accounts.map((a) => [a.id, a]));
    for (const a of loose) {
      const file = path.join(credentialsDirOf(byId.get(a.id)!, env), CREDENTIALS_FILE);
      let mode = '?';
      try {
        mode = (fs.statSync(file).mode & 0o777).toString(8).padStart(4, '0');
      } catch {
        /* shown as ? */
      }
      lines.push(fail('modes', `account ${a.id}: credentials file is mode ${mode}, readable by others`, `chmod 600 ${q(file)}`));
    }
  }
  for (const a of report.accounts.filter((x) => x.wrongAccount)) {
    lines.push(fail('identity', `account ${a.id}: signed in as ${a.email ?? 'someone else'}, pinned to ${a.expectedEmail ?? 'another identity'}`, `ctk refresh ${a.id} --method login  (logs in as ${a.expectedEmail ?? 'the pinned account'}); if the account really changed hands: ctk accounts set ${a.id} --email <address>`));
  }
  for (const a of report.accounts) {
    // Not a fault of the account: ctk just must not write this store (DESIGN §2a).
    if (!a.refreshable) lines.push(note('storage', `account ${a.id}: ${a.refreshNote}`));
  }
  if (report.duplicateEmails.length === 0) lines.push(pass('duplicates', 'no email is signed in on two accounts'));
  for (const d of report.duplicateEmails) {
    lines.push(
      fail('duplicates', `${d.email} is signed in on accounts ${d.ids.join(', ')}`, `log the wrong one(s) in with the right email: ctk refresh ${d.ids.slice(1).join(' ')}`),
    );
  }
  return lines;
}

/** Claude Code's proper-lockfile folders for an account: two inside, one beside the credentials folder. */
export function lockPaths(account: ResolvedAccount, env: NodeJS.ProcessEnv): string[] {
  const d = lockDirs(credentialsDirOf(account, env));
  return [d.oauthRefresh, d.storageWrite, d.configDir];
}

export function staleLockCheck(accounts: ResolvedAccount[], env: NodeJS.ProcessEnv, now: number): DoctorLine[] {
  const lines: DoctorLine[] = [];
  let seen = 0;
  for (const a of accounts) {
    for (const lock of lockPaths(a, env)) {
      let st: fs.Stats;
      try {
        st = fs.statSync(lock);
      } catch {
        continue;
      }
      seen++;
      if (!isStaleLock(st.mtimeMs, now)) continue;
      const age = Math.round((now - st.mtimeMs) / 60_000);
      const rm = st.isDirectory() ? `rmdir ${q(lock)}` : `rm ${q(lock)}`;
      lines.push(
        fail('locks', `account ${a.id}: stale Claude Code lock ${lock} (${age < 1 ? 'over a minute' : `${age} min`} old)`, `if no claude is running for this account, remove it: ${rm}`),
      );
    }
  }
  if (lines.length === 0) lines.push(pass('locks', seen ? `no stale Claude Code lock (${seen} in use right now)` : 'no stale Claude Code lock folders'));
  return lines;
}
