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

  .row {
    display: flex;
    align-items: flex-end;
    gap: 0.5rem;
  }

  textarea {
    flex: 1;
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

  .error {
    margin: 0;
    padding: 0.35rem 0.6rem;
    border-radius: var(--_radius);
    background: var(--_danger-soft);
    color: var(--_danger);
    font-size: 0.8125em;
  }
`;
