-- Seed data: the driver rewrites the literals bound for email and ssn to ciphertext literals.
INSERT INTO customers (name, email, ssn) VALUES
  ('Ada', 'ada@example.com', '123-45-6789'),
  ('Grace', 'grace@example.com', '987-65-4321');
