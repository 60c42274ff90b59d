// ctk accounts add | import | discover | remove | validate: registry changes go through conf.
import fs from 'node:fs';
import path from 'node:path';
import { readRegistry, resolveAccounts, settingValue } from '../accounts/registry-file.js';
import { openStore, saveAccounts, storedAccounts } from '../accounts/registry.js';
import type { Account } from '../domain/account.js';
import { discoverFolders } from '../accounts/discover.js';
import { validateAccounts } from '../accounts/validate.js';
import { defaultCredentialsStore } from '../claude/credentials/store.js';
import { expandHome } from '../config/paths.js';
import { compareIds, idProblem, parseIdList } from '../domain/ids.js';
import { colors } from '../ui/colors.js';
import { UserError } from '../util/errors.js';
import { writeJson } from '../app/context.js';

const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

function dirFromPattern(pattern: string, id: string): string {
  if (!pattern.includes('{id}')) throw new UserError(`folder pattern "${pattern}" has no {id} in it`);
  return expandHome(pattern.split('{id}').join(id));
}

function checkDir(dir: string, id: string, mustExist: boolean): void {
  if (!path.isAbsolute(dir)) throw new UserError(`folder for ${id} must be an absolute path (got "${dir}")`);
  if (!mustExist) return;
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new UserError(`folder ${dir} for ${id} does not exist (create it, or pass --create)`);
  }
  if (!st.isDirectory()) throw new UserError(`${dir} for ${id} is not a folder`);
}

