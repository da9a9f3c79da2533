-- Outbound messages: configurations, the send log (which is also the timeline's activities), schedules, opt-outs
-- and the per-organisation request counter.

-- An outbound send is a message outside any conversation: it goes through the same provider dispatch and
-- delivery reports as agents' replies, and carries its own addresses instead of a conversation.
ALTER TABLE messages ALTER COLUMN conversation_id DROP NOT NULL;
ALTER TABLE messages ADD COLUMN channel text;
ALTER TABLE messages ADD COLUMN channel_address text;
ALTER TABLE messages ADD COLUMN customer_address text;

CREATE TABLE outbound_configurations (
  id                uuid PRIMARY KEY,
  org_id            text NOT NULL REFERENCES organisations(id),
  name              text NOT NULL,
  show_on_timeline  boolean NOT NULL,
  channel           text NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
  channel_address   text NOT NULL,
  template_name     text NOT NULL,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  -- deleted configurations stay for the send log; their name is free again
  deleted_at        timestamptz
);
CREATE UNIQUE INDEX outbound_configurations_name_idx ON outbound_configurations (org_id, lower(name)) WHERE deleted_at IS NULL;

-- One row per contact of every send (API, event, schedule): the outcome, and for attempted sends the message.
-- A dedupe key (idempotency key, event id or schedule occurrence + number) makes a retry answer from here.
CREATE TABLE outbound_sends (
  id                        uuid PRIMARY KEY,
  org_id                    text NOT NULL REFERENCES organisations(id),
  configuration_id          uuid NOT NULL REFERENCES outbound_configurations(id),
  trigger                   text NOT NULL CHECK (trigger IN ('api', 'event', 'schedule')),
  trigger_ref               text,
  dedupe_key                text,
  channel                   text NOT NULL,
  channel_address           text NOT NULL,
  customer_address          text NOT NULL,
  outcome                   text NOT NULL CHECK (outcome IN ('sent', 'skipped_no_consent', 'skipped_opted_out', 'invalid', 'failed')),
  error_code                text,
  error_field               text,
  error_detail              text,
  message_id                uuid REFERENCES messages(id),
  show_on_timeline          boolean NOT NULL,
  customer_name             text,
  case_name                 text,
  entity_relationship_name  text,
  locale                    text,
  language                  text,
  created_at                timestamptz NOT NULL,
  UNIQUE (org_id, dedupe_key)
);
CREATE INDEX outbound_sends_timeline_idx ON outbound_sends (org_id, channel, channel_address, customer_address, created_at) WHERE show_on_timeline;
CREATE INDEX outbound_sends_message_idx ON outbound_sends (message_id);

-- Who opted out of which of our numbers (STOP); START opts back in. Kept per channel address.
CREATE TABLE opt_outs (
  org_id            text NOT NULL REFERENCES organisations(id),
  channel           text NOT NULL,
  channel_address   text NOT NULL,
  customer_address  text NOT NULL,
  opted_out         boolean NOT NULL,
  keyword           text,
  source            text NOT NULL,
  changed_at        timestamptz NOT NULL,
  PRIMARY KEY (org_id, channel, channel_address, customer_address)
);

-- Requests per organisation per fixed clock hour (window_start = the hour), so a restart keeps the count.
CREATE TABLE api_rate_counters (
  org_id        text NOT NULL,
  bucket        text NOT NULL,
  window_start  timestamptz NOT NULL,
  count         integer NOT NULL,
  PRIMARY KEY (org_id, bucket, window_start)
);

-- Scheduled sends. An occurrence is claimed by moving next_run_at on (compare-and-set) and noting it in
-- running_occurrence until every contact is done; a hub that stops mid-run leaves the claim to expire, and the
-- next hub finishes that occurrence (contacts already attempted are recognised by their dedupe keys).
CREATE TABLE outbound_schedules (
  id                  uuid PRIMARY KEY,
  org_id              text NOT NULL REFERENCES organisations(id),
  configuration_id    uuid NOT NULL REFERENCES outbound_configurations(id),
  name                text,
  schedule            jsonb NOT NULL,
  contacts            jsonb NOT NULL,
  next_run_at         timestamptz,
  running_occurrence  timestamptz,
  claimed_by          text,
  claimed_until       timestamptz,
  last_run_at         timestamptz,
  last_result         jsonb,
  run_count           integer NOT NULL DEFAULT 0,
  created_at          timestamptz NOT NULL,
  deleted_at          timestamptz
);
CREATE INDEX outbound_schedules_due_idx ON outbound_schedules (next_run_at) WHERE deleted_at IS NULL;
