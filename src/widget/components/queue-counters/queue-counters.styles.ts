import { css } from 'lit';

export const queueCountersStyles = css`
  ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  li {
    gap: 0.3em;
  }
`;
