"""A synthetic population of newcomers for 2018 and 2019, made with Faker and the
registry's own services. Its report reproduces the seed's newcomer figures: the
counts per nationality are planned here, the report counts the records.

No real person is in it: names come from Faker, numbers are generated and valid
only in form, streets are public street names with random house numbers.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from faker import Faker
from stdnum.be import bis, nn

from haven.core.models import AccessPurpose, District, Language
from haven.demo.names import NativeNames
from haven.people import services
from haven.people.models import Person, Sex

# Ghent's districts (wijken) and the postal code most of each lies in.
GHENT_DISTRICTS = [
    ("Binnenstad", "9000"),
    ("Bloemekenswijk", "9000"),
    ("Brugse Poort - Rooigem", "9000"),
    ("Dampoort", "9000"),
    ("Drongen", "9031"),
    ("Elisabethbegijnhof - Prinsenhof - Papegaai - Sint-Michiels", "9000"),
    ("Gentbrugge", "9050"),
    ("Gentse Kanaaldorpen en -zone", "9042"),
    ("Ledeberg", "9050"),
    ("Macharius - Heirnis", "9000"),
    ("Mariakerke", "9030"),
    ("Moscou - Vogelhoek", "9050"),
    ("Muide - Meulestede - Afrikalaan", "9000"),
    ("Nieuw Gent - UZ", "9000"),
    ("Oostakker", "9041"),
    ("Oud Gentbrugge", "9050"),
    ("Rabot - Blaisantvest", "9000"),
    ("Sint-Amandsberg", "9040"),
    ("Sint-Denijs-Westrem - Afsnee", "9051"),
    ("Sluizeken - Tolhuis - Ham", "9000"),
    ("Stationsbuurt-Noord", "9000"),
    ("Stationsbuurt-Zuid", "9000"),
    ("Watersportbaan - Ekkergem", "9000"),
    ("Wondelgem", "9032"),
    ("Zwijnaarde", "9052"),
]
STREETS = [
    "Dendermondsesteenweg",
    "Brugsesteenweg",
    "Sleepstraat",
    "Wondelgemstraat",
    "Kortrijksesteenweg",
    "Antwerpsesteenweg",
    "Bevrijdingslaan",
    "Francisco Ferrerlaan",
    "Meulestedesteenweg",
    "Patijntjestraat",
    "Doornzelestraat",
    "Rabotstraat",
    "Brusselsesteenweg",
    "Hundelgemsesteenweg",
    "Sint-Salvatorstraat",
    "Kasteellaan",
    "Vlaanderenstraat",
    "Elyzeese Velden",
    "Tolhuislaan",
    "Afrikalaan",
]

# Main language(s) by nationality (ISO 639-3); others speak English or French.
LANGUAGES_BY_COUNTRY = {
    "BG": ["bul", "tur"],
    "CN": ["zho"],
    "RO": ["ron"],
    "NL": ["nld"],
    "ES": ["spa"],
    "TR": ["tur"],
    "IT": ["ita"],
    "IN": ["hin", "eng"],
    "PL": ["pol"],
    "IR": ["fas"],
    "GB": ["eng"],
    "FR": ["fra"],
    "BR": ["por"],
    "PT": ["por"],
    "MA": ["ara", "tzm", "fra"],
    "SK": ["slk"],
    "GH": ["eng", "aka"],
    "US": ["eng"],
    "DE": ["deu"],
    "GR": ["ell"],
    "SY": ["ara", "kmr"],
    "AF": ["prs", "pus"],
    "IQ": ["ara", "ckb"],
    "ER": ["tir"],
    "SO": ["som"],
    "RU": ["rus"],
    "UA": ["ukr", "rus"],
    "CD": ["fra", "lin"],
    "CM": ["fra", "eng"],
    "NG": ["eng", "yor"],
    "GN": ["fra"],
    "EG": ["ara"],
    "DZ": ["ara", "fra"],
    "TN": ["ara", "fra"],
    "PK": ["urd"],
    "BD": ["ben"],
    "NP": ["nep"],
    "VN": ["vie"],
    "PH": ["tgl", "eng"],
    "JP": ["jpn"],
    "KR": ["kor"],
    "AL": ["sqi"],
    "MK": ["mkd"],
    "RS": ["srp"],
    "HU": ["hun"],
    "CZ": ["ces"],
    "LT": ["lit"],
    "LV": ["lav"],
    "EE": ["est"],
    "AM": ["hye"],
    "GE": ["kat"],
    "ET": ["amh"],
    "SN": ["fra", "wol"],
    "PS": ["ara"],
    "LB": ["ara", "fra"],
}
# Faker locales with Latin-script names, by nationality; nationalities whose names are
# written in another script get both spellings (haven.demo.names); the rest a neutral mix.
FAKER_LOCALES = {
    "RO": "ro_RO",
    "NL": "nl_NL",
    "ES": "es_ES",
    "TR": "tr_TR",
    "IT": "it_IT",
    "CN": "zh_CN",
    "IN": "en_IN",
    "PL": "pl_PL",
    "GB": "en_GB",
    "FR": "fr_FR",
    "BR": "pt_BR",
    "PT": "pt_PT",
    "SK": "sk_SK",
    "US": "en_US",
    "DE": "de_DE",
    "CZ": "cs_CZ",
    "HU": "hu_HU",
    "LT": "lt_LT",
    "LV": "lv_LV",
    "EE": "et_EE",
    "PH": "en_PH",
    "NG": "yo_NG",
    "CH": "de_CH",
    "AT": "de_AT",
    "DK": "da_DK",
    "SE": "sv_SE",
    "NO": "no_NO",
    "FI": "fi_FI",
    "IE": "en_IE",
    "HR": "hr_HR",
    "SI": "sl_SI",
    "AL": "sq_AL",
    "MX": "es_MX",
    "CO": "es_CO",
    "AR": "es_AR",
    "CL": "es_CL",
    "CA": "en_CA",
    "AU": "en_AU",
    "NZ": "en_NZ",
    "VN": "vi_VN",
    "ID": "id_ID",
    "TH": "en_TH",  # Thai names as romanised in passports
}
FALLBACK_LOCALES = ["en_US", "fr_FR", "nl_BE"]
# Nationalities with native names now that had a Faker locale of their own before (bg_BG), so
# never a draw from the neutral mix.
HAD_OWN_LOCALE = {"BG"}
# Nationalities that newcomers to Ghent typically have beyond the top 20; the rest
# of the demo's countries are drawn at random from ISO 3166.
COMMON_OTHERS = [
    "SY",
    "AF",
    "IQ",
    "ER",
    "SO",
    "RU",
    "UA",
    "CD",
    "CM",
    "NG",
    "GN",
    "EG",
    "DZ",
    "TN",
    "PK",
    "BD",
    "NP",
    "VN",
    "PH",
    "JP",
    "KR",
    "AL",
    "MK",
    "RS",
    "HU",
    "CZ",
    "LT",
    "LV",
    "AM",
    "GE",
    "ET",
    "SN",
    "PS",
    "LB",
    "MX",
    "CO",
    "VE",
    "AR",
    "CL",
    "PE",
    "EC",
    "CA",
    "AU",
    "IE",
    "AT",
    "SE",
    "HR",
    "SI",
]
# 2018: Syria and Afghanistan were in the top 20 (the seed's note), ahead of the
# two smallest of the 2019 list; in 2019 they fall below it.
DROPPED_FROM_TOP20 = {2018: {"SY": 58, "AF": 47}, 2019: {"SY": 41, "AF": 33}}


@dataclass(frozen=True)
class Plan:
    year: int
    counts: dict[str, int]  # nationality → newcomers settled in the year
    first_day: date | None = None  # first registrations fall in [first_day, last_day];
    last_day: date | None = None  # the whole year by default


def _spread(rng: random.Random, countries: list[str], total: int, cap: int) -> dict[str, int]:
    """Split ``total`` over ``countries``: at least 1 each, at most ``cap``, long-tailed."""
    weights = [1 / (rank + 3) ** 1.1 for rank in range(len(countries))]
    rng.shuffle(weights)
    scale = (total - len(countries)) / sum(weights)
    counts = {code: 1 + min(cap - 1, int(weight * scale)) for code, weight in zip(countries, weights, strict=False)}
    short = total - sum(counts.values())
    order = list(countries)
    while short:
        rng.shuffle(order)
        for code in order:
            if short and counts[code] < cap:
                counts[code] += 1
                short -= 1
    return counts


def plan_newcomers(rng: random.Random, seed_report: dict, all_countries: list[str]) -> list[Plan]:
    """How many newcomers of each nationality settled in 2018 and in 2019."""
    top = seed_report["tables"]["newcomers_top20_nationalities"]
    settled = seed_report["tables"]["newcomers_settled_by_status"]
    columns = top["columns"]
    years = [int(column) for column in columns if column.isdigit()]
    year = max(years)
    top_counts = {y: {row[columns.index("iso3166")]: row[columns.index(str(y))] for row in top["rows"]} for y in years}
    total = settled["total"][str(year)]
    countries = settled["countries"]

    top_codes = set(top_counts[year])
    pool = [code for code in COMMON_OTHERS if code not in top_codes]
    rest = [code for code in all_countries if code not in top_codes and code not in pool and code != "BE"]
    rng.shuffle(rest)
    others = (pool + rest)[: countries - len(top_codes)]

    plans = []
    for plan_year in years:
        counts = dict(top_counts[plan_year])
        fixed = {code: count for code, count in DROPPED_FROM_TOP20.get(plan_year, {}).items() if code in others}
        counts.update(fixed)
        free = [code for code in others if code not in fixed]
        lowest_listed = min(top_counts[plan_year].values())
        if plan_year == year:
            remaining = total - sum(counts.values())
            # Below the 20th of the year, so the top 20 is exactly the seed's.
            counts.update(_spread(rng, free, remaining, cap=lowest_listed - 1))
        else:
            # The previous year: a similar tail, below the smallest listed count.
            counts.update(_spread(rng, free, int(len(free) * 9.5), cap=lowest_listed - 1))
        plans.append(Plan(plan_year, counts))
    return plans


class NumberFactory:
    """National register and BIS numbers that are valid in form, unique in the demo."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, birth_date: date, sex: str, kind: str) -> str:
        month = birth_date.month + (40 if kind == "bis" else 0)
        born = f"{birth_date:%y}{month:02d}{birth_date:%d}"
        module = bis if kind == "bis" else nn
        for _attempt in range(2000):
            serial = self.rng.randrange(1, 998)
            if (serial % 2 == 1) != (sex == Sex.MALE):  # odd for men, even for women
                serial = serial + 1 if serial < 997 else serial - 1
            body = f"{born}{serial:03d}"
            # The check digits of the scheme (97 − body mod 97, with a 2 before
            # the body for births from 2000); stdnum validates the result below.
            base = int(("2" if birth_date.year >= 2000 else "") + body)
            number = f"{body}{97 - base % 97:02d}"
            if number not in self.used and module.is_valid(number):
                self.used.add(number)
                return number
        raise ValueError("No valid number for this birth date (in the future, or every serial used).")


