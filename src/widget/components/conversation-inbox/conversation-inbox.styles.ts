import { css } from 'lit';

export const conversationInboxStyles = css`
  :host {
    --_row-selected: var(--ad-inbox-selected-color, var(--_accent-soft));
  }

  .header {
    flex-wrap: nowrap;
    align-items: baseline;
  }

  .heading {
    margin: 0;
    font-size: 0.875em;
    font-weight: 600;
  }

  .count,
  .note {
    color: var(--_text-muted);
    font-size: 0.75em;
  }

  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    padding: 0.3rem 0.75rem;
    border-bottom: 1px solid var(--_border);
  }

  .filters [aria-pressed='true'] {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_accent-contrast);
  }

  .listbox {
    position: relative;
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    outline: none;
  }

  .listbox:focus-visible {
    box-shadow: inset 0 0 0 2px var(--_accent);
  }

  .spacer {
    position: relative;
    width: 100%;
  }

  .row {
    position: absolute;
    left: 0;
    right: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-rows: auto auto;
    align-content: center;
    column-gap: 0.5em;
    row-gap: 0.15em;
    padding: 0 0.75rem;
    border-bottom: 1px solid var(--_surface-muted);
    border-left: 3px solid transparent;
    cursor: pointer;
    overflow: hidden;
  }

  .row:hover {
    background: var(--_surface-muted);
  }

  /* not caught up yet after a reconnect: what it shows may be stale */
  .row.behind .who,
  .row.behind .preview {
    opacity: 0.7;
  }

  .row[aria-selected='true'] {
    background: var(--_row-selected);
    border-left-color: var(--_accent);
  }

  .listbox:focus-visible .row.active {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }

  .who {
    display: flex;
    align-items: center;
    gap: 0.4em;
    min-width: 0;
  }

  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .unread .name {
    font-weight: 700;
  }

  .number {
    color: var(--_text-muted);
    font-size: 0.85em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }

  .time {
    color: var(--_text-muted);
    font-size: 0.75em;
    white-space: nowrap;
    justify-self: end;
  }

  .preview {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--_text-muted);
  }

  .unread .preview {
    color: var(--_text);
  }

  .end {
    display: flex;
    align-items: center;
    gap: 0.35em;
    justify-self: end;
  }

  .unread-badge {
    min-width: 1.5em;
    justify-content: center;
    background: var(--_accent);
    color: var(--_accent-contrast);
  }

  .empty {
    margin: auto;
    padding: 2rem 1rem;
    color: var(--_text-muted);
    text-align: center;
  }
`;
