import { css } from 'lit';

export const offerToastStyles = css`
  section {
    display: grid;
    gap: 0.35rem;
    padding: 0.35rem 0.75rem;
    border-bottom: 1px solid var(--_border);
  }

  .offer {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.5rem;
    padding: 0.4rem 0.6rem;
    border: 1px solid var(--_border);
    border-left: 4px solid var(--_success);
    border-radius: var(--_radius);
  }

  .countdown {
    margin-left: auto;
    font-weight: 600;
  }

  progress,
  p {
    flex-basis: 100%;
    margin: 0;
    overflow-wrap: anywhere;
    white-space: pre-line;
  }

  progress {
    height: 4px;
  }
`;
