// The house rules of DESIGN §3, enforced: data flows one way (no import up the layers), the
// domain stays pure, and functions and command files stay small enough to read at a glance.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const SRC = path.join(ROOT, 'src');

/** Which areas each area may import from (itself always). Root files: cli, main, fast-path. */
const ALLOWED: Record<string, string[]> = {
  util: ['domain'],
  domain: [],
  config: ['domain', 'util'],
  history: ['config', 'domain', 'util'],
  claude: ['config', 'domain', 'util'],
  oauth: ['claude', 'config', 'domain', 'history', 'util'],
  accounts: ['claude', 'config', 'domain', 'oauth', 'util'],
  usage: ['accounts', 'claude', 'config', 'domain', 'history', 'oauth', 'util'],
  alerts: ['accounts', 'config', 'domain', 'util'],
  schedule: ['config', 'domain', 'util'],
  shell: ['domain', 'util'],
  demo: ['config', 'domain', 'util'],
  doctor: ['accounts', 'alerts', 'claude', 'config', 'domain', 'schedule', 'util'],
  ui: ['domain', 'util', 'alerts'],
  app: ['accounts', 'claude', 'config', 'domain', 'util'],
  workflows: ['accounts', 'alerts', 'app', 'claude', 'config', 'domain', 'history', 'oauth', 'ui', 'usage', 'util'],
  assistant: ['accounts', 'app', 'config', 'domain', 'program', 'shell', 'ui', 'util'],
  commands: ['accounts', 'alerts', 'app', 'assistant', 'claude', 'config', 'demo', 'doctor', 'domain', 'history', 'oauth', 'program', 'schedule', 'shell', 'ui', 'usage', 'util', 'workflows'],
  program: ['commands', 'demo', 'domain', 'shell', 'ui', 'util'],
  '.': ['commands', 'domain', 'program', 'shell', 'util'],
};

/** Being split on their own branches right now; this list must end empty. */
const BEING_SPLIT = new Set<string>();

/** Generated text templates (shell code, completion scripts) may run long. */
const TEMPLATE_FILES = new Set(['shell/init-scripts.ts', 'shell/complete-bash.ts', 'shell/complete-zsh.ts', 'shell/complete-fish.ts', 'shell/complete-pwsh.ts']);

function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const files = sourceFiles().map((file) => {
  const rel = path.relative(SRC, file).split(path.sep).join('/');
  const text = fs.readFileSync(file, 'utf8');
  return { file, rel, area: rel.includes('/') ? rel.split('/')[0] : '.', text, ast: ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true) };
});

function importsOf(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text);
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteralLike(n.arguments[0])) out.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function areaOf(fromFile: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const rel = path.relative(SRC, path.resolve(path.dirname(fromFile), spec)).split(path.sep).join('/');
  if (rel.startsWith('..')) return '..';
  return rel.includes('/') ? rel.split('/')[0] : '.';
}

function functionsOf(sf: ts.SourceFile): { name: string; lines: number; line: number }[] {
  const out: { name: string; lines: number; line: number }[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isFunctionLike(n) && (n as ts.FunctionLikeDeclaration).body) {
      const start = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
      const named = (n as ts.FunctionDeclaration).name?.getText(sf) ?? (ts.isVariableDeclaration(n.parent) ? n.parent.name.getText(sf) : ts.isPropertyAssignment(n.parent) ? n.parent.name.getText(sf) : '(anonymous)');
      out.push({ name: named, lines: end - start + 1, line: start + 1 });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('architecture', () => {
  it('knows every area', () => {
    expect([...new Set(files.map((f) => f.area))].filter((a) => !(a in ALLOWED))).toEqual([]);
  });

  it('imports only down the layers (DESIGN §3)', () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const spec of importsOf(f.ast)) {
        const to = areaOf(f.file, spec);
        if (to === null || to === f.area) continue;
        if (!ALLOWED[f.area]?.includes(to)) bad.push(`${f.rel} → ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps src/domain pure: no file system, processes, environment or clock', () => {
    const bad: string[] = [];
    for (const f of files.filter((x) => x.area === 'domain')) {
      for (const spec of importsOf(f.ast)) if (/^node:(fs|child_process|os|net|http|https|tls|dgram|worker_threads)/.test(spec)) bad.push(`${f.rel} imports ${spec}`);
      if (/process\.env/.test(f.text)) bad.push(`${f.rel} reads process.env`);
      if (/Date\.now\(/.test(f.text)) bad.push(`${f.rel} calls Date.now()`);
    }
    expect(bad).toEqual([]);
  });

  it('keeps functions short: 120 lines anywhere, 80 in src/workflows (generated templates aside)', () => {
    const bad: string[] = [];
    for (const f of files.filter((x) => !TEMPLATE_FILES.has(x.rel))) {
      const limit = f.area === 'workflows' ? 80 : 120;
      for (const fn of functionsOf(f.ast)) if (fn.lines > limit && !BEING_SPLIT.has(`${f.rel} ${fn.name}`)) bad.push(`${f.rel}:${fn.line} ${fn.name} is ${fn.lines} lines (limit ${limit})`);
    }
    expect(bad).toEqual([]);
  });

  it('keeps each command file under 150 lines', () => {
    const long = files.filter((f) => f.area === 'commands').map((f) => ({ rel: f.rel, lines: f.text.split('\n').length })).filter((f) => f.lines > 150);
    expect(long.map((f) => `${f.rel}: ${f.lines} lines`)).toEqual([]);
  });

  it('catches what it is meant to catch (the checks themselves)', () => {
    const sf = ts.createSourceFile('x.ts', `import a from '../commands/x.js';\nconst f = () => {\n${'  1;\n'.repeat(130)}};\nawait import('./y.js');`, ts.ScriptTarget.ES2022, true);
    expect(importsOf(sf)).toEqual(['../commands/x.js', './y.js']);
    expect(areaOf(path.join(SRC, 'domain', 'x.ts'), '../commands/x.js')).toBe('commands');
    expect(functionsOf(sf)[0]).toMatchObject({ name: 'f', lines: 132 });
  });
});
