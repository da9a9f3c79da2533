import { css } from 'lit';

export const sessionWindowBannerStyles = css`
  :host {
    display: block;
  }

  .base {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.35rem 0.6rem;
    padding: 0.35rem 0.75rem;
    border-top: 1px solid var(--_border);
    border-left: 4px solid var(--_accent);
    background: var(--ad-session-window-background, var(--_surface-muted));
    color: var(--_text-muted);
    font-size: 0.8125em;
  }

  .base.closing {
    border-left-color: var(--_warning);
    background: var(--ad-session-window-warning-background, #fff4e0);
    color: var(--_warning);
    font-weight: 600;
  }

  .base.closed {
    border-left-color: var(--_danger);
    background: var(--ad-session-window-closed-background, var(--_danger-soft));
    color: var(--_text);
  }

  .text {
    flex: 1;
    min-width: 12rem;
    margin: 0;
  }

  .countdown {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }

  .detail {
    font-weight: normal;
  }

  .button {
    min-height: 1.75rem;
  }
`;
