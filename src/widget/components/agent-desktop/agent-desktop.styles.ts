import { css } from 'lit';

export const agentDesktopStyles = css`
  :host {
    display: block;
    height: var(--ad-height, 600px);
    min-height: 0;
    overflow: hidden;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    container-type: inline-size;
  }

  .base {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.3rem 0.75rem;
    padding: 0.35rem 0.75rem;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface-muted);
  }

  .agent {
    flex: 1 1 6rem;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }

  ad-queue-counters {
    flex-basis: 100%;
  }

  .team,
  ad-offer-toast {
    flex: none;
    max-height: 40%;
    overflow-y: auto;
  }

  .team {
    padding: 0.2rem 0.75rem;
    border-bottom: 1px solid var(--_border);
  }

  ad-screen-pop-panel {
    flex: none;
    max-height: var(--ad-screen-pop-max-height, 45%);
    overflow-y: auto;
  }

  .alerts {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .alert {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.35rem 0.75rem;
    border-bottom: 1px solid var(--_border);
    background: var(--_danger-soft);
    color: var(--_danger);
  }

  .alert span {
    flex: 1;
  }

  .panes {
    flex: 1;
    min-height: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    grid-template-rows: minmax(7.5rem, 34%) minmax(0, 1fr);
  }

  ad-conversation-inbox {
    min-height: 0;
    border-bottom: 1px solid var(--_border);
  }

  .conversation {
    display: flex;
    flex-direction: column;
    min-width: 0;
    min-height: 0;
  }

  ad-conversation-view {
    flex: 1;
    min-height: 0;
  }

  @container (min-width: 720px) {
    .panes {
      grid-template-columns: minmax(16rem, 34%) minmax(0, 1fr);
      grid-template-rows: minmax(0, 1fr);
    }

    ad-conversation-inbox {
      border-bottom: none;
      border-right: 1px solid var(--_border);
    }
  }
`;
