-- WhatsApp through Twilio: customer locale, message attachments and templates, agent uploads.

ALTER TABLE conversations ADD COLUMN customer_locale text;

-- Attachments as JSON: [{ "url", "contentType", "name", "sizeBytes" }].
ALTER TABLE messages ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]';
-- A template message: which template and version, and the values that filled it (to send it again after a restart).
ALTER TABLE messages ADD COLUMN template_name text;
ALTER TABLE messages ADD COLUMN template_language text;
ALTER TABLE messages ADD COLUMN template_values jsonb;

-- Files agents upload to send; served to the provider from a signed URL.
CREATE TABLE uploads (
  id            uuid PRIMARY KEY,
  org_id        text NOT NULL REFERENCES organisations(id),
  agent_id      text NOT NULL,
  content_type  text NOT NULL,
  name          text NOT NULL,
  size_bytes    integer NOT NULL,
  content       bytea NOT NULL,
  created_at    timestamptz NOT NULL
);
