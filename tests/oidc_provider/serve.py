"""`python -m tests.oidc_provider.serve PORT` with OIDC_PROVIDER_CONFIG set: create the provider's database, its
users and the registered client, then serve on 127.0.0.1:PORT until killed."""

import os
import sys


def main(port: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username, person in settings.CONFIG["users"].items():
        user = User(username=username, first_name=person.get("first_name", ""),
                    last_name=person.get("last_name", ""), email=person.get("email", ""))
        user.set_password(person["password"])
        user.save()
    client = settings.CONFIG["client"]
    Application.objects.create(
        name="STEM-academies", client_id=client["client_id"], client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uri"], post_logout_redirect_uris=client["post_logout_redirect_uri"],
        algorithm=Application.RS256_ALGORITHM, skip_authorization=True,
    )
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True, skip_checks=True)


if __name__ == "__main__":
    main(sys.argv[1])
