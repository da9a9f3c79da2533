import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  MAX_CASE_DESCRIPTION_CHARACTERS,
  MAX_CASE_TITLE_CHARACTERS,
  type Call,
  type CustomerCase,
} from '../../../protocol/calls.js';
import type { DesktopActions } from '../../desktop/desktop-actions.js';
import { RecordOpenEvent, type RecordOpenDetail } from '../../events/record-open-event.js';
import { callerOf } from '../../format/labels.js';
import { safeHttpUrl } from '../../format/text-links.js';
import { agentCalls } from '../../state/active-call.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { screenPopPanelStyles } from './screen-pop-panel.styles.js';

const CASE_STATUS: Record<CustomerCase['status'], string> = {
  active: 'Active',
  resolved: 'Resolved',
  cancelled: 'Cancelled',
};

/**
 * The URL to open a record at: the host's template (`{entityName}` and `{id}` filled, URL-encoded; relative to the
 * page), else the CRM link the hub gave. Only http(s) URLs; null for anything else.
 */
export function recordUrl(
  template: string,
  entityName: RecordOpenDetail['entityName'],
  id: string,
  fromHub: string | null,
): string | null {
  const candidate = template
    ? template.replace(/\{entityName\}/g, encodeURIComponent(entityName)).replace(/\{id\}/g, encodeURIComponent(id))
    : fromHub;
  if (!candidate) return null;
  try {
    return safeHttpUrl(new URL(candidate, document.baseURI).href);
  } catch {
    return null;
  }
}

/**
 * @summary The screen pop: once the agent answers, who is calling as the CRM knows them (contact name and number)
 * and their latest case (title, number, status), with "Open record". When the CRM knows no contact for the
 * number, or the contact has no case, a "New case" form (title, description; for an unknown caller also their
 * name) creates one in the CRM through the hub and shows it. When the CRM could not be reached, "Try again" runs
 * the look-up again. The page never talks to the CRM: look-ups and new cases go through the hub.
 *
 * "Open record" sends `ad-record-open` (cancelable) with the entity name and id; unless a listener cancels it,
 * the record opens in a new tab (`noopener,noreferrer`): the `record-url-template` filled in, else the CRM link
 * the hub sent; only http(s) URLs are ever opened. Shows the agent's current call (as `<ad-softphone-panel>` does)
 * while connected, on hold and in wrap-up; nothing otherwise.
 *
 * @event ad-record-open - The agent asked to open a CRM record (cancelable: nothing opens).
 *
 * @csspart base - The panel.
 * @csspart contact - The contact's name and number.
 * @csspart case - The latest case.
 * @csspart open-record-button - "Open record" (the case).
 * @csspart open-contact-button - "Open contact".
 * @csspart new-case - The "New case" form.
 * @csspart create-button - "Create case".
 * @csspart retry-button - "Try again" (the CRM could not be reached).
 * @csspart error - Why the last request failed.
 *
 * @cssproperty --ad-screen-pop-background - Background of the panel.
 */
