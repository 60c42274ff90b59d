// ctk accounts validate: folder, credentials, mode, identity, duplicate emails.
import fs from 'node:fs';
import type { ResolvedAccount } from '../domain/account.js';
import { describeLocation, loadedToRead, writeBlockReason, type CredentialsKind, type CredentialsStore } from '../claude/credentials/store.js';
import { readIdentity } from '../claude/identity.js';
import { isWrongAccount, wrongAccountMessage } from '../domain/identity.js';
import { redact } from '../domain/redact.js';
import { isDirectory } from '../util/fs.js';

export interface AccountValidation {
  id: string;
  dir: string;
  email: string | null;
  /** The pinned email, and whether the folder is signed in as someone else. */
  expectedEmail: string | null;
  wrongAccount: boolean;
  /** Where Claude Code keeps the credentials: file, keychain or windows-credential-manager. */
  storage: CredentialsKind;
  /** False when ctk must leave this store to Claude Code (refreshNote says why). */
  refreshable: boolean;
  refreshNote: string | null;
  checks: { folder: boolean; credentials: boolean; mode: boolean | null; identity: boolean };
  problems: string[];
}

export interface ValidationReport {
  ok: boolean;
  accounts: AccountValidation[];
  duplicateEmails: { email: string; ids: string[] }[];
}

export function validateAccounts(accounts: ResolvedAccount[], store: CredentialsStore): ValidationReport {
  const results: AccountValidation[] = accounts.map((a) => {
    const problems: string[] = [];
    const folder = isDirectory(a.dir);
    if (!folder) problems.push(`folder ${a.dir} does not exist`);
    const loaded = store.load(a);
    const read = loadedToRead(loaded, describeLocation(loaded.location));
    const credentials = read.kind === 'oauth';
    if (read.kind !== 'oauth') problems.push(redact(read.reason));
    const blocked = writeBlockReason(loaded, a.id);
    let mode: boolean | null = null;
    if (loaded.location.kind === 'file' && process.platform !== 'win32') {
      const file = loaded.location.file;
      try {
        const m = fs.statSync(file).mode & 0o777;
        mode = m === 0o600;
        if (!mode) problems.push(`credentials file mode is ${m.toString(8).padStart(4, '0')}, should be 0600 (chmod 600 "${file}")`);
      } catch {
        mode = null;
      }
    }
    const identity = readIdentity(a);
    const email = identity?.email ?? null;
    if (!email && folder) problems.push('no signed-in identity in .claude.json (log in once with claude auth login)');
    const signedIn = { email, accountUuid: (read.kind === 'oauth' ? read.accountUuid : null) ?? identity?.accountUuid ?? null };
    const wrongAccount = isWrongAccount(a, signedIn);
    if (wrongAccount) problems.push(wrongAccountMessage(a.id, a, signedIn));
    return {
      id: a.id,
      dir: a.dir,
      email,
      expectedEmail: a.email ?? null,
      wrongAccount,
      storage: loaded.location.kind,
      refreshable: blocked === null,
      refreshNote: blocked,
      checks: { folder, credentials, mode, identity: Boolean(email) },
      problems,
    };
  });
  const byEmail = new Map<string, string[]>();
  for (const r of results) {
    if (!r.email) continue;
    const key = r.email.toLowerCase();
    byEmail.set(key, [...(byEmail.get(key) ?? []), r.id]);
  }
  const duplicateEmails = [...byEmail.entries()].filter(([, ids]) => ids.length > 1).map(([email, ids]) => ({ email, ids }));
  const ok = results.every((r) => r.problems.length === 0) && duplicateEmails.length === 0;
  return { ok, accounts: results, duplicateEmails };
}
