"""E-mail the contacts of every award whose final report is due soon or overdue, once per stage.

A `ReportReminder` row (unique per award and stage) records each reminder in the same transaction as the e-mail,
so running the command twice (or from two servers at once) sends each reminder once."""

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.db import IntegrityError, transaction
from django.utils import timezone

from grants import emails
from grants.models import Award, ReminderStage, ReportReminder


class Command(BaseCommand):
    help = "E-mail academies whose final report is due soon or overdue (each reminder once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=14, help="'Due soon' starts this many days before the due "
                                                                  "date (default 14).")
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="Pretend today is this date (YYYY-MM-DD); default: today in Europe/Brussels.")

    def handle(self, *args, days: int, today: datetime.date | None, **options) -> None:
        today = today or timezone.localdate()
        awards = (Award.objects.report_due_by(today + datetime.timedelta(days=days)).with_report_overdue(today)
                  .select_related("application__call", "application__academy"))
        sent = 0
        for award in awards:
            stage = ReminderStage.OVERDUE if award.report_overdue else ReminderStage.DUE_SOON
            if ReportReminder.objects.filter(award=award, stage=stage).exists():
                continue
            try:
                with transaction.atomic():
                    ReportReminder.objects.create(award=award, stage=stage)
                    emails.send_report_reminder(award=award, stage=stage)
            except IntegrityError:  # another run recorded this reminder at the same moment
                continue
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent.")
