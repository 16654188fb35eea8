"""Fixtures of the transit-site tests: a site of 25 places with lesson days from 2019 on."""

import pytest

from haven.transit_site.tests.factories import LessonDaysFactory, SiteFactory


@pytest.fixture
def site(db):
    site = SiteFactory(name="Drongensesteenweg", places=25)
    LessonDaysFactory(site=site)
    return site


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
