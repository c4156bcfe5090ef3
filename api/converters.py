"""URL converters of the open-data downloads: only ASCII digits make a year (`str.isdigit` also accepts `²`)."""


class GivingSelection:
    """A year of four ASCII digits, or `all`."""

    regex = "all|[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)
