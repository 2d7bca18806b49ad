ALTER TABLE customers ADD COLUMN city text;
UPDATE customers SET city = 'London' WHERE email = 'ada@example.com';
