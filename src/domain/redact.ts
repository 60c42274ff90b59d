// Tokens never reach output: anything shaped like an Anthropic token becomes "[token]".

const TOKEN_RE = /sk-ant-[A-Za-z0-9_\-]*/g;

export function redact(text: string): string {
  return text.replace(TOKEN_RE, '[token]');
}
