import { css } from 'lit';

export const callKeypadStyles = css`
  :host {
    display: block;
  }

  .base {
    display: flex;
    flex-wrap: wrap;
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
    flex-basis: 100%;
  }
`;
