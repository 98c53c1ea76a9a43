-- The bill-shock guard names the lines of a held invoice's account, so that the notifier can tell them.
CREATE INDEX subscriber_billing_account ON subscriber (billing_account, id);
