// The alert channels the settings ask for: desktop notifications and the webhook.
import type { RegistrySnapshot } from '../accounts/registry-file.js';
import { settingValue } from '../accounts/registry-file.js';
import { DesktopNotifier, desktopBackendFor } from './desktop.js';
import type { Notifier } from './notifier.js';
import { describeWebhook, WebhookNotifier, WEBHOOK_TIMEOUT_MS, type WebhookFormat } from './webhook.js';

export interface Channels {
  notifiers: Notifier[];
  /** "desktop (notify-send)", "webhook ntfy.sh (ntfy)": for the banner. */
  names: string[];
  /** Why a wanted channel is off, one line each. */
  problems: string[];
}

export function alertChannels(registry: RegistrySnapshot, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Channels {
  const out: Channels = { notifiers: [], names: [], problems: [] };
  if (settingValue<boolean>(registry, 'notify.desktop') !== false) {
    const choice = desktopBackendFor(platform, env);
    if ('backend' in choice) {
      out.notifiers.push(new DesktopNotifier(choice.backend));
      out.names.push(`desktop (${choice.backend.name})`);
    } else {
      out.problems.push(`desktop notifications are off: ${choice.unavailable}`);
    }
  }
  const webhookUrl = String(settingValue<string>(registry, 'notify.webhookUrl') ?? '');
  if (webhookUrl) {
    const format = (settingValue<string>(registry, 'notify.webhookFormat') ?? 'json') as WebhookFormat;
    const timeout = Number(env.CTK_WEBHOOK_TIMEOUT_MS) > 0 ? Number(env.CTK_WEBHOOK_TIMEOUT_MS) : WEBHOOK_TIMEOUT_MS;
    out.notifiers.push(new WebhookNotifier(webhookUrl, format, timeout));
    out.names.push(`webhook ${describeWebhook(webhookUrl)} (${format})`);
  }
  return out;
}
