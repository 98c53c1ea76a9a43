-- Each line's profile fingerprint (SubscriberStore.FINGERPRINT: the MD5 of its brand, segment, home region and plan
-- columns as a row literal), kept with the row and written by every upsert, so that previews and grants group and
-- join lines alike on one uuid instead of hashing those columns for every line. This fills it for the rows already
-- stored, which rewrites the table: minutes for tens of millions of lines.
ALTER TABLE subscriber ADD COLUMN profile uuid;
UPDATE subscriber
SET profile = md5(ROW(brand, segment, home_region, plan_id, plan_type, currency, charges, services,
                      unlimited_data)::text)::uuid;
ALTER TABLE subscriber ALTER COLUMN profile SET NOT NULL;
