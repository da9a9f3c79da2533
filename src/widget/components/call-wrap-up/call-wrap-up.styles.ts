import { css } from 'lit';

export const callWrapUpStyles = css`
  :host {
    display: block;
  }

  .base {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.2rem;
  }

  .actions {
    align-items: center;
  }
`;
