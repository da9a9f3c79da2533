-- Upload contents move to the file store (a files folder, or object storage): the table keeps what describes them.
-- Uploads made before keep their bytes here and are still served from this column.
ALTER TABLE uploads ALTER COLUMN content DROP NOT NULL;
