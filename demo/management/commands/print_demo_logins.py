from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo.dataset import DEMO_LOGINS


class Command(BaseCommand):
    help = "Print the demo logins and their fixed demo passwords (created by load_demo)."

    def handle(self, *args, **options):
        existing = set(get_user_model().objects.filter(username__in=[login.username for login in DEMO_LOGINS])
                       .values_list("username", flat=True))
        self.stdout.write("Demo logins (synthetic data only; never use these passwords elsewhere):")
        for login in DEMO_LOGINS:
            detail = login.group or login.academy_code
            missing = "" if login.username in existing else "  [not loaded: run manage.py load_demo]"
            self.stdout.write(f"  {login.username:<18} {login.password:<22} {login.role} ({detail}){missing}")
