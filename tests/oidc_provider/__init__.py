"""A real OpenID Connect provider for the tests, standing in for ACM/IDM: a minimal Django project of its own
(django-oauth-toolkit's OIDC support, its own SQLite file), run in a second process by tests/identity/conftest.py.
Users and the registered client come from the JSON file named by OIDC_PROVIDER_CONFIG; users carry ACM/IDM's
claims (vo_doelgroepcode, vo_orgcode, the roles claim) under the scope `vo`."""
