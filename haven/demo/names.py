"""Names for demo people of nationalities whose names are written in another script: the
Latin spelling the national register holds (taken from the passport) and the native
spelling beside it.

The register's spelling follows each country's passport rules, roughly: Bulgaria's
transliteration act of 2009, ICAO Doc 9303 for Russian and Belarusian passports, Ukraine's
official table of 2010, ELOT 743 for Greek, and otherwise anyascii without the apostrophes
passports leave out. Arabic and Ge'ez (Tigrinya, Amharic) write few or no vowels in a way
a transliteration can recover, so their names come as pairs, native and Latin, from the
short lists below; the rest come from Faker in the country's own script. Every source is
seeded, and none draws from the demo's main random stream.
"""

import random
from dataclasses import dataclass

from anyascii import anyascii
from faker import Faker

# Faker locales whose names are written in the country's own (non-Latin) script.
NATIVE_LOCALES = {
    "BG": "bg_BG",
    "RU": "ru_RU",
    "BY": "ru_RU",
    "UA": "uk_UA",
    "MK": "mk_MK",
    "GR": "el_GR",
    "CY": "el_GR",
    "AM": "hy_AM",
    "GE": "ka_GE",
}


def _table(letters: str, spelled: str) -> dict[str, str]:
    """Each letter of ``letters`` → its word in ``spelled`` (space-separated, in order)."""
    return dict(zip(letters, spelled.split(" "), strict=True))


# Bulgarian Transliteration Act (2009), the table of Bulgarian passports.
_BULGARIAN = _table(
    "абвгдежзийклмнопрстуфхцчшщъьюя", "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya"
)
# ICAO Doc 9303 (7th edition), the table of Russian and Belarusian passports.
_ICAO_CYRILLIC = {
    **_table(
        "абвгдеёжзийклмнопрстуфхцчшщъыэюяіў",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y e iu ia i u",
    ),
    "ь": "",
}
# Ukraine's official transliteration (Cabinet resolution 55 of 2010); є, ї, й, ю, я are
# written differently at the start of a word.
_UKRAINIAN = {
    **_table(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщюя", "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch iu ia"
    ),
    "ь": "",
    "'": "",
    "’": "",
}
_UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def _by_table(text: str, table: dict[str, str], initial: dict[str, str] | None = None) -> str:
    """Letter by letter, keeping each letter's case ("Щ" → "Sht", "ЩЕ" → "SHTE")."""
    out = []
    for index, char in enumerate(text):
        lower = char.lower()
        at_start = index == 0 or not text[index - 1].isalpha()
        latin = (initial or {}).get(lower) if at_start else None
        if latin is None:
            latin = table.get(lower, char)
        if char != lower and latin:
            word_upper = index + 1 < len(text) and text[index + 1].isupper()
            latin = latin.upper() if word_upper else latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


def _bulgarian(text: str) -> str:
    # "-ия" at the end of a word is "-ia" (Мария → Maria), not "-iya".
    words = [
        word[:-2] + ("ИА" if word[-2:].isupper() else "иа") if word.lower().endswith("ия") else word
        for word in text.split(" ")
    ]
    return _by_table(" ".join(words), _BULGARIAN)


def _greek(text: str) -> str:
    # ELOT 743: "ου" is "ou" (anyascii writes "oy").
    for native, latin in (("ου", "ou"), ("ού", "ou"), ("Ου", "Ou"), ("Ού", "Ou"), ("ΟΥ", "OU")):
        text = text.replace(native, latin)
    return anyascii(text)


def _passport_style(text: str) -> str:
    """anyascii without the apostrophes of aspirates and ejectives, each word capitalised
    (Georgian and Armenian passports: "Kalantaryan", "Gabrichidze")."""
    latin = anyascii(text).replace("'", "")
    return "-".join(" ".join(word[:1].upper() + word[1:] for word in part.split(" ")) for part in latin.split("-"))


