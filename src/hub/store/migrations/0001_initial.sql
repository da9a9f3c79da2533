-- Initial schema. Plain PostgreSQL: runs on PGlite and on a PostgreSQL server alike.
-- Every row belongs to an organisation; every query filters on org_id.

CREATE TABLE organisations (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One thread per customer address on one of our channel addresses. Closing resolves it; a new customer
-- message re-opens the same thread, so its sequence numbers keep counting without gaps.
CREATE TABLE conversations (
  id                 uuid PRIMARY KEY,
  org_id             text NOT NULL REFERENCES organisations(id),
  channel            text NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'gbm')),
  channel_address    text NOT NULL,
  customer_address   text NOT NULL,
  customer_name      text,
  status             text NOT NULL CHECK (status IN ('open', 'active', 'waiting', 'wrap_up', 'closed')),
  assigned_agent_id  text,
  last_seq           integer NOT NULL DEFAULT 0,
  unread_count       integer NOT NULL DEFAULT 0,
  preview            text NOT NULL DEFAULT '',
  last_activity_at   timestamptz NOT NULL,
  last_inbound_at    timestamptz,
  created_at         timestamptz NOT NULL,
  closed_at          timestamptz,
  UNIQUE (org_id, channel, channel_address, customer_address)
);
CREATE INDEX conversations_agent_idx ON conversations (org_id, assigned_agent_id, last_activity_at DESC);
CREATE INDEX conversations_status_idx ON conversations (org_id, status);

CREATE TABLE messages (
  id                   uuid PRIMARY KEY,
  org_id               text NOT NULL REFERENCES organisations(id),
  conversation_id      uuid NOT NULL REFERENCES conversations(id),
  seq                  integer NOT NULL,
  direction            text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  client_message_id    text,
  agent_id             text,
  body                 text NOT NULL,
  status               text NOT NULL CHECK (status IN ('received', 'pending', 'sent', 'delivered', 'read', 'failed')),
  error_code           text,
  error_detail         text,
  provider             text NOT NULL,
  provider_message_id  text,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  UNIQUE (conversation_id, seq),
  -- exactly-once from the agent's outbox
  UNIQUE (org_id, client_message_id),
  -- a provider's retried webhook never makes a second message
  UNIQUE (provider, provider_message_id)
);

-- Delivery reports that arrive before we have stored the provider's id for the message they are about
-- (a fast provider can call back before its own send request has returned). Applied once the id is known.
CREATE TABLE early_status_reports (
  provider             text NOT NULL,
  provider_message_id  text NOT NULL,
  status               text NOT NULL,
  error_code           text,
  error_detail         text,
  received_at          timestamptz NOT NULL,
  PRIMARY KEY (provider, provider_message_id, status)
);
