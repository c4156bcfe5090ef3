"""Helpers shared by the portal and staff views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on known fields, the rest on the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
