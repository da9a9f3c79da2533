import { css } from 'lit';

export const conversationViewStyles = css`
  .title {
    display: flex;
    align-items: center;
    flex: 1;
    flex-wrap: wrap;
    gap: 0.2em 0.4em;
    min-width: 0;
  }

  .wrap-up {
    color: var(--_warning);
    font-size: 0.8125em;
  }

  .transfer-note {
    color: var(--_text);
    white-space: pre-line;
  }

  .header .button {
    flex: none;
    min-height: 1.75rem;
    font-size: 0.8125em;
  }

  .title h2 {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .number {
    color: var(--_text-muted);
  }

  .notice,
  .activity {
    margin: 0.4rem 0.75rem 0;
    font-size: 0.85em;
    color: var(--_text-muted);
  }

  .activity:empty {
    display: none;
  }

  .alert {
    margin: 0.5rem 0.75rem 0;
    padding: 0.4rem 0.6rem;
    border-radius: var(--_radius);
    background: var(--_danger-soft);
    color: var(--_danger);
  }

  .log {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 0.75rem;
    background: var(--ad-conversation-background, var(--_surface));
  }

  .messages {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .message {
    display: flex;
    flex-direction: column;
    max-width: min(85%, 36rem);
  }

  .message.inbound {
    align-self: flex-start;
    align-items: flex-start;
  }

  .message.outbound {
    align-self: flex-end;
    align-items: flex-end;
  }

  .bubble {
    padding: 0.4rem 0.65rem;
    border-radius: 0.75rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .inbound .bubble {
    background: var(--_inbound-bubble);
    border-bottom-left-radius: 0.2rem;
  }

  .outbound .bubble {
    background: var(--_outbound-bubble);
    border-bottom-right-radius: 0.2rem;
  }

  /* An outbound message on the timeline (sent by a configuration, not by an agent here): set apart. */
  .automated .bubble {
    background: var(--_surface);
    border: 1px dashed var(--_accent);
  }

  .failed .bubble {
    outline: 1px solid var(--_danger);
  }

  .bubble a {
    color: var(--_accent);
  }

  .meta {
    margin-top: 0.15rem;
    color: var(--_text-muted);
    font-size: 0.75em;
  }

  .failure {
    color: var(--_danger);
    font-size: 0.8em;
  }

  .outbox-actions {
    display: flex;
    gap: 0.25rem;
    margin-top: 0.2rem;
  }

  .empty {
    margin: auto;
    padding: 2rem 1rem;
    color: var(--_text-muted);
    text-align: center;
  }

  .template-label {
    margin-bottom: 0.15rem;
    color: var(--_text-muted);
    font-size: 0.75em;
    font-weight: 600;
  }

  .attachments {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin: 0.25rem 0 0;
    padding: 0;
    list-style: none;
  }

  .message.inbound .attachments {
    align-items: flex-start;
  }

  .message.outbound .attachments {
    align-items: flex-end;
  }

  .attachment.image a {
    display: block;
    line-height: 0;
    border-radius: 0.75rem;
  }

  .attachment.image img {
    display: block;
    max-width: min(100%, var(--ad-attachment-image-max-width, 16rem));
    max-height: var(--ad-attachment-image-max-height, 12rem);
    border: 1px solid var(--_border);
    border-radius: 0.75rem;
    object-fit: contain;
    background: var(--_surface-muted);
  }

  .attachment.file {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.2rem 0.4rem;
    padding: 0.35rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    overflow-wrap: anywhere;
  }

  .attachment.file a {
    color: var(--_accent);
    font-weight: 600;
  }

  .file-details {
    color: var(--_text-muted);
    font-size: 0.8em;
  }
`;
