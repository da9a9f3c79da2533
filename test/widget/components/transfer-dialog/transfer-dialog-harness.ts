import { waitUntil } from '@open-wc/testing';
import '../../../../src/widget/components/transfer-dialog/transfer-dialog.js';
import type { TransferDialog } from '../../../../src/widget/components/transfer-dialog/transfer-dialog.component.js';
import { settle, text } from '../../support/dom.js';

/** What the agent sees of a transfer dialog and does with it. */
export class TransferDialogHarness {
  constructor(readonly el: TransferDialog) {}

  private $<T extends Element>(selector: string): T | null {
    return this.el.shadowRoot?.querySelector<T>(selector) ?? null;
  }

  get dialog(): HTMLDialogElement {
    return this.$<HTMLDialogElement>('dialog')!;
  }

  /** The dialog's heading. */
  get title(): string {
    return text(this.$(`#${this.dialog.getAttribute('aria-labelledby')}`));
  }

  get select(): HTMLSelectElement {
    return this.$<HTMLSelectElement>('[part~="target"]')!;
  }

  /** The note field (null for a call, which has none). */
  get note(): HTMLTextAreaElement | null {
    return this.$<HTMLTextAreaElement>('[part~="note"]');
  }

  get submitButton(): HTMLButtonElement {
    return this.$<HTMLButtonElement>('[part~="submit-button"]')!;
  }

  get cancelButton(): HTMLButtonElement {
    return [...this.el.shadowRoot!.querySelectorAll('button')].find((b) => text(b) === 'Cancel')!;
  }

  get error(): HTMLElement {
    return this.$<HTMLElement>('[part~="error"]')!;
  }

  /** Every option of the choice: value, text and whether it is disabled (the first is the empty "Choose…"). */
  get options(): Array<[value: string, label: string, disabled: boolean]> {
    return [...this.select.options].map((o) => [o.value, text(o), o.disabled]);
  }

  /** Waits for the queues and agents to be listed. */
  async loaded(): Promise<void> {
    await waitUntil(() => this.dialog.open && this.select.options.length > 1, 'the queues and agents listed');
  }

  /** Chooses a target (`queueId:…` or `agentId:…`), writes the note (when given) and submits. */
  async transfer(target: string, note?: string): Promise<void> {
    this.select.value = target;
    if (note !== undefined) this.note!.value = note;
    this.submitButton.click();
    await settle(this.el);
  }
}
