// Doctor checks about the machine rather than the accounts: the alert channel and the schedule.
// Both ask the modules that own them (src/alerts picks the desktop backend by platform,
// src/schedule keeps a manifest of what `ctk schedule install` did), so doctor and watch agree.
import fs from 'node:fs';
import type { DesktopChoice } from '../alerts/desktop.js';
import { fail, note, pass, type DoctorLine } from '../domain/doctor.js';
import type { InstalledRecord } from '../schedule/types.js';

export interface NotifySettings {
  desktop: boolean;
  webhookUrl: string;
}

export function notificationCheck(settings: NotifySettings, desktop: DesktopChoice): DoctorLine {
  if (!settings.desktop) {
    if (settings.webhookUrl) return pass('notifications', 'alerts go to the webhook in notify.webhookUrl (desktop notifications are off)');
    // Optional: a note, not a problem (doctor exits 0 when nothing needs action).
    return note('notifications', 'no alert channel: desktop notifications are off and no webhook is set (optional: ctk config set notify.desktop true, or ctk config set notify.webhookUrl <url>)');
  }
  if ('backend' in desktop) {
    return pass('notifications', `desktop notifications through ${desktop.backend.name}${settings.webhookUrl ? ', and the webhook in notify.webhookUrl' : ''}`);
  }
  if (settings.webhookUrl) return pass('notifications', `alerts go to the webhook in notify.webhookUrl (no desktop backend: ${desktop.unavailable})`);
  return note('notifications', `no desktop notification backend: ${desktop.unavailable} (optional: install it, or send alerts to a webhook: ctk config set notify.webhookUrl <url>)`);
}

/** Installed means: ctk schedule install left its manifest, and every file it wrote is still there. */
export function scheduleCheck(record: InstalledRecord | null, exists: (file: string) => boolean = fs.existsSync): DoctorLine {
  if (!record) {
    return note('schedule', 'no ctk schedule installed: nothing checks the tokens while you are away (optional: ctk schedule install, try --dry-run first)');
  }
  const missing = record.files.filter((f) => !exists(f));
  const what = `${record.backend} (${record.jobs.join(', ')}), every ${record.intervalMinutes} min${record.evening ? `, evening at ${record.evening}` : ''}`;
  if (missing.length) {
    return fail('schedule', `the ${what} schedule is damaged: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`, 'ctk schedule install (it replaces the old one); ctk schedule status shows details');
  }
  return pass('schedule', `schedule installed: ${what}`);
}
