-- Routing: queues, offers, parked and wrap-up conversations, transfers, agents' chosen presence, and a log of
-- what happened to each conversation (who it was offered and assigned to, and when).

ALTER TABLE conversations ADD COLUMN queue_id text;
-- When it entered its queue: its place there (declines and expired offers keep it).
ALTER TABLE conversations ADD COLUMN queued_at timestamptz;
ALTER TABLE conversations ADD COLUMN offered_agent_id text;
ALTER TABLE conversations ADD COLUMN offered_at timestamptz;
ALTER TABLE conversations ADD COLUMN offer_expires_at timestamptz;
-- Agents who declined (or let expire) an offer of it while it waits; not offered to them again unless nobody else can take it.
ALTER TABLE conversations ADD COLUMN declined_agent_ids text[] NOT NULL DEFAULT '{}';
ALTER TABLE conversations ADD COLUMN offer_ended_at timestamptz;
ALTER TABLE conversations ADD COLUMN wrap_up_ends_at timestamptz;
-- The latest transfer's hand-over note (TransferNote in src/protocol/routing.ts).
ALTER TABLE conversations ADD COLUMN transfer jsonb;
CREATE INDEX conversations_queue_idx ON conversations (org_id, status, queued_at);
CREATE INDEX conversations_offered_idx ON conversations (org_id, offered_agent_id);

-- Agents' chosen presence, so it survives reconnects and hub restarts.
CREATE TABLE agent_presence (
  org_id      text NOT NULL REFERENCES organisations(id),
  agent_id    text NOT NULL,
  presence    text NOT NULL CHECK (presence IN ('available', 'busy', 'dnd', 'away')),
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (org_id, agent_id)
);

CREATE TABLE conversation_events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id           text NOT NULL REFERENCES organisations(id),
  conversation_id  uuid NOT NULL REFERENCES conversations(id),
  kind             text NOT NULL CHECK (kind IN ('queued', 'offered', 'declined', 'offer_expired', 'offer_withdrawn', 'assigned',
                                                 'parked', 'resumed', 'wrap_up', 'closed', 'transferred')),
  agent_id         text,
  queue_id         text,
  detail           jsonb,
  at               timestamptz NOT NULL
);
CREATE INDEX conversation_events_conversation_idx ON conversation_events (org_id, conversation_id, id);
