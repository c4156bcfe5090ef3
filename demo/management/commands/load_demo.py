from django.core.management import call_command
from django.core.management.base import BaseCommand

from academies.models import Academy, Municipality
from demo.assessments import build_demo_assessments
from demo.dataset import SEED
from demo.events import build_demo_events
from demo.payments import build_demo_payments
from demo.questions import build_demo_questions
from demo.research_report import build_demo_research_report
from demo.writing import build_demo_data
from grants.groups import sync_staff_groups
from grants.models import Application, Call


def entered_data() -> str:
    """What the database holds beyond the reference geography, e.g. "3 academies, 1 call"; empty when nothing."""
    counts = [(Academy.objects.count(), "academies"), (Call.objects.count(), "calls"),
              (Application.objects.count(), "applications")]
    return ", ".join(f"{count} {name}" for count, name in counts if count)


class Command(BaseCommand):
    help = "Create or update the synthetic demo dataset (2019-2023) and the demo logins. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=SEED, help="Seed of the generator (default %(default)s).")
        parser.add_argument("--reset-passwords", action="store_true",
                            help="Set the documented passwords again on existing demo users.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Load only into a database without academies, calls or applications; otherwise "
                                 "keep what is there and say so (make run).")

    def handle(self, *args, seed: int, reset_passwords: bool, if_empty: bool = False, **options):
        if if_empty and (held := entered_data()):
            self.stdout.write(f"The database already holds data ({held}): the demo data is not loaded, so nothing "
                              "entered is overwritten. Reset it on purpose with `make demo-reset`.")
            return
        if not Municipality.objects.exists():
            call_command("load_reference", verbosity=options["verbosity"])
        sync_staff_groups()  # the demo's managers approve (questions, payments): their group must hold its rights
        summary = build_demo_data(seed=seed, reset_passwords=reset_passwords)
        build_demo_events(seed=seed)
        build_demo_research_report()
        build_demo_assessments()
        build_demo_payments()
        build_demo_questions()  # last: sending the 2022 answer freezes it with everything above
        self.stdout.write(
            f"Demo data: {summary.academies} academies, {summary.calls} calls, {summary.applications} applications, "
            f"{summary.awards} awards, {summary.final_reports} final reports, {summary.report_lines} report lines, "
            f"{summary.users} logins ({summary.created} created, {summary.updated} updated, "
            f"{summary.deleted} deleted)."
        )
