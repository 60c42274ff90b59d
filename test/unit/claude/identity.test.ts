// Reading who a folder is signed in as from .claude.json: the byte search, special files, and the
// identity cache that must never show a wrong identity.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableIdentityCache, extractObject, readIdentity, saveIdentityCache, useIdentityCacheFile } from '../../../src/claude/identity.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctk-identity-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const account = () => ({ id: 'x', dir, implicit: false });
const file = () => path.join(dir, '.claude.json');
function write(email: string, opts: { mtime?: number; pad?: number } = {}) {
  const projects = { '/p': { history: [{ display: 'x'.repeat(opts.pad ?? 0) }] } };
  fs.writeFileSync(file(), JSON.stringify({ numStartups: 1, projects, oauthAccount: { emailAddress: email, accountUuid: `u-${email}` } }));
  if (opts.mtime !== undefined) fs.utimesSync(file(), opts.mtime, opts.mtime);
}

describe('reading the identity', () => {
  it('finds oauthAccount after megabytes of projects, and not inside a string', () => {
    write('a@example.com', { pad: 2_000_000 });
    expect(readIdentity(account())).toMatchObject({ email: 'a@example.com', accountUuid: 'u-a@example.com' });
    const tricky = JSON.stringify({ projects: { p: { text: 'see "oauthAccount": {"emailAddress":"fake@x"}' } }, oauthAccount: { emailAddress: 'real@x.com' } });
    expect((extractObject(tricky, 'oauthAccount') as any).emailAddress).toBe('real@x.com');
    expect(extractObject('{"oauthAccount": null}', 'oauthAccount')).toBeNull();
  });
  it('a FIFO or a folder where .claude.json should be is no identity, not a hang', () => {
    if (spawnSync('mkfifo', [file()]).status !== 0) return;
    expect(readIdentity(account())).toBeNull();
    fs.rmSync(file());
    fs.mkdirSync(file());
    expect(readIdentity(account())).toBeNull();
  });
});

describe('the identity cache', () => {
  it('in memory (ctk watch): re-reads .claude.json only when it changed', () => {
    enableIdentityCache();
    write('a@example.com', { mtime: 1000 });
    expect(readIdentity(account())?.email).toBe('a@example.com');
    const spy = vi.spyOn(fs, 'readSync');
    expect(readIdentity(account())?.email).toBe('a@example.com');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    write('b@example.com', { mtime: 2000 });
    expect(readIdentity(account())?.email).toBe('b@example.com');
    fs.rmSync(file());
    expect(readIdentity(account())).toBeNull();
  });

  it('in the state folder: a changed file is re-read (same size with a new mtime; same mtime with a new size)', () => {
    const cacheFile = path.join(dir, 'state', 'identity-cache.json');
    useIdentityCacheFile(cacheFile);
    write('aa@example.com', { mtime: 1000 });
    expect(readIdentity(account())?.email).toBe('aa@example.com');
    saveIdentityCache();
    expect(fs.statSync(cacheFile).mode & 0o777).toBe(0o600);
    // a new process: the cache comes from the file, and an unchanged file is not read
    useIdentityCacheFile(path.join(dir, 'state', 'other.json'));
    useIdentityCacheFile(cacheFile);
    const spy = vi.spyOn(fs, 'readSync');
    expect(readIdentity(account())?.email).toBe('aa@example.com');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    // same size, new mtime
    write('bb@example.com', { mtime: 2000 });
    expect(readIdentity(account())?.email).toBe('bb@example.com');
    // same mtime, new size
    write('ccc@example.com', { mtime: 2000 });
    expect(readIdentity(account())?.email).toBe('ccc@example.com');
    // same size and mtime written back over another file (rename: new inode, new ctime)
    const other = path.join(dir, 'tmp.json');
    fs.writeFileSync(other, fs.readFileSync(file(), 'utf8').replace('ccc@', 'ddd@'));
    fs.utimesSync(other, 2000, 2000);
    fs.renameSync(other, file());
    expect(readIdentity(account())?.email).toBe('ddd@example.com');
  });
});
