import { css } from 'lit';

export const screenPopPanelStyles = css`
  :host {
    display: block;
  }

  .base {
    display: flex;
    flex-direction: column;
    gap: 0.4rem;
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid var(--_border);
    background: var(--ad-screen-pop-background, var(--_surface));
  }

  .contact,
  .case {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.6rem;
  }

  .name,
  .case-title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .number,
  .case-number {
    color: var(--_text-muted);
    font-variant-numeric: tabular-nums;
  }

  .case {
    padding: 0.4rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .case .label {
    flex-basis: 100%;
    margin: 0;
    color: var(--_text-muted);
  }

  .case .button {
    margin-inline-start: auto;
  }

  .notice {
    margin: 0;
  }

  .new-case {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.2rem;
  }

  .optional {
    color: var(--_text-muted);
    font-weight: normal;
  }

  .missing {
    margin: 0;
    color: var(--_danger);
    font-size: 0.8125em;
    font-weight: 600;
  }

  .status-active {
    background: #fff4e0;
    color: var(--_warning);
  }
`;