def register_spelling(nationality: str, native: str) -> str:
    """The Latin spelling of a native name as the national register would hold it."""
    if nationality == "BG":
        return _bulgarian(native)
    if nationality in ("RU", "BY"):
        return _by_table(native, _ICAO_CYRILLIC)
    if nationality == "UA":
        return _by_table(native, _UKRAINIAN, _UKRAINIAN_INITIAL)
    if nationality in ("GR", "CY"):
        return _greek(native)
    return _passport_style(native)


# Arabic names (native, Latin as Belgian registers commonly hold them, in French spelling).
_ARABIC = {
    "male": [
        ("محمد", "Mohamed"),
        ("أحمد", "Ahmed"),
        ("علي", "Ali"),
        ("حسن", "Hassan"),
        ("حسين", "Hussein"),
        ("عمر", "Omar"),
        ("خالد", "Khaled"),
        ("يوسف", "Youssef"),
        ("إبراهيم", "Ibrahim"),
        ("مصطفى", "Mustafa"),
        ("محمود", "Mahmoud"),
        ("عبد الله", "Abdallah"),
        ("سامي", "Sami"),
        ("كريم", "Karim"),
        ("طارق", "Tarek"),
        ("رامي", "Rami"),
        ("وليد", "Walid"),
        ("ياسين", "Yassine"),
        ("أيمن", "Ayman"),
        ("باسل", "Bassel"),
        ("سليمان", "Souleiman"),
        ("عادل", "Adel"),
        ("نبيل", "Nabil"),
        ("فادي", "Fadi"),
        ("زياد", "Ziad"),
    ],
    "female": [
        ("فاطمة", "Fatima"),
        ("عائشة", "Aicha"),
        ("مريم", "Mariam"),
        ("زينب", "Zineb"),
        ("خديجة", "Khadija"),
        ("نور", "Nour"),
        ("ليلى", "Leila"),
        ("سارة", "Sara"),
        ("هدى", "Houda"),
        ("رنا", "Rana"),
        ("ياسمين", "Yasmine"),
        ("أمل", "Amal"),
        ("سلمى", "Salma"),
        ("دينا", "Dina"),
        ("رشا", "Racha"),
        ("نادية", "Nadia"),
        ("سعاد", "Souad"),
        ("هبة", "Heba"),
        ("لينا", "Lina"),
        ("آية", "Aya"),
    ],
    "family": [
        ("الخطيب", "El Khatib"),
        ("الحسن", "El Hassan"),
        ("العلي", "El Ali"),
        ("حداد", "Haddad"),
        ("منصور", "Mansour"),
        ("الأحمد", "El Ahmad"),
        ("النجار", "El Najjar"),
        ("السيد", "El Sayed"),
        ("عثمان", "Osman"),
        ("الإدريسي", "El Idrissi"),
        ("بن علي", "Ben Ali"),
        ("العمراني", "El Amrani"),
        ("الشامي", "El Chami"),
        ("درويش", "Darwich"),
        ("قاسم", "Kassem"),
        ("حمدان", "Hamdan"),
        ("صالح", "Saleh"),
        ("عبد الرحمن", "Abderrahmane"),
        ("يونس", "Younes"),
        ("خليل", "Khalil"),
        ("نصر", "Nasr"),
        ("عيسى", "Issa"),
        ("حمود", "Hammoud"),
        ("الزين", "El Zein"),
        ("بكري", "Bakri"),
    ],
}
# Tigrinya names in Ge'ez script; the family name is a father's or grandfather's given name.
_GEEZ = {
    "male": [
        ("ተስፋይ", "Tesfay"),
        ("ዳዊት", "Dawit"),
        ("ዮናስ", "Yonas"),
        ("ሃብቶም", "Habtom"),
        ("መሓሪ", "Mehari"),
        ("ኣብርሃም", "Abraham"),
        ("ሚካኤል", "Mikael"),
        ("ብርሃነ", "Berhane"),
        ("ሰመረ", "Semere"),
        ("ኣማኑኤል", "Amanuel"),
        ("ፊልሞን", "Filmon"),
        ("ሄኖክ", "Henok"),
        ("ሳሙኤል", "Samuel"),
        ("ዓወት", "Awet"),
        ("ኪዳነ", "Kidane"),
    ],
    "female": [
        ("ሳባ", "Saba"),
        ("ሰላም", "Selam"),
        ("ፍረወይኒ", "Freweini"),
        ("ሊድያ", "Lidia"),
        ("ኤልሳ", "Elsa"),
        ("ሄለን", "Helen"),
        ("ሩታ", "Ruta"),
        ("ዮርዳኖስ", "Yordanos"),
        ("ሰናይት", "Senait"),
        ("ኣዜብ", "Azeb"),
        ("ትርሓስ", "Tirhas"),
        ("ሉላ", "Lula"),
        ("ሃና", "Hanna"),
        ("ዊንታ", "Winta"),
        ("ቅድስቲ", "Kidisti"),
    ],
    "family": [
        ("ገብረመድህን", "Gebremedhin"),
        ("ተኽለ", "Tekle"),
        ("ሃይለ", "Haile"),
        ("ወልደሚካኤል", "Weldemichael"),
        ("ገብረሂወት", "Gebrehiwet"),
        ("ኪዳነ", "Kidane"),
        ("ተወልደ", "Tewelde"),
        ("ብርሃነ", "Berhane"),
        ("ኣስመሮም", "Asmerom"),
        ("ሃብተ", "Habte"),
        ("ዘርኡ", "Zeru"),
        ("ተስፋማርያም", "Tesfamariam"),
        ("ገብረየሱስ", "Gebreyesus"),
        ("መንግስቱ", "Mengistu"),
        ("ሃብተማርያም", "Habtemariam"),
    ],
}
PAIRED_SCRIPTS = {"arabic": _ARABIC, "geez": _GEEZ}
PAIRED_NAMES = {
    **dict.fromkeys(
        (
            "SY",
            "IQ",
            "EG",
            "PS",
            "LB",
            "JO",
            "SA",
            "YE",
            "LY",
            "SD",
            "KW",
            "QA",
            "AE",
            "BH",
            "OM",
            "MA",
            "DZ",
            "TN",
            "MR",
        ),
        "arabic",
    ),
    "ER": "geez",
    "ET": "geez",
}


