import { css } from 'lit';

export const connectionStatusStyles = css`
  :host {
    display: inline-block;
  }

  .base {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    color: var(--_text-muted);
    font-size: 0.8125em;
    white-space: nowrap;
  }

  .indicator {
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: var(--ad-connection-status-disconnected-color, #8c959f);
    flex: none;
  }

  .connected .indicator {
    background: var(--ad-connection-status-connected-color, var(--_success));
  }

  .connecting .indicator,
  .reconnecting .indicator {
    background: var(--ad-connection-status-reconnecting-color, #bf8700);
    animation: pulse 1.2s ease-in-out infinite;
  }

  @media (prefers-reduced-motion: reduce) {
    .indicator {
      animation: none !important;
    }
  }

  @keyframes pulse {
    50% {
      opacity: 0.35;
    }
  }
`;
