import { css } from 'lit';

export const messageComposerStyles = css`
  :host {
    display: block;
    background: var(--_surface);
  }

  .base {
    display: flex;
    flex-direction: column;
    gap: 0.35rem;
    padding: 0.5rem 0.75rem 0.6rem;
    border-top: 1px solid var(--_border);
  }

  /* The text field on its own line, the buttons below it with Send at the end (room to type on narrow panes). */
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  .row [part='send-button'] {
    margin-inline-start: auto;
  }

  textarea {
    order: -1;
    flex: 1 1 100%;
    min-width: 0;
    min-height: 2.5rem;
    max-height: var(--ad-composer-max-height, 10rem);
    padding: 0.45rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    font: inherit;
    resize: vertical;
  }

  textarea:disabled {
    background: var(--_surface-muted);
  }

  textarea[aria-invalid='true'] {
    border-color: var(--_danger);
  }

  .footer {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.25rem 0.75rem;
    font-size: 0.75em;
    color: var(--_text-muted);
  }

  .counter.over {
    color: var(--_danger);
    font-weight: 600;
  }

  .reason {
    margin: 0;
  }

  .reason:empty {
    display: none;
  }

  .reason.blocking {
    color: var(--_danger);
  }

  .error p {
    margin: 0;
  }

  .template-only .reason {
    color: var(--_text);
    font-weight: 600;
  }

  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    max-width: 100%;
    padding: 0.15rem 0.2rem 0.15rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_surface-muted);
    font-size: 0.8125em;
  }

  .chip-name {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }

  .chip-details {
    color: var(--_text-muted);
    white-space: nowrap;
  }

  .chip-remove {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.5rem;
    height: 1.5rem;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: transparent;
    color: var(--_text);
    font: inherit;
    font-size: 1.1em;
    cursor: pointer;
  }

  .chip-remove:hover:not(:disabled) {
    background: var(--_border);
  }

  .chip-remove:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 1px;
  }
`;
