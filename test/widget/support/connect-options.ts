import { LogLevel } from '@microsoft/signalr';
import type { DesktopConnectOptions } from '../../../src/widget/desktop/desktop-service.js';
import { BackoffRetryPolicy } from '../../../src/widget/hub/retry-policy.js';

/** Retries within a tenth of a second, so a test sees a reconnect at once (production backs off up to 30 s). */
export function fastRetries(): BackoffRetryPolicy {
  return new BackoffRetryPolicy({ firstRetryMaxMs: 20, baseMs: 40, maxMs: 100 });
}

/**
 * How a test connects a DesktopService (or a HubClient: the same fields) to the real hub as one agent: the token
 * issued up front (the CRM's token service does not go down with the hub), fast retries, SignalR's logging off.
 * `extra` overrides any of them (e.g. `{ cache: false }`, `{ shareTabs: false }`).
 */
export function connectOptions(
  hubUrl: string,
  token: string,
  extra: Partial<DesktopConnectOptions> = {},
): DesktopConnectOptions {
  return { hubUrl, accessTokenFactory: () => token, retryPolicy: fastRetries(), logLevel: LogLevel.None, ...extra };
}
