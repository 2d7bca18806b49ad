-- Transforming encrypted values in SQL: the server holds only ciphertext, so the driver refuses this.
UPDATE customers SET email = lower(email);
