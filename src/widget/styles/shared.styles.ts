import { css } from 'lit';

/** Small building blocks several components use: visually hidden text, buttons, badges, presence dots. */
export const sharedStyles = css`
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.35em;
    min-height: 2rem;
    padding: 0 0.85em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  .button:hover:not(:disabled) {
    background: var(--_surface-muted);
  }

  .button.primary {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-contrast);
  }

  .button.primary:hover:not(:disabled) {
    background: var(--_accent);
    filter: brightness(0.92);
  }

  .button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  .button:focus-visible,
  [tabindex]:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 2px;
  }

  .button.small {
    min-height: 1.6rem;
    padding: 0 0.6em;
    font-size: 0.8125em;
  }

  .dot {
    display: inline-block;
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    flex: none;
    background: #8c959f;
  }

  .dot.presence-available {
    background: var(--_success);
  }

  .dot.presence-busy {
    background: #bc4c00;
  }

  .dot.presence-dnd {
    background: var(--_danger);
  }

  .dot.presence-away {
    background: #bf8700;
  }

  .badge {
    display: inline-flex;
    align-items: center;
    padding: 0 0.45em;
    border-radius: 999px;
    font-size: 0.75em;
    font-weight: 600;
    line-height: 1.5;
    white-space: nowrap;
  }

  .channel-badge {
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text-muted);
  }

  .status-badge {
    background: var(--_surface-muted);
    color: var(--_text-muted);
  }

  .status-badge.status-closed {
    background: transparent;
    border: 1px dashed var(--_border);
  }

  .status-badge.status-open {
    background: #fff4e0;
    color: var(--_warning);
  }
`;
