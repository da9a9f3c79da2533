-- Voice calls: one row per call the contact-centre platform reports (by its interaction id), and the log of
-- what happened to each (platform events, agent actions, the hub's own offers), which also makes retried
-- platform events with an eventId harmless.

CREATE TABLE calls (
  id                    uuid PRIMARY KEY,
  org_id                text NOT NULL REFERENCES organisations(id),
  interaction_id        text NOT NULL,
  ani                   text NOT NULL,
  caller_number         text,
  dnis                  text NOT NULL,
  state                 text NOT NULL CHECK (state IN ('ivr', 'queued', 'offered', 'connected', 'on_hold', 'wrap_up', 'ended')),
  queue_id              text,
  assigned_agent_id     text,
  -- agents who declined it or let it ring out: it is not offered to them again
  declined_by           text[] NOT NULL DEFAULT '{}',
  muted                 boolean NOT NULL DEFAULT false,
  flow_variables        jsonb NOT NULL DEFAULT '{}',
  lookup_status         text NOT NULL CHECK (lookup_status IN ('pending', 'found', 'not_found', 'unavailable', 'no_number')),
  customer              jsonb,
  greeting              text,
  arrived_at            timestamptz NOT NULL,
  queued_at             timestamptz,
  offered_at            timestamptz,
  answered_at           timestamptz,
  held_at               timestamptz,
  ended_at              timestamptz,
  wrap_up_started_at    timestamptz,
  wrap_up_ends_at       timestamptz,
  wrap_up_notes         text,
  wrap_up_disposition   text,
  wrap_up_completed_at  timestamptz,
  updated_at            timestamptz NOT NULL,
  UNIQUE (org_id, interaction_id)
);
CREATE INDEX calls_agent_idx ON calls (org_id, assigned_agent_id, state);
CREATE INDEX calls_state_idx ON calls (org_id, state, queued_at);

CREATE TABLE call_events (
  id          uuid PRIMARY KEY,
  org_id      text NOT NULL REFERENCES organisations(id),
  call_id     uuid NOT NULL REFERENCES calls(id),
  -- platform (a call event), agent (a hub method) or hub (routing, ring timeout)
  source      text NOT NULL CHECK (source IN ('platform', 'agent', 'hub')),
  action      text NOT NULL,
  -- the platform's id of the event, when it sends one
  event_id    text,
  agent_id    text,
  from_state  text NOT NULL,
  to_state    text NOT NULL,
  detail      jsonb,
  at          timestamptz NOT NULL,
  UNIQUE (org_id, call_id, event_id)
);
CREATE INDEX call_events_call_idx ON call_events (org_id, call_id, at);
