UPDATE customers SET ssn = '000-00-0000' WHERE email = 'grace@example.com';
