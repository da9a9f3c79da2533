import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { actionFailure } from '../../desktop/action-failure.js';
import { formStyles } from '../../styles/form.styles.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { DesktopElement } from '../desktop-element.js';
import { callKeypadStyles } from './call-keypad.styles.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
/** How many of the digits sent the keypad shows. */
const SHOWN_DIGITS = 32;

/**
 * @summary A DTMF keypad for a connected call: the twelve keys in a group, and the digits sent so far. Pressing a key,
 * or typing 0-9, * or # anywhere in the keypad, sends that touch-tone; tones go out one after another in the order
 * pressed. A tone the hub refuses shows why. `focus()` puts the focus on "1".
 *
 * @csspart base - The keypad (a group named "Keypad").
 * @csspart key - One key.
 * @csspart sent - The digits sent so far.
 * @csspart error - Why the last tone was refused.
 *
 * @cssproperty --ad-keypad-key-size - Width of a key (default 2.5rem).
 */
export class CallKeypad extends DesktopElement {
  static override styles = [themeStyles, sharedStyles, formStyles, callKeypadStyles];

  /** Touch-tones go out one after another, in the order pressed. */
  private tones: Promise<unknown> = Promise.resolve();

  /** The call the tones go to. */
  @property({ attribute: 'call-id' }) callId = '';

  /** Digits sent during this call. */
  @state() private dialled = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('callId')) this.dialled = '';
  }

  /** Sends one touch-tone (0-9, * or #) to the call. */
  press(digit: string): void {
    const { callId } = this;
    if (!callId || !KEYS.includes(digit)) return;
    this.dialled = (this.dialled + digit).slice(-SHOWN_DIGITS);
    this.tones = this.tones.then(async () => {
      try {
        await this.hubActions!.sendDtmf({ callId, digits: digit });
      } catch (error) {
        this.error = actionFailure(error).description;
      }
    });
  }

  /** Digits, * and # typed anywhere in the keypad are sent. */
  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (!KEYS.includes(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    this.press(event.key);
  };

  /** Moves the focus to the first key. */
  override focus(options?: FocusOptions): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.key')?.focus(options));
  }

  override render() {
    return html`<div part="base" class="base" role="group" aria-label="Keypad" @keydown=${this.onKeyDown}>
      <div class="keys">
        ${KEYS.map((key) => html`<button part="key" class="button key" type="button" @click=${() => this.press(key)}>${key}</button>`)}
      </div>
      <output part="sent" class="hint"
        >${this.dialled ? `Sent: ${this.dialled}` : 'Press or type digits, * and #.'}</output
      >
      <p part="error" class="error" role="alert" ?hidden=${!this.error}>${this.error}</p>
    </div>`;
  }
}
