import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Call } from '../../protocol/calls.js';
import { RingTone } from '../audio/ring-tone.js';
import { incomingCallText } from '../format/labels.js';

export interface CallAlertsOptions {
  /** The call the agent is shown (read after every render of the host). */
  call(): Call | null;
  /** Another tab of the agent holds the hub connection: that tab alerts, this one only shows. */
  relayed(): boolean;
}

/**
 * Makes a ringing call heard and seen: the ring tone while the shown call is offered, and a desktop notification
 * (once per offer) when notifications are allowed and the tab is hidden, also when it becomes hidden during the
 * ring; clicking it brings the window forward, and it closes once the call is no longer ringing. Of the agent's
 * tabs sharing one hub connection only the one holding it alerts. The ring is silent until the agent has used the
 * page (see RingTone).
 */
export class CallAlertsController implements ReactiveController {
  private readonly ring = new RingTone();
  /** The offer last notified (call id and offer time), so each offer notifies once. */
  private notifiedOffer = '';
  private notification: Notification | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: CallAlertsOptions,
  ) {
    host.addController(this);
  }

  /** Whether the agent may still be asked to allow notifications (neither allowed nor refused yet). */
  get canAsk(): boolean {
    return typeof Notification !== 'undefined' && Notification.permission === 'default';
  }

  /** Asks the browser to allow notifications (from a click: browsers ask only then); the host re-renders after. */
  ask(): Promise<void> {
    return Notification.requestPermission()
      .catch(() => undefined)
      .then(() => this.host.requestUpdate());
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.notifyOffer);
  }

  hostUpdated(): void {
    const offered = this.options.call()?.state === 'offered';
    if (offered && !this.options.relayed()) this.ring.start();
    else this.ring.stop();
    this.notifyOffer();
    if (!offered) this.closeNotification();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.notifyOffer);
    this.ring.dispose();
    this.closeNotification();
  }

  /** A desktop notification for a ring the agent may not see: notifications allowed and the tab hidden. */
  private readonly notifyOffer = (): void => {
    const call = this.options.call();
    const key = call?.state === 'offered' ? `${call.id} ${call.offeredAt}` : '';
    if (!key || key === this.notifiedOffer || this.options.relayed() || typeof Notification === 'undefined') return;
    if (Notification.permission !== 'granted' || document.visibilityState !== 'hidden') return;
    try {
      const notification = new Notification('Incoming call', {
        body: incomingCallText(call!),
        tag: `ad-call-${call!.id}`,
      });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
      this.notification = notification;
      this.notifiedOffer = key;
    } catch {
      // notifications that cannot be made here (e.g. some mobile browsers): the ring and the panel remain
    }
  };

  private closeNotification(): void {
    this.notification?.close();
    this.notification = null;
  }
}
