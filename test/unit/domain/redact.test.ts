import { describe, expect, it } from 'vitest';
import { redact, redactDeep, rememberSecret, rememberSecretsIn } from '../../../src/domain/redact.js';

describe('redact', () => {
  it('hides token shapes with and without the sk-ant- prefix', () => {
    expect(redact('got sk-ant-oat01-abcDEF_123-x back')).toBe('got [token] back');
    expect(redact('bad token ort01-Zz9_-aaaa')).toBe('bad token [token]');
    expect(redact('an oat01-ab')).toBe('an oat01-ab'); // too short to be one
  });
  it('hides every value read in this process and any fragment of 8 characters or more', () => {
    const secret = 'PLANTEDtokenVALUE0123456789abcdefXYZ';
    rememberSecret(secret);
    expect(redact(`whole ${secret} end`)).toBe('whole [token] end');
    expect(redact(`part ${secret.slice(5, 13)} end`)).toBe('part [token] end');
    expect(redact(`part ${secret.slice(5, 12)} end`)).toBe(`part ${secret.slice(5, 12)} end`);
    expect(redact(`two ${secret.slice(0, 9)} and ${secret.slice(20)}`)).toBe('two [token] and [token]');
  });
  it('remembers what stands under secret-looking keys in a payload, at any depth', () => {
    rememberSecretsIn({ mcpOAuth: { srv: { accessToken: 'MCPaccessSECRETvalue', serverName: 'linear-server-name' } }, pluginSecrets: { p: { apiKey: 'PLUGINkeySECRET42' } } });
    expect(redact('x MCPaccessSECRETvalue y PLUGINkeySECRET42')).toBe('x [token] y [token]');
    expect(redact('linear-server-name')).toBe('linear-server-name');
    expect(redactDeep({ a: ['MCPaccessSE'], n: 3 })).toEqual({ a: ['[token]'], n: 3 });
  });
});
