import { css } from 'lit';

export const routingOverviewStyles = css`
  div {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1.5rem;
    font-size: 0.8125em;
  }

  caption,
  th,
  td {
    padding-right: 0.5rem;
    text-align: start;
    font-weight: normal;
    white-space: nowrap;
  }
`;
