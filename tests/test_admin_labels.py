"""The admin speaks Dutch: every app and model label on the admin index is translated."""

import re

import pytest
from django.apps import apps
from django.utils import translation

pytestmark = pytest.mark.django_db

# Labels that are the same word in Dutch and English.
SAME_IN_BOTH = {"Import", "Export", "postcode", "postcodes"}


def english_and_dutch_labels():
    """(English, Dutch) for every app and model label that the admin index shows."""
    from django.contrib import admin

    pairs = []
    for model in admin.site._registry:
        app_config = apps.get_app_config(model._meta.app_label)
        for label in (app_config.verbose_name, model._meta.verbose_name_plural):
            with translation.override("en"):
                english = str(label)
            with translation.override("nl"):
                dutch = str(label)
            pairs.append((english, dutch))
    return pairs


def test_every_admin_label_has_a_dutch_translation():
    untranslated = sorted({english for english, dutch in english_and_dutch_labels()
                           if english == dutch and english not in SAME_IN_BOTH and re.search("[a-z]", english)})
    assert untranslated == []


def test_admin_index_in_dutch_shows_no_english_label(admin_client):
    content = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english_only = {english for english, dutch in english_and_dutch_labels() if english != dutch}
    shown = set(re.findall(r'<(?:caption|th scope="row")[^>]*>\s*<a[^>]*>([^<]+)</a>', content))
    assert shown, "no labels found on the admin index"
    assert sorted(shown & english_only) == []