@dataclass(frozen=True)
class NameParts:
    """One name part in the register's Latin spelling and in the native script."""

    latin: str
    native: str


class NativeNames:
    """Name parts for the nationalities above, each source seeded on its own."""

    def __init__(self, seed: int | str):
        self.seed = seed
        self.fakers: dict[str, Faker] = {}
        self.rngs: dict[str, random.Random] = {}

    @staticmethod
    def covers(nationality: str) -> bool:
        return nationality in NATIVE_LOCALES or nationality in PAIRED_NAMES

    def _faker(self, locale: str) -> Faker:
        if locale not in self.fakers:
            self.fakers[locale] = Faker(locale)
            self.fakers[locale].seed_instance(f"{self.seed}-native-{locale}")
        return self.fakers[locale]

    def part(self, nationality: str, part: str, *, female: bool) -> NameParts:
        """A given name (``part="given"``) or a family name (``"family"``) of a woman or man."""
        script = PAIRED_NAMES.get(nationality)
        if script is not None:
            if script not in self.rngs:
                self.rngs[script] = random.Random(f"{self.seed}-native-{script}")
            pairs = PAIRED_SCRIPTS[script]["family" if part == "family" else "female" if female else "male"]
            native, latin = self.rngs[script].choice(pairs)
            return NameParts(latin=latin, native=native)
        faker = self._faker(NATIVE_LOCALES[nationality])
        if part == "family":
            native = faker.last_name_female() if female else faker.last_name_male()
        else:
            native = faker.first_name_female() if female else faker.first_name_male()
        return NameParts(latin=register_spelling(nationality, native), native=native)
