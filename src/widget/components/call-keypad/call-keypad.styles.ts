import { css } from 'lit';

export const callKeypadStyles = css`
  :host {
    display: block;
  }

  /* the keys, the digits sent beside them, and a refusal below */
  .base {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    align-items: center;
    gap: 0.5rem;
  }

  .keys {
    display: grid;
    grid-template-columns: repeat(3, var(--ad-keypad-key-size, 2.5rem));
    gap: 0.3rem;
  }

  .key {
    padding: 0;
    font-variant-numeric: tabular-nums;
  }

  .error {
    grid-column: 1 / -1;
  }
`;
