from tests.customers import fixtures

login_as = fixtures.login_as
make_shipment = fixtures.make_shipment
today = fixtures.today