function sameDir(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

export async function add(id: string, opts: { dir?: string; label?: string; email?: string; create?: boolean }): Promise<number> {
  const problem = idProblem(id);
  if (problem) throw new UserError(problem);
  if (opts.email !== undefined && !EMAIL_RE.test(opts.email)) throw new UserError(`"${opts.email}" is not an email address`);
  const registry = readRegistry();
  const dir = opts.dir !== undefined ? expandHome(opts.dir) : dirFromPattern(settingValue<string>(registry, 'dirPattern'), id);
  const existing = registry.accounts.find((a) => a.id === id);
  if (existing) throw new UserError(`account ${id} already exists (${existing.dir}); remove it first or pick another id`);
  const clash = registry.accounts.find((a) => sameDir(a.dir, dir));
  if (clash) throw new UserError(`folder ${dir} is already account ${clash.id}`);
  if (opts.create && path.isAbsolute(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  checkDir(dir, id, true);

  const store = await openStore();
  const accounts = storedAccounts(store);
  const account: Account = { id, dir };
  if (opts.label) account.label = opts.label;
  if (opts.email) account.email = opts.email;
  saveAccounts(store, [...accounts, account].sort((a, b) => compareIds(a.id, b.id)));
  process.stdout.write(`added ${id}: ${dir}\n`);
  return 0;
}

export async function importIds(spec: string, opts: { pattern?: string; allowMissing?: boolean }): Promise<number> {
  let ids: string[];
  try {
    ids = parseIdList(spec);
  } catch (err: any) {
    throw new UserError(err.message);
  }
  const registry = readRegistry();
  const pattern = opts.pattern ?? settingValue<string>(registry, 'dirPattern');
  const planned = ids.map((id) => ({ id, dir: dirFromPattern(pattern, id) }));
  const taken = planned.filter((p) => registry.accounts.some((a) => a.id === p.id)).map((p) => p.id);
  if (taken.length) throw new UserError(`already registered: ${taken.join(', ')} (nothing imported)`);
  for (const p of planned) {
    if (!path.isAbsolute(p.dir)) throw new UserError(`pattern gives a relative path for ${p.id} ("${p.dir}"); use an absolute path or ~/…`);
    const clash = registry.accounts.find((a) => sameDir(a.dir, p.dir));
    if (clash) throw new UserError(`folder ${p.dir} is already account ${clash.id} (nothing imported)`);
  }
  if (!opts.allowMissing) {
    const missing = planned.filter((p) => !isDir(p.dir));
    if (missing.length) {
      const shown = missing.slice(0, 3).map((p) => p.dir).join(', ');
      throw new UserError(
        `${missing.length} folder${missing.length === 1 ? '' : 's'} not found: ${shown}${missing.length > 3 ? ', …' : ''} (nothing imported; check --pattern, or pass --allow-missing)`,
      );
    }
  }
  const store = await openStore();
  const merged = [...storedAccounts(store), ...planned].sort((a, b) => compareIds(a.id, b.id));
  saveAccounts(store, merged);
  process.stdout.write(`imported ${planned.length} account${planned.length === 1 ? '' : 's'}: ${spec} → ${pattern}\n`);
  return 0;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export async function discover(opts: { yes?: boolean; json?: boolean }): Promise<number> {
  const registry = readRegistry();
  const found = discoverFolders().filter(
    (f) => !registry.accounts.some((a) => sameDir(a.dir, f.dir)),
  );
  // Never reuse an id that is registered already.
  for (const f of found) {
    let id = f.id;
    let n = 2;
    while (registry.accounts.some((a) => a.id === id)) id = `${f.id}-${n++}`;
    f.id = id;
  }
  if (opts.json) {
    writeJson({ found });
    if (!opts.yes) return 0;
  }
  if (found.length === 0) {
    if (!opts.json) process.stdout.write('No unregistered ~/.claude* folders with credentials found.\n');
    return 0;
  }
  let chosen = found;
  if (!opts.yes) {
    if (!process.stdin.isTTY || !process.stderr.isTTY) {
      for (const f of found) process.stdout.write(`${f.id}\t${f.dir}\n`);
      process.stdout.write(`Found ${found.length}; run ctk accounts discover --yes to register them.\n`);
      return 0;
    }
    const { checkbox } = await import('@inquirer/prompts');
    chosen = await checkbox(
      {
        message: 'Register these accounts?',
        choices: found.map((f) => ({ name: `${f.id}  ${f.dir}`, value: f, checked: true })),
      },
      { output: process.stderr },
    );
  }
  if (chosen.length === 0) return 0;
  const store = await openStore();
  saveAccounts(store, [...storedAccounts(store), ...chosen].sort((a, b) => compareIds(a.id, b.id)));
  if (!opts.json) for (const f of chosen) process.stdout.write(`added ${f.id}: ${f.dir}\n`);
  return 0;
}

export async function remove(ids: string[]): Promise<number> {
  const registry = readRegistry();
  const unknown = ids.filter((id) => !registry.accounts.some((a) => a.id === id));
  if (unknown.length) throw new UserError(`unknown account ${unknown.join(', ')} (nothing removed; see ctk accounts list)`);
  const store = await openStore();
  saveAccounts(store, storedAccounts(store).filter((a) => !ids.includes(a.id)));
  process.stdout.write(`removed ${ids.join(', ')} (folders and credentials left untouched)\n`);
  return 0;
}

export async function validate(opts: { json?: boolean }): Promise<number> {
  const registry = readRegistry();
  const accounts = resolveAccounts(registry);
  const report = validateAccounts(accounts, defaultCredentialsStore());
  if (opts.json) {
    writeJson(report);
    return report.ok ? 0 : 1;
  }
  const c = colors();
  for (const a of report.accounts) {
    if (a.problems.length === 0) process.stdout.write(`${c.green('✓')} ${a.id}  ${c.dim(a.dir)}\n`);
    else for (const p of a.problems) process.stdout.write(`${c.red('✗')} ${a.id}  ${p}\n`);
  }
  for (const d of report.duplicateEmails) {
    process.stdout.write(`${c.red('✗')} ${d.email} is signed in on ${d.ids.join(', ')}: log the wrong one(s) in again with ctk refresh <id>\n`);
  }
  const bad = report.accounts.filter((a) => a.problems.length).length + report.duplicateEmails.length;
  process.stdout.write(bad ? `\n${bad} problem${bad === 1 ? '' : 's'} found\n` : `\nall ${report.accounts.length} accounts look fine\n`);
  return report.ok ? 0 : 1;
}
