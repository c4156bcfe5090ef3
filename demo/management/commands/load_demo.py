from django.core.management import call_command
from django.core.management.base import BaseCommand

from academies.models import Municipality
from demo.dataset import SEED
from demo.writing import build_demo_data


class Command(BaseCommand):
    help = "Create or update the synthetic demo dataset (2019-2023) and the demo logins. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=SEED, help="Seed of the generator (default %(default)s).")
        parser.add_argument("--reset-passwords", action="store_true",
                            help="Set the documented passwords again on existing demo users.")

    def handle(self, *args, seed: int, reset_passwords: bool, **options):
        if not Municipality.objects.exists():
            call_command("load_reference", verbosity=options["verbosity"])
        summary = build_demo_data(seed=seed, reset_passwords=reset_passwords)
        self.stdout.write(
            f"Demo data: {summary.academies} academies, {summary.calls} calls, {summary.applications} applications, "
            f"{summary.awards} awards, {summary.final_reports} final reports, {summary.report_lines} report lines, "
            f"{summary.users} logins ({summary.created} created, {summary.updated} updated, "
            f"{summary.deleted} deleted)."
        )
