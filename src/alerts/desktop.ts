// Desktop notifications through node-notifier (loaded only when one is shown): Windows toast,
// macOS Notification Center, notify-send on Linux. The backend is picked by platform and
// injectable, so tests check what would be shown without a desktop.
import fs from 'node:fs';
import path from 'node:path';
import { alertTitle, wantsDesktop, type Alert } from '../domain/alerts.js';
import { redact } from '../domain/redact.js';
import { errorLine, type Delivery, type Notifier } from './notifier.js';

export interface DesktopBackend {
  readonly name: string;
  show(title: string, message: string, signal: AbortSignal): Promise<void>;
}

export const DESKTOP_TIMEOUT_MS = 10_000;
/** More alerts than this in one check become one summary notification instead of a burst. */
export const DESKTOP_BATCH_LIMIT = 3;

/** The executable's full path when `name` is on PATH. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      try {
        fs.accessSync(p, fs.constants.X_OK);
        if (fs.statSync(p).isFile()) return p;
      } catch {
        /* not here */
      }
    }
  }
  return null;
}

/**
 * node-notifier runs notify-send through a shell with the text in double quotes, so characters
 * the shell expands inside them ($, `, \) are replaced: a label must never run a command.
 */
export function shellSafe(text: string): string {
  return text.replace(/[`$\\"]/g, "'").replace(/[\r\n]+/g, ' ');
}

type NodeNotifierModule = {
  NotifySend: new (o?: object) => { notify(o: object, cb: (err: unknown) => void): void };
  NotificationCenter: new (o?: object) => { notify(o: object, cb: (err: unknown) => void): void };
  WindowsToaster: new (o?: object) => { notify(o: object, cb: (err: unknown) => void): void };
};

async function nodeNotifier(): Promise<NodeNotifierModule> {
  const mod: any = await import('node-notifier');
  return (mod.default ?? mod) as NodeNotifierModule;
}

function showWith(kind: keyof NodeNotifierModule, extra: object = {}): DesktopBackend['show'] {
  return async (title, message, signal) => {
    const nn = await nodeNotifier();
    const n = new nn[kind]({ withFallback: false });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${DESKTOP_TIMEOUT_MS / 1000} s`)), DESKTOP_TIMEOUT_MS);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      n.notify({ title: shellSafe(title), message: shellSafe(message), wait: false, ...extra }, (err) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve();
      });
    });
  };
}

export type DesktopChoice = { backend: DesktopBackend } | { unavailable: string };

/** The platform's backend, or why there is none (said once, then the channel stays quiet). */
export function desktopBackendFor(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): DesktopChoice {
  switch (platform) {
    case 'darwin':
      return { backend: { name: 'macOS Notification Center', show: showWith('NotificationCenter') } };
    case 'win32':
      return { backend: { name: 'Windows toast', show: showWith('WindowsToaster', { appID: 'ctk' }) } };
    default: {
      const bin = findOnPath('notify-send', env, platform);
      if (!bin) {
        return { unavailable: 'notify-send is not installed (Debian/Ubuntu: apt install libnotify-bin); turn this off with: ctk config set notify.desktop false' };
      }
      return { backend: { name: `notify-send (${bin})`, show: showWith('NotifySend', { urgency: 'critical', 'app-name': 'ctk' }) } };
    }
  }
}

export function desktopText(alert: Alert): { title: string; message: string } {
  return { title: redact(alertTitle(alert)), message: redact(alert.message + (alert.fix ? `. Run: ${alert.fix}` : '')) };
}

/** Several alerts in one check become one notification: nobody wants 32 pop-ups at 9 am. */
export function desktopSummary(alerts: Alert[]): { title: string; message: string } {
  const ids = alerts.map((a) => a.account.id);
  const shown = ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, …` : ids.join(', ');
  return {
    title: `ctk: ${alerts.length} accounts need attention`,
    message: redact(`Accounts ${shown}. Run: ctk status, then ctk morning (or ctk refresh <id>)`),
  };
}

export class DesktopNotifier implements Notifier {
  readonly name = 'desktop' as const;
  constructor(private readonly backend: DesktopBackend) {}

  async deliver(alerts: Alert[], signal: AbortSignal): Promise<Delivery[]> {
    const mine = alerts.filter(wantsDesktop);
    if (mine.length === 0) return [];
    if (mine.length > DESKTOP_BATCH_LIMIT) {
      const r = await this.show(desktopSummary(mine), signal);
      return mine.map((alert) => ({ alert, ...r }));
    }
    const out: Delivery[] = [];
    for (const alert of mine) out.push({ alert, ...(await this.show(desktopText(alert), signal)) });
    return out;
  }

  private async show(t: { title: string; message: string }, signal: AbortSignal): Promise<{ ok: boolean; error: string | null }> {
    try {
      await this.backend.show(t.title, t.message, signal);
      return { ok: true, error: null };
    } catch (err) {
      return { ok: false, error: redact(errorLine(err)) };
    }
  }
}
