import { css } from 'lit';

export const presenceSelectorStyles = css`
  div {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.4rem;
  }

  .input {
    width: auto;
    min-height: 1.75rem;
    padding: 0 0.2rem;
  }
`;
