import { css } from 'lit';

export const softphonePanelStyles = css`
  :host {
    display: block;
  }

  .base {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem 0.75rem;
    padding: 0.4rem 0.75rem;
    border-bottom: 1px solid var(--_border);
    border-left: 4px solid var(--_accent);
    background: var(--ad-softphone-background, var(--_accent-soft));
  }

  .base.offered {
    border-left-color: var(--_success);
    background: var(--ad-softphone-ringing-background, #e6f4ea);
  }

  .base.on_hold {
    border-left-color: var(--_warning);
  }

  .base.wrap_up,
  .base.idle {
    border-left-color: var(--_border);
    background: var(--_surface-muted);
  }

  .base.idle {
    padding-block: 0.2rem;
  }

  .idle .button {
    min-height: 1.6rem;
    font-size: 0.8125em;
  }

  .summary {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.2rem 0.6rem;
    flex: 1 1 12rem;
    min-width: 0;
  }

  .title {
    font-weight: 600;
  }

  .caller {
    overflow-wrap: anywhere;
  }

  .timer,
  .number {
    font-variant-numeric: tabular-nums;
  }

  .timer {
    font-weight: 600;
  }

  .more {
    background: var(--_surface);
    color: var(--_text-muted);
  }

  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }

  .button[aria-pressed='true'],
  .button[aria-pressed='true']:hover:not(:disabled) {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-contrast);
  }

  .button.danger,
  .button.danger:hover:not(:disabled) {
    border-color: var(--_danger);
    background: var(--_danger);
    color: #fff;
  }

  .button[aria-pressed='true']:hover:not(:disabled),
  .button.danger:hover:not(:disabled) {
    filter: brightness(0.92);
  }

  .keypad,
  .wrap-up {
    flex-basis: 100%;
  }

  .error {
    flex-basis: 100%;
  }
`;
