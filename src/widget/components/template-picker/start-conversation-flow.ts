import { html, nothing, type ReactiveControllerHost } from 'lit';
import { ErrorCodes } from '../../../protocol/errors.js';
import { OUTBOUND_CHANNELS, type OutboundChannel, type StartConversationResult } from '../../../protocol/outbound.js';
import type { ActionFailure } from '../../desktop/action-failure.js';
import type { DesktopActions } from '../../desktop/desktop-actions.js';
import { CHANNEL_LABELS } from '../../format/labels.js';
import type { DesktopStore } from '../../state/desktop-store.js';

/** A customer to write to first, from a CRM record (`startConversation` on the picker or `<ad-desktop>`). */
export interface StartConversationOptions {
  /** The customer's phone number (E.164, e.g. "+15551234567", or digits). */
  phone: string;
  /** The channel to write on: `sms` or `whatsapp`. */
  channel: OutboundChannel;
  /** The template to open with (else the agent chooses among the channel's templates). */
  templateName?: string;
  /** Placeholder values and `locale` for this customer, over the desktop's `crmContext` (these win). */
  context?: Record<string, string>;
  /** The template language; else `context.locale`, then `crmContext.locale` (nearest version, else the default). */
  language?: string;
  /** Which of the organisation's numbers to send from (e.g. the CRM record's); else the agent chooses. */
  channelAddress?: string;
}

/** The filled template to open the conversation with. */
export interface FilledTemplate {
  templateName: string;
  language: string;
  values: Record<string, string>;
}

type Settle = (result: StartConversationResult | null) => void;

/**
 * The template picker's `start` mode: writing first, with a template, to a customer who may have no conversation
 * yet. It keeps the requests `startConversation()` made (each settles with the hub's answer once its template is
 * sent, or with null once the picker has moved on without sending it), the organisation's numbers to send from,
 * and sends: the desktop's `startConversation`, then the new conversation opens. The picker does the choosing and
 * filling, as in its other modes.
 */
export class StartConversationFlow {
  /** The organisation's numbers on the request's channel that the desktop knows of. */
  numbers: string[] = [];
  /** The one chosen to send from (none known: the hub's default number). */
  from: string | undefined;
  private readonly pending = new Map<StartConversationOptions, Settle>();
  /** The request whose template is on its way to the hub. */
  private sending: StartConversationOptions | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly store: () => DesktopStore | undefined,
  ) {}

  /** A new request (one per call, even with the same options), and what it settles with; bad options are refused. */
  begin(options: StartConversationOptions): {
    request: StartConversationOptions;
    result: Promise<StartConversationResult | null>;
  } {
    if (!OUTBOUND_CHANNELS.includes(options?.channel) || typeof options.phone !== 'string') {
      throw new TypeError('startConversation: give a `phone` and a `channel` ("sms" or "whatsapp").');
    }
    const request = { ...options };
    return { request, result: new Promise((resolve) => this.pending.set(request, resolve)) };
  }

  /** Settles with null every request the picker has moved on from (all but `current`), unless its template is on its way. */
  settleAllBut(current: StartConversationOptions | null): void {
    for (const [request, settle] of this.pending) {
      if (request === this.sending || request === current) continue;
      this.pending.delete(request);
      settle(null);
    }
  }

  /**
   * On opening for `request`: the numbers to send from. The contract has no list of the organisation's numbers:
   * those the desktop knows are its conversations' on the channel, newest first, and the host's; the default is the
   * host's, else the one this customer last wrote to, else the newest.
   */
  prepare({ channel, channelAddress, phone }: StartConversationOptions): void {
    const digits = (text: string) => text.replace(/\D/g, '');
    const conversations = [...(this.store()?.getState().conversations.values() ?? [])].filter(
      (c) => c.channel === channel,
    );
    const numbers = [channelAddress, ...conversations.map((c) => c.channelAddress)];
    this.numbers = [...new Set(numbers.filter((n): n is string => !!n))];
    const theirs = conversations.find((c) => digits(c.customerAddress) === digits(phone));
    this.from = channelAddress || theirs?.channelAddress || this.numbers[0];
  }

  /** Why nothing can be sent now, or null: writing first needs the desktop's hub (a conversation is opened there). */
  blockedReason(actions: DesktopActions | undefined, connected: boolean): string | null {
    return actions && connected ? null : 'The hub is unreachable, so templates cannot be sent. Reconnecting…';
  }

  /**
   * Sends `template` to the request's customer (`context`: the CRM's, with the request's over it), opens the new
   * conversation, calls `sent` and settles the request with the hub's answer. Rejects with the hub's refusal.
   */
  async send(
    actions: DesktopActions,
    request: StartConversationOptions,
    template: FilledTemplate,
    clientMessageId: string,
    { CustomerName, locale }: Readonly<Record<string, string>>,
    sent: () => void,
  ): Promise<void> {
    this.sending = request;
    try {
      const result = await actions.startConversation({
        ...template,
        clientMessageId,
        channel: request.channel,
        customerAddress: request.phone.trim(),
        ...(this.from ? { channelAddress: this.from } : {}),
        ...(CustomerName?.trim() ? { customerName: CustomerName.trim() } : {}),
        ...(locale?.trim() ? { customerLocale: locale.trim() } : {}),
      });
      actions.selectConversation(result.conversation.id);
      sent();
      this.pending.get(request)?.(result);
      this.pending.delete(request);
    } finally {
      this.sending = null;
    }
  }

  /** A refusal in words for the agent: writing first, `not_found` is about our number (the hub's words say which). */
  describe(failure: ActionFailure): string {
    return failure.code === ErrorCodes.notFound ? failure.detail : failure.description;
  }

  /** Who the template goes to, and (several known) the select of our numbers to send from. */
  render(request: StartConversationOptions, onFromChange: () => void) {
    const { numbers } = this;
    const change = (event: Event) => {
      this.from = (event.target as HTMLSelectElement).value;
      onFromChange();
      this.host.requestUpdate();
    };
    return html`<p id="recipient" part="recipient" class="hint">
        To <strong>${request.phone}</strong> on
        ${CHANNEL_LABELS[request.channel] ?? request.channel}${numbers.length === 1 ? ` from ${numbers[0]}` : ''}
      </p>
      ${
        numbers.length > 1
          ? html`<label class="label" for="from">From (our number)</label>
              <select id="from" part="from" class="input" @change=${change}>
                ${numbers.map((n) => html`<option ?selected=${n === this.from}>${n}</option>`)}
              </select>`
          : nothing
      }`;
  }
}
