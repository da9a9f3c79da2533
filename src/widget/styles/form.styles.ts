import { css } from 'lit';

/**
 * Fields, hints and errors, and the modal dialog's frame: shared by the template picker, the softphone (wrap-up,
 * transfer) and the screen pop (new case). A component sets `--_dialog-width` on `:host` for its dialog.
 */
export const formStyles = css`
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

  .dialog {
    width: min(var(--_dialog-width, 34rem), calc(100vw - 2rem));
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

  .dialog-header {
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

  .actions {
    display: flex;
    justify-content: flex-end;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.4rem;
  }
`;
