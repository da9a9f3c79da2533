import { css } from 'lit';

export const templatePickerStyles = css`
  :host {
    display: contents;
  }

  .dialog {
    width: min(var(--ad-template-picker-width, 34rem), calc(100vw - 2rem));
    max-height: min(40rem, calc(100vh - 2rem));
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    box-shadow: 0 12px 32px rgb(0 0 0 / 0.2);
  }

  .dialog[open] {
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
    padding: 0 1rem 1rem;
  }

  .dialog::backdrop {
    background: rgb(0 0 0 / 0.35);
  }

  .header {
    position: sticky;
    top: 0;
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin: 0 -1rem;
    padding: 0.6rem 1rem;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
  }

  h2,
  h3 {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }

  .label {
    margin: 0.35rem 0 0;
    font-weight: 600;
    font-size: 0.875em;
  }

  .input {
    width: 100%;
    min-height: 2rem;
    padding: 0.3rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    font: inherit;
  }

  .input:focus-visible {
    outline: var(--_focus-ring);
    outline-offset: 1px;
  }

  .input[aria-invalid='true'] {
    border-color: var(--_danger);
  }

  .hint,
  .empty {
    margin: 0;
    color: var(--_text-muted);
    font-size: 0.8125em;
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

  .error {
    margin: 0;
    padding: 0.35rem 0.6rem;
    border-radius: var(--_radius);
    background: var(--_danger-soft);
    color: var(--_danger);
    font-size: 0.8125em;
  }

  [hidden] {
    display: none !important;
  }

  .actions {
    display: flex;
    justify-content: flex-end;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.4rem;
  }
`;