export class ScreenPopPanel extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, formStyles, screenPopPanelStyles];

  private readonly view = this.select((state) => ({ call: agentCalls(state)[0] ?? null }));

  /** The call to show; by default the agent's current call from the store. */
  @property({ attribute: false }) call?: Call | null;
  /**
   * Where "Open record" goes, e.g. `https://crm.example.com/main.aspx?etn={entityName}&id={id}&pagetype=entityrecord`
   * (`{entityName}` is `incident` or `contact`); without it, the CRM link the hub sends (when configured).
   */
  @property({ attribute: 'record-url-template' }) recordUrlTemplate = '';

  /** The new-case form, for which call. */
  @state() private form = { callId: '', title: '', description: '', contactName: '', invalid: false };

  private get currentCall(): Call | null {
    const call = this.call !== undefined ? this.call : this.view.value.call;
    return call && (call.state === 'connected' || call.state === 'on_hold' || call.state === 'wrap_up') ? call : null;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const id = this.currentCall?.id ?? '';
    if (id !== this.form.callId) {
      this.form = { callId: id, title: '', description: '', contactName: '', invalid: false };
      this.error = '';
    }
  }

  private open(entityName: RecordOpenDetail['entityName'], id: string, fromHub: string | null): void {
    const url = recordUrl(this.recordUrlTemplate, entityName, id, fromHub);
    const event = new RecordOpenEvent({ entityName, id, url });
    this.dispatchEvent(event);
    if (!event.defaultPrevented && url) window.open(url, '_blank', 'noopener,noreferrer');
  }

  /** Runs a look-up or a new case on the hub for the shown call; a refusal is shown in the panel. */
  private request(work: (actions: DesktopActions, call: Call) => Promise<unknown>): Promise<boolean> {
    const call = this.currentCall;
    return call ? this.run((actions) => work(actions, call)) : Promise.resolve(false);
  }

  private readonly onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const { title, description, contactName } = this.form;
    if (!title.trim()) {
      this.form = { ...this.form, invalid: true };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#case-title')?.focus();
      return;
    }
    const created = await this.request((actions, call) =>
      actions.createCase({
        callId: call.id,
        title: title.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(contactName.trim() ? { contactName: contactName.trim() } : {}),
      }),
    );
    if (!created) return;
    this.form = { ...this.form, title: '', description: '', contactName: '', invalid: false };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="open-record-button"]')?.focus();
  };

  private field(name: 'title' | 'description' | 'contactName') {
    return (event: Event) => {
      const value = (event.target as HTMLInputElement).value;
      this.form = {
        ...this.form,
        [name]: value,
        invalid: this.form.invalid && name === 'title' ? !value.trim() : this.form.invalid,
      };
    };
  }

  override render() {
    const call = this.currentCall;
    if (!call) return nothing;
    const { name, number } = callerOf(call);
    const customer = call.customer;
    const latest = customer?.latestCase ?? null;
    const pending = call.lookupStatus === 'pending';
    let body;
    if (pending) {
      body = html`<p class="hint">Looking up the caller in the CRM…</p>`;
    } else if (call.lookupStatus === 'unavailable' && !customer) {
      body = html`<p class="notice">The CRM could not be reached, so the caller is not known yet.</p>
        <button
          part="retry-button"
          class="button"
          type="button"
          @click=${() => void this.request((a, c) => a.lookupCustomer(c.id))}
        >
          ${this.busy ? 'Trying again…' : 'Try again'}
        </button>`;
    } else {
      body = html`${
        customer
          ? html`<div part="contact" class="contact">
              <span class="name">${customer.fullName}</span>
              <span class="number">${customer.phone ?? number}</span>
              <button
                part="open-contact-button"
                class="button"
                type="button"
                @click=${() => this.open('contact', customer.contactId, customer.recordUrl)}
              >
                Open contact
              </button>
            </div>`
          : html`<p class="notice">
              ${call.lookupStatus === 'no_number' ? "The caller's number is withheld" : `No contact in the CRM has the number ${number}`}.
            </p>`
      }
      ${latest ? this.renderCase(latest) : this.renderForm(!customer)}`;
    }
    return html`
      <section part="base" class="base" aria-label="Caller: ${name ?? number}" aria-busy=${pending ? 'true' : 'false'}>
        ${body}
        <p part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</p>
      </section>
    `;
  }

  private renderCase(latest: CustomerCase) {
    return html`<div part="case" class="case">
      <span class="label">Latest case</span>
      <span class="case-title">${latest.title}</span>
      <span class="case-number">${latest.ticketNumber}</span>
      <span class="badge status-badge status-${latest.status}">${CASE_STATUS[latest.status]}</span>
      <button
        part="open-record-button"
        class="button primary"
        type="button"
        @click=${() => this.open('incident', latest.incidentId, latest.recordUrl)}
      >
        Open record
      </button>
    </div>`;
  }

  private renderForm(unknownCaller: boolean) {
    const { title, description, contactName, invalid } = this.form;
    return html`
      <form part="new-case" class="new-case" aria-labelledby="new-case-title" novalidate @submit=${this.onSubmit}>
        <h3 id="new-case-title">New case</h3>
        ${
          unknownCaller
            ? html`<label class="label" for="contact-name"
                  >Caller's name <span class="optional">(optional)</span></label
                >
                <input
                  id="contact-name"
                  class="input"
                  autocomplete="off"
                  maxlength="160"
                  .value=${contactName}
                  @input=${this.field('contactName')}
                />`
            : nothing
        }
        <label class="label" for="case-title">Title</label>
        <input
          id="case-title"
          class="input"
          autocomplete="off"
          required
          maxlength=${MAX_CASE_TITLE_CHARACTERS}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby="title-error"
          .value=${title}
          @input=${this.field('title')}
        />
        <p id="title-error" class="missing" ?hidden=${!invalid}>Enter a title for the case.</p>
        <label class="label" for="case-description">Description <span class="optional">(optional)</span></label>
        <textarea
          id="case-description"
          class="input"
          rows="2"
          maxlength=${MAX_CASE_DESCRIPTION_CHARACTERS}
          .value=${description}
          @input=${this.field('description')}
        ></textarea>
        <div class="actions">
          <button part="create-button" class="button primary" type="submit">
            ${this.busy ? 'Creating…' : 'Create case'}
          </button>
        </div>
      </form>
    `;
  }
}
