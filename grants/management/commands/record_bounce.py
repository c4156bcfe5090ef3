"""Record that an e-mail to ADDRESS bounced: the latest e-mail sent to it shows "bounced" in the academy's contact
log. For bounce reports that arrive in a mailbox or from the mail provider."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from academies.belgian import format_datetime
from grants import mail
from grants.models import SentEmail


class Command(BaseCommand):
    help = "Mark the latest e-mail sent to ADDRESS as bounced in the academy's contact log."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address")
        parser.add_argument("--reason", default="", help="What the bounce said (kept with the entry).")

    def handle(self, *args, address: str, reason: str, **options) -> None:
        try:
            entry = mail.record_bounce(address=address, reason=reason)
        except SentEmail.DoesNotExist as error:
            raise CommandError(f"No e-mail was sent to {address}.") from error
        self.stdout.write(f"Recorded: {entry.academy} – {entry.subject} ({format_datetime(entry.sent_at)}).")
