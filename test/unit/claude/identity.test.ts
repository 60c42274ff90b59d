import { describe, expect, it, vi } from 'vitest';

describe('identity cache (ctk watch)', () => {
  it('re-reads .claude.json only when it changed', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { readIdentity, enableIdentityCache } = await import('../../../src/claude/identity.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctk-identity-'));
    const file = path.join(dir, '.claude.json');
    const write = (email: string, mtime: number) => {
      fs.writeFileSync(file, JSON.stringify({ oauthAccount: { emailAddress: email } }));
      fs.utimesSync(file, mtime, mtime);
    };
    const account = { id: 'x', dir, implicit: false };
    enableIdentityCache();
    write('a@example.com', 1000);
    expect(readIdentity(account)?.email).toBe('a@example.com');
    const spy = vi.spyOn(fs.default, 'readFileSync');
    expect(readIdentity(account)?.email).toBe('a@example.com');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    write('b@example.com', 2000);
    expect(readIdentity(account)?.email).toBe('b@example.com');
    fs.rmSync(file);
    expect(readIdentity(account)).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });
});