class PopulationBuilder:
    def __init__(self, *, seed: int, by, stdout=None):
        self.rng = random.Random(seed)
        self.seed = seed
        self.by = by
        self.stdout = stdout
        self.numbers = NumberFactory(self.rng)
        self.fakers: dict[str, Faker] = {}
        self.native_names = NativeNames(seed)
        self.languages = {language.code: language for language in Language.objects.all()}
        self.districts: list[District] = []
        self.adults_by_country: dict[str, list] = {}

    def faker(self, nationality: str) -> Faker:
        locale = FAKER_LOCALES.get(nationality) or self.rng.choice(FALLBACK_LOCALES)
        if locale not in self.fakers:
            faker = Faker(locale)
            faker.seed_instance(f"{self.seed}-{locale}")
            self.fakers[locale] = faker
        return self.fakers[locale]

    def districts_create(self) -> None:
        for name, postal_code in GHENT_DISTRICTS:
            district, _created = District.objects.get_or_create(name=name, defaults={"postal_codes": postal_code})
            self.districts.append(district)

    def _names(self, nationality: str, sex: str) -> tuple[str, str]:
        """Given and family names from the nationality's Latin-script Faker locale."""
        faker = self.faker(nationality)
        if nationality == "CN":  # registers hold Chinese names in pinyin
            return faker.first_romanized_name(), faker.last_romanized_name()
        given = faker.first_name_female() if sex == Sex.FEMALE else faker.first_name_male()
        return given, faker.last_name()

    def _person_names(self, nationality: str, sex: str) -> dict[str, str]:
        """The names as the register holds them, and in the native script when it is not Latin."""
        if not self.native_names.covers(nationality):
            given, family = self._names(nationality, sex)
            return {"given_names": given, "family_name": family, "native_given_names": "", "native_family_name": ""}
        if nationality not in FAKER_LOCALES and nationality not in HAD_OWN_LOCALE:
            # The draw of the neutral mix these nationalities had before is still made, so that
            # the demo's later draws stay what they were: some figures depend on them (the
            # date a course is drawn to start decides the year its certificates count in).
            self.rng.choice(FALLBACK_LOCALES)
        female = sex == Sex.FEMALE
        given_parts = self.native_names.part(nationality, "given", female=female)
        family_parts = self.native_names.part(nationality, "family", female=female)
        return {
            "given_names": given_parts.latin,
            "family_name": family_parts.latin,
            "native_given_names": given_parts.native,
            "native_family_name": family_parts.native,
        }

    def _birth_date(
        self, registered: date, *, minor: bool, senior_allowed: bool, ages: tuple[int, int] | None = None
    ) -> date:
        """Adults 18–64 (a few older where allowed), or a child of 1–16: never close to
        a birthday that would change the status between settling and registering."""
        if ages:
            age = self.rng.randint(*ages)
        elif minor:
            age = self.rng.randint(1, 16)
        elif senior_allowed and self.rng.random() < 0.03:
            age = self.rng.randint(66, 80)
        else:
            age = self.rng.randint(19, 63)
        return registered - timedelta(days=age * 365 + self.rng.randint(30, 330))

    def _parent_of_minor(self, nationality: str, birth_date: date) -> Person | None:
        """A parent for a minor: one of the last 30 adults of the nationality, 18 years older."""
        candidates = [
            adult
            for adult in self.adults_by_country.get(nationality, [])[-30:]
            if (birth_date - adult.birth_date).days > 18 * 365
        ]
        return self.rng.choice(candidates) if candidates else None

    def _registry_values(self, birth_date: date, sex: str, registered: date, district: District) -> dict[str, Any]:
        """The national number, the address in Ghent and a phone number (four in five)."""
        rng = self.rng
        return {
            "national_number": self.numbers.make(birth_date, sex, "bis" if rng.random() < 0.08 else "nn"),
            "first_registration_date": registered,
            "street": rng.choice(STREETS),
            "house_number": str(rng.randint(1, 240)),
            "postal_code": district.postal_codes.split(",")[0],
            "municipality": "Gent",
            "district": district,
            "phone": f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            if rng.random() < 0.8
            else "",
            "email": "",
            "notes": "",
        }

    def person_create(
        self,
        nationality: str,
        registered: date,
        *,
        minor: bool = False,
        senior_allowed: bool = True,
        ages: tuple[int, int] | None = None,
    ):
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < 0.48 else Sex.MALE
        birth_date = self._birth_date(registered, minor=minor, senior_allowed=senior_allowed, ages=ages)
        spoken = LANGUAGES_BY_COUNTRY.get(nationality) or [rng.choice(["eng", "fra"])]
        languages = [self.languages[code] for code in spoken if code in self.languages]
        if rng.random() < 0.4 and "eng" not in spoken:
            languages.append(self.languages["eng"])
        preferred = languages[0] if languages else None
        district = rng.choice(self.districts)
        parent = self._parent_of_minor(nationality, birth_date) if registered.year - birth_date.year < 18 else None
        for _attempt in range(5):
            names = self._person_names(nationality, sex)
            if parent is not None:
                names["family_name"] = parent.family_name
                names["native_family_name"] = parent.native_family_name
            values = {
                **names,
                "birth_date": birth_date,
                "sex": sex,
                "nationality": nationality,
                "preferred_language": preferred,
                **self._registry_values(birth_date, sex, registered, district),
            }
            try:
                person = services.person_create(
                    by=self.by, values=values, languages=languages, purpose=AccessPurpose.REGISTRATION
                )
                break
            except services.PossibleDuplicate:
                continue  # the same birth date and a similar name: draw another name
        else:
            raise RuntimeError("Could not make a distinct person in 5 tries.")
        if parent is not None:
            services.household_link_create(parent=parent, child=person, by=self.by, purpose=AccessPurpose.REGISTRATION)
        elif registered.year - birth_date.year >= 18:
            self.adults_by_country.setdefault(nationality, []).append(person)
        return person

    def build(self, plans: list[Plan], *, targets=None, on_person=None, chunk: int = 0) -> int:
        """Make the planned newcomers. ``targets(plan, arrivals)`` gives each arrival a
        target (used for its age: ``target.minor``, ``target.senior_allowed``), and
        ``on_person(person, target)`` completes each person (facts, status). Every
        ``chunk`` newcomers (all of a year's when 0) are made in one transaction."""
        made = 0
        for plan in plans:
            start = plan.first_day or date(plan.year, 1, 1)
            days = ((plan.last_day or date(plan.year, 12, 31)) - start).days
            # Interleave nationalities through the year, as registrations come in.
            arrivals = [code for code, count in sorted(plan.counts.items()) for _ in range(count)]
            self.rng.shuffle(arrivals)
            registered = sorted(start + timedelta(days=self.rng.randint(0, days)) for _ in arrivals)
            planned = targets(plan, arrivals) if targets else [None] * len(arrivals)
            rows = list(zip(arrivals, registered, planned, strict=False))
            step = chunk or len(rows) or 1
            for first in range(0, len(rows), step):
                with transaction.atomic():
                    for nationality, day, target in rows[first : first + step]:
                        person = self.person_create(
                            nationality,
                            day,
                            minor=bool(target and target.minor),
                            senior_allowed=not target or target.senior_allowed,
                        )
                        if on_person:
                            on_person(person, target)
                        made += 1
            if self.stdout:
                self.stdout.write(f"  {plan.year}: {len(arrivals)} newcomers from {len(plan.counts)} countries")
        return made
