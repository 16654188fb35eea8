import pytest


@pytest.fixture(autouse=True)
def english_messages(settings):
    """The interpreting tests compare messages in English (the source language); tests of
    the Dutch interface switch to it themselves."""
    settings.LANGUAGE_CODE = "en"
