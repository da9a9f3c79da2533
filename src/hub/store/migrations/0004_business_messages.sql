-- Google's Business Messages: the agent's name on their messages (the API shows it to the customer), the
-- channel's context of a conversation (locale, place id, entry point) for routing, and provider request ids
-- already handled (Google retries deliveries for 7 days).

ALTER TABLE messages ADD COLUMN agent_display_name text;
ALTER TABLE conversations ADD COLUMN channel_context jsonb;

CREATE TABLE provider_requests (
  provider     text NOT NULL,
  request_id   text NOT NULL,
  received_at  timestamptz NOT NULL,
  PRIMARY KEY (provider, request_id)
);
