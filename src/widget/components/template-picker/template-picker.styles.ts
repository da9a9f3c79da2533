import { css } from 'lit';

export const templatePickerStyles = css`
  :host {
    display: contents;
    --_dialog-width: var(--ad-template-picker-width, 34rem);
  }

  .results {
    margin: 0;
    padding: 0;
    list-style: none;
    overflow-y: auto;
    max-height: 20rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .results:empty {
    display: none;
  }

  .option {
    display: grid;
    gap: 0.1rem;
    padding: 0.45rem 0.6rem;
    border-bottom: 1px solid var(--_border);
    cursor: pointer;
  }

  .option:last-child {
    border-bottom: none;
  }

  .option[aria-selected='true'] {
    background: var(--_accent-soft);
    box-shadow: inset 3px 0 0 var(--_accent);
  }

  .option-name {
    font-weight: 600;
  }

  .option-meta {
    color: var(--_text-muted);
    font-size: 0.8125em;
  }

  .option-text {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: 0.875em;
  }

  .details {
    display: flex;
    flex-direction: column;
    gap: 0.3rem;
    padding-top: 0.4rem;
  }

  .fields {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    border: none;
  }

  .preview {
    margin: 0;
    padding: 0.5rem 0.65rem;
    border-radius: 0.75rem;
    border-bottom-right-radius: 0.2rem;
    background: var(--_outbound-bubble);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .missing {
    margin: 0;
    color: var(--_danger);
    font-size: 0.8125em;
    font-weight: 600;
  }
`;
