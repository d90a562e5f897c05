from tests.customers import fixtures

fast_passwords = fixtures.fast_passwords
login_as = fixtures.login_as
make_shipment = fixtures.make_shipment
today = fixtures.today
