import { css } from 'lit';

/** A pane of the desktop that fills its column (the inbox, the conversation view): its header, then what scrolls. */
export const paneStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    background: var(--_surface);
  }

  .base {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-height: 0;
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid var(--_border);
  }
`;
