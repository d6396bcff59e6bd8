"""Generate the SYNTHETIC sample data set of the swot toolkit.

ALL DATA WRITTEN BY THIS SCRIPT IS SYNTHETIC. It is made up from the word lists and the
fixed random seed below; it does not come from any real consultation. Any similarity of
names, e-mail addresses, phone numbers or PESEL numbers to real ones is accidental. E-mail
addresses use only the example.com and example.pl domains.

The data describe three municipal culture centres in Tomaszów Mazowiecki (MOK, OK „Tkacz”,
DOK): their planning teams, draft SWOT analyses, draft development plans and a needs
diagnosis (one questionnaire collected through several channels, each in the file format
that channel really produces), plus the questionnaire's codebook (kwestionariusz.json, in the
format of swot.survey.codebook.Codebook) built from the same constants as the data.

Usage::

    python sample_data/generate.py            # write next to this script
    python sample_data/generate.py /tmp/out   # write into another folder

The output is deterministic: two runs give byte-identical files.
"""

import csv
import io
import json
import math
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

SEED = 20190312

# --------------------------------------------------------------------------- file names
INSTITUTIONS_FILE = "instytucje.csv"
TEAMS_FILE = "zespoly.csv"
SWOT_FILE = "swot_robocze.csv"
PLAN_FILE = "plan_roboczy.csv"
ONLINE_FILE = "konsultacje_online_google.csv"
PAPER_FILE = "konsultacje_papier.csv"
EVENTS_FILE = "konsultacje_wydarzenia_limesurvey.csv"
EVENTS_CODES_FILE = "konsultacje_wydarzenia_limesurvey_kody.json"
STREET_FILE = "sonda_uliczna.csv"
OPINIONS_FILE = "opinie_osobiste.csv"
PII_FILE = "pii_manifest.json"
CODEBOOK_FILE = "kwestionariusz.json"
ERRORS_FILE = "przyklad_ankiety_z_bledami.csv"  # a short paper batch with planted mistakes
OFFER_FILES = {"mok": "oferta_mok.csv", "tkacz": "oferta_tkacz.csv", "dok": "oferta_dok.csv"}

ONLINE_COUNT = 320
PAPER_COUNT = 200
PAPER_SPOILED = 14  # questionnaire numbers never keyed in (gaps in "Nr ankiety")
PAPER_BLANK_ROWS_AFTER = (57, 118, 163)
PII_SHARE = 0.08  # share of open answers that contain planted personal data


# --------------------------------------------------------------------------- institutions
@dataclass(frozen=True)
class Institution:
    id: str
    name: str
    short: str
    address: str
    district: str
    description: str


INSTITUTIONS = (
    Institution(
        "mok",
        "Miejski Ośrodek Kultury",
        "MOK",
        "ul. Teatralna 5, 97-200 Tomaszów Mazowiecki",
        "Centrum",
        "Największa instytucja kultury w mieście z salą widowiskową na 400 miejsc "
        "i kinem studyjnym, organizator festiwali i Dni Tomaszowa.",
    ),
    Institution(
        "tkacz",
        "Ośrodek Kultury „Tkacz”",
        "OK „Tkacz”",
        "ul. Włókiennicza 14, 97-200 Tomaszów Mazowiecki",
        "Starzyce",
        "Ośrodek w budynku dawnego klubu włókniarzy, który pielęgnuje tkackie tradycje "
        "miasta w pracowniach rękodzieła i na warsztatach.",
    ),
    Institution(
        "dok",
        "Dzielnicowy Ośrodek Kultury",
        "DOK",
        "ul. Osiedlowa 3, 97-200 Tomaszów Mazowiecki",
        "Niebrów",
        "Niewielki ośrodek w pawilonie na osiedlu Niebrów, prowadzący zajęcia dla dzieci "
        "i seniorów oraz wydarzenia sąsiedzkie.",
    ),
)
INSTITUTION_IDS = tuple(inst.id for inst in INSTITUTIONS)
BY_ID = {inst.id: inst for inst in INSTITUTIONS}

TEAMS = {
    "mok": ("Anna K.", "Piotr W.", "Małgorzata S.", "Tomasz L.", "Katarzyna B.", "Jerzy M."),
    "tkacz": ("Barbara N.", "Elżbieta Z.", "Krzysztof D.", "Joanna P.", "Grażyna T."),
    "dok": ("Agnieszka R.", "Marek C.", "Ewa J.", "Paweł G."),
}

# --------------------------------------------------------------------------- draft SWOT
CATEGORIES = (
    "oferta programowa",
    "odbiorcy",
    "kadra",
    "infrastruktura",
    "finanse",
    "promocja",
    "partnerstwa",
    "zarządzanie",
)
SWOT_SOURCES = (
    ("konsultacje społeczne 2019", 4),
    ("sprawozdanie roczne 2018", 3),
    ("warsztat SWOT 14.03.2019", 5),
    ("ankieta wśród pracowników", 2),
    ("statystyki frekwencji 2018", 2),
    ("", 4),
)

# (quadrant, category, importance, statement)
SWOT_FACTORS = {
    "mok": (
        ("S", "oferta programowa", 5, "Bogata i różnorodna oferta: koncerty, spektakle, kino"),
        ("S", "infrastruktura", 5, "Duża sala widowiskowa na 400 miejsc i cyfrowe kino studyjne"),
        ("S", "kadra", 4, "Wykwalifikowana i zaangażowana kadra instruktorów"),
        ("S", "promocja", 3, "Rozpoznawalna marka festiwali miejskich, m.in. Dni Tomaszowa"),
        ("S", "odbiorcy", 4, "Stała, wierna publiczność koncertów i spektakli"),
        ("S", "partnerstwa", 3, "Długoletnia współpraca ze szkołami i Uniwersytetem III Wieku"),
        ("S", "zarządzanie", 3, "Doświadczenie w organizacji dużych imprez plenerowych"),
        ("S", "infrastruktura", 4, "Centralna lokalizacja w pobliżu Placu Kościuszki"),
        ("W", "infrastruktura", 5, "Wyeksploatowane nagłośnienie i oświetlenie sali widowiskowej"),
        ("W", "promocja", 4, "Przestarzała strona internetowa i mała aktywność w mediach"),
        ("W", "finanse", 4, "Uzależnienie budżetu od dotacji podmiotowej z budżetu miasta"),
        ("W", "odbiorcy", 3, "Niewielki udział młodzieży i młodych dorosłych w wydarzeniach"),
        ("W", "zarządzanie", 3, "Brak systemu badania satysfakcji i potrzeb odbiorców"),
        ("W", "kadra", 2, "Przeciążenie pracowników obsługą imprez zewnętrznych"),
        ("W", "infrastruktura", 3, "Bariery architektoniczne – brak windy na piętro pracowni"),
        ("W", "oferta programowa", 2, "Powtarzalność części programu z roku na rok"),
        ("O", "odbiorcy", 4, "Rosnące zainteresowanie mieszkańców zajęciami dla seniorów"),
        ("O", "finanse", 5, "Programy Ministerstwa Kultury i Dziedzictwa Narodowego"),
        ("O", "partnerstwa", 3, "Możliwość pozyskania lokalnych firm jako sponsorów festiwali"),
        ("O", "promocja", 3, "Media społecznościowe jako kanał dotarcia do młodych odbiorców"),
        ("O", "oferta programowa", 3, "Zainteresowanie kinem studyjnym i pokazami z dyskusją"),
        ("O", "partnerstwa", 2, "Bliskość Łodzi i Warszawy – dostęp do artystów i partnerów"),
        ("O", "finanse", 4, "Fundusze unijne na termomodernizację i wyposażenie obiektów"),
        ("O", "zarządzanie", 2, "Wspólna strategia trzech ośrodków kultury w mieście"),
        ("T", "odbiorcy", 4, "Konkurencja oferty komercyjnej i internetu"),
        ("T", "odbiorcy", 4, "Odpływ młodych mieszkańców do większych miast"),
        ("T", "finanse", 4, "Rosnące koszty utrzymania budynku i energii"),
        ("T", "finanse", 3, "Niepewna wysokość dotacji miejskiej w kolejnych latach"),
        ("T", "oferta programowa", 3, "Konkurencja multipleksów kinowych w Łodzi i Piotrkowie"),
        ("T", "kadra", 3, "Niskie płace w kulturze utrudniają zatrudnienie specjalistów"),
        ("T", "infrastruktura", 2, "Nowe przepisy przeciwpożarowe wymagające kosztownych zmian"),
    ),
    "tkacz": (
        ("S", "oferta programowa", 5, "Unikatowa pracownia tkacka z zabytkowymi krosnami"),
        ("S", "kadra", 4, "Instruktorzy rękodzieła z wieloletnim doświadczeniem i pasją"),
        ("S", "odbiorcy", 4, "Silna więź z dawnymi włókniarzami i ich rodzinami"),
        ("S", "infrastruktura", 3, "Klimatyczny budynek dawnego klubu włókniarzy z salą balową"),
        ("S", "oferta programowa", 4, "Kameralne warsztaty ceramiki i haftu ze stałą frekwencją"),
        ("S", "partnerstwa", 3, "Wspólne projekty z muzeum o historii przemysłu włókienniczego"),
        ("S", "zarządzanie", 2, "Elastyczność małego zespołu w planowaniu zajęć"),
        ("S", "promocja", 2, "Nazwa nawiązująca do włókienniczej tradycji miasta"),
        ("W", "infrastruktura", 5, "Zły stan techniczny budynku (dach, instalacja grzewcza)"),
        ("W", "promocja", 4, "Brak profesjonalnej promocji – informacja tylko pocztą pantoflową"),
        ("W", "odbiorcy", 4, "Bardzo niska rozpoznawalność wśród osób poniżej 30. roku życia"),
        ("W", "finanse", 4, "Niskie przychody własne, niemal całkowita zależność od dotacji"),
        ("W", "kadra", 3, "Mały zespół – jedna osoba odpowiada za kilka obszarów naraz"),
        ("W", "oferta programowa", 2, "Wąska oferta poza rękodziełem, brak zajęć muzycznych"),
        ("W", "infrastruktura", 3, "Budynek niedostosowany do potrzeb osób niepełnosprawnych"),
        ("O", "oferta programowa", 4, "Moda na rękodzieło, slow fashion i upcykling tekstyliów"),
        ("O", "finanse", 5, "Fundusze unijne na rewitalizację obiektów poprzemysłowych"),
        ("O", "odbiorcy", 4, "Rosnąca grupa aktywnych emerytów szukających zajęć w ciągu dnia"),
        ("O", "promocja", 3, "Zainteresowanie turystyką industrialną i dziedzictwem regionu"),
        ("O", "partnerstwa", 3, "Współpraca ze szkołami przy edukacji regionalnej"),
        ("O", "partnerstwa", 2, "Lokalni rękodzielnicy szukający miejsca na targi i pokazy"),
        ("O", "finanse", 3, "Programy grantowe Narodowego Centrum Kultury"),
        ("O", "zarządzanie", 2, "Wspólny kalendarz i promocja z pozostałymi ośrodkami"),
        ("T", "infrastruktura", 5, "Ryzyko wyłączenia części budynku z użytkowania"),
        ("T", "odbiorcy", 4, "Starzenie się grona stałych uczestników i brak następców"),
        ("T", "odbiorcy", 3, "Konkurencja kursów internetowych i tutoriali rękodzieła"),
        ("T", "finanse", 4, "Możliwe cięcia dotacji miejskiej przy rosnących wydatkach gminy"),
        ("T", "kadra", 3, "Odejście doświadczonych instruktorów na emeryturę"),
        ("T", "oferta programowa", 2, "Stereotyp rękodzieła jako zajęcia tylko dla starszych pań"),
        ("T", "promocja", 2, "Duże wydarzenia MOK w tych samych terminach przyćmiewają ofertę"),
    ),
    "dok": (
        ("S", "odbiorcy", 5, "Ośrodek w środku osiedla, w zasięgu krótkiego spaceru"),
        ("S", "kadra", 4, "Zaangażowani pracownicy, którzy znają mieszkańców osobiście"),
        ("S", "oferta programowa", 4, "Popularne zajęcia dla dzieci w czasie ferii i wakacji"),
        ("S", "odbiorcy", 4, "Aktywny klub seniora spotykający się kilka razy w tygodniu"),
        ("S", "partnerstwa", 3, "Dobra współpraca z radą osiedla i spółdzielnią mieszkaniową"),
        ("S", "oferta programowa", 3, "Festyny sąsiedzkie integrujące mieszkańców osiedla"),
        ("S", "finanse", 2, "Niskie ceny zajęć, dostępne dla większości rodzin"),
        ("W", "infrastruktura", 5, "Ciasne, wymagające remontu pomieszczenia w pawilonie"),
        ("W", "promocja", 4, "Oferta słabo widoczna w internecie, brak profilu w mediach"),
        ("W", "kadra", 3, "Zbyt mała liczba etatów w stosunku do potrzeb osiedla"),
        ("W", "oferta programowa", 3, "Brak oferty dla młodzieży w wieku 15–19 lat"),
        ("W", "finanse", 4, "Bardzo ograniczony budżet na działalność programową"),
        ("W", "infrastruktura", 3, "Brak sali na większe wydarzenia i sprzętu nagłośnieniowego"),
        ("W", "zarządzanie", 2, "Brak długofalowego planu działania i ewaluacji zajęć"),
        ("W", "odbiorcy", 2, "Mała rozpoznawalność ośrodka poza osiedlem"),
        ("O", "odbiorcy", 5, "Wielu seniorów na osiedlu chce spotkań i zajęć ruchowych"),
        ("O", "finanse", 4, "Granty na projekty sąsiedzkie, np. „Dom Kultury+”"),
        ("O", "partnerstwa", 3, "Współpraca z pobliską szkołą podstawową i przedszkolem"),
        ("O", "odbiorcy", 3, "Młode rodziny z dziećmi wprowadzające się do nowych bloków"),
        ("O", "finanse", 3, "Budżet obywatelski jako źródło pieniędzy na remont i wyposażenie"),
        ("O", "partnerstwa", 2, "Sprzęt i artyści MOK dostępni przy większych wydarzeniach"),
        ("O", "promocja", 2, "Osiedlowe grupy mieszkańców w mediach społecznościowych"),
        ("T", "finanse", 4, "Ryzyko ograniczenia dotacji z budżetu miasta"),
        ("T", "odbiorcy", 4, "Konkurencja telewizji i internetu w spędzaniu wolnego czasu"),
        ("T", "infrastruktura", 3, "Niepewność dalszego najmu lokalu w pawilonie spółdzielni"),
        ("T", "odbiorcy", 3, "Starzenie się mieszkańców osiedla i coraz mniej dzieci"),
        ("T", "zarządzanie", 2, "Postrzeganie DOK jako „filii” MOK bez własnej tożsamości"),
        ("T", "kadra", 3, "Rotacja pracowników zatrudnionych na umowy czasowe"),
        ("T", "oferta programowa", 2, "Płatne zajęcia dodatkowe w szkołach i przedszkolach"),
    ),
}

# --------------------------------------------------------------------------- draft plans
CITY_HALL = "Urząd Miasta Tomaszów Mazowiecki"
MUSEUM = "Muzeum w Tomaszowie Mazowieckim"
U3A = "Uniwersytet Trzeciego Wieku"
ESTATE_COUNCIL = "Rada Osiedla Niebrów"
HOUSING_COOP = "Spółdzielnia Mieszkaniowa „Niebrów”"
SCHOOLS = "Szkoły ponadpodstawowe z terenu miasta"


@dataclass(frozen=True)
class Task:
    title: str
    period: str
    partners: tuple[str, ...]
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Goal:
    title: str
    tasks: tuple[Task, ...]


PLANS = {
    "mok": (
        Goal(
            "Modernizacja sali widowiskowej i kina",
            (
                Task(
                    "Wymiana nagłośnienia i oświetlenia scenicznego sali widowiskowej",
                    "2019-2020",
                    (CITY_HALL, "Ministerstwo Kultury i Dziedzictwa Narodowego"),
                    (
                        "Liczba wymienionych systemów nagłośnienia (1 do 2020 r.).",
                        "Udział dofinansowania zewnętrznego w kosztach zadania (min. 50%).",
                    ),
                ),
                Task(
                    "Likwidacja barier architektonicznych – montaż windy",
                    "2020-2021",
                    (CITY_HALL, "Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych"),
                    ("Liczba zamontowanych wind (1 do 2021 r.).",),
                ),
            ),
        ),
        Goal(
            "Poszerzenie oferty dla młodzieży i młodych dorosłych",
            (
                Task(
                    "Cykl koncertów młodych zespołów „Scena Otwarta”",
                    "2019-2021",
                    (SCHOOLS, "Młodzieżowa Rada Miasta"),
                    (
                        "Liczba zorganizowanych koncertów rocznie (min. 6).",
                        "Liczba uczestników koncertów rocznie (min. 600).",
                    ),
                ),
                Task(
                    "Dyskusyjny Klub Filmowy w kinie studyjnym",
                    "2019",
                    (),
                    ("Liczba pokazów z dyskusją (min. 1 w miesiącu).",),
                ),
                Task(
                    "Prowadzenie profili MOK w mediach społecznościowych",
                    "2019-2021",
                    (),
                    (
                        "Liczba publikacji w mediach społecznościowych (min. 3 tygodniowo).",
                        "Liczba obserwujących profil (wzrost o 30% do 2021 r.).",
                    ),
                ),
            ),
        ),
        Goal(
            "Wzmocnienie współpracy i wspólnej promocji instytucji kultury",
            (
                Task(
                    "Wspólny kalendarz wydarzeń trzech ośrodków kultury",
                    "2019-2021",
                    ("Ośrodek Kultury „Tkacz”", "Dzielnicowy Ośrodek Kultury"),
                    (
                        "Liczba wydanych kalendarzy (1 na kwartał).",
                        "Liczba spotkań koordynacyjnych (min. 1 na kwartał).",
                    ),
                ),
                Task(
                    "Coroczne badanie satysfakcji i potrzeb odbiorców",
                    "2019-2021",
                    (CITY_HALL,),
                    (
                        "Liczba przeprowadzonych badań ankietowych (1 rocznie).",
                        "Liczba opracowanych raportów z badań (1 rocznie).",
                    ),
                ),
            ),
        ),
    ),
    "tkacz": (
        Goal(
            "Ochrona i popularyzacja tradycji włókienniczych Tomaszowa",
            (
                Task(
                    "Program edukacji regionalnej „Tomaszów – miasto tkaczy”",
                    "2019-2021",
                    (MUSEUM, "Szkoły podstawowe z terenu miasta"),
                    (
                        "Liczba opracowanych założeń programu (1 w 2019 r.).",
                        "Liczba wdrożonych do realizacji programów (1 do 2021 r.).",
                    ),
                ),
                Task(
                    "Wspólny cykl warsztatów rękodzieła w trzech ośrodkach kultury",
                    "2020-2021",
                    ("Miejski Ośrodek Kultury", "Dzielnicowy Ośrodek Kultury"),
                    (
                        "Liczba zorganizowanych warsztatów rocznie (min. 10).",
                        "Liczba uczestników warsztatów rocznie (min. 150).",
                    ),
                ),
                Task(
                    "Digitalizacja wzorów tkackich z archiwum ośrodka",
                    "2020-2021",
                    (MUSEUM,),
                    ("Liczba zdigitalizowanych wzorów (min. 100 do 2021 r.).",),
                ),
            ),
        ),
        Goal(
            "Dotarcie do młodszych odbiorców",
            (
                Task(
                    "Warsztaty upcyklingu i projektowania ubioru dla młodzieży",
                    "2019-2021",
                    (SCHOOLS,),
                    (
                        "Liczba zorganizowanych warsztatów rocznie (min. 8).",
                        "Odsetek uczestników w wieku 15–29 lat (min. 40%).",
                    ),
                ),
                Task(
                    "Prowadzenie profilu ośrodka w mediach społecznościowych",
                    "2019",
                    (),
                    ("Liczba publikacji (min. 2 tygodniowo).",),
                ),
            ),
        ),
        Goal(
            "Poprawa stanu technicznego budynku",
            (
                Task(
                    "Dokumentacja projektowa remontu dachu i instalacji grzewczej",
                    "2019",
                    (CITY_HALL,),
                    ("Liczba opracowanych dokumentacji projektowych (1 w 2019 r.).",),
                ),
                Task(
                    "Wniosek o dofinansowanie rewitalizacji budynku ze środków UE",
                    "2020",
                    (CITY_HALL, "Urząd Marszałkowski Województwa Łódzkiego"),
                    ("Liczba złożonych wniosków o dofinansowanie (min. 1 w 2020 r.).",),
                ),
            ),
        ),
    ),
    "dok": (
        Goal(
            "Poszerzenie oferty dla seniorów",
            (
                Task(
                    "Program „Aktywny senior na osiedlu”",
                    "2019-2021",
                    (U3A, "Miejski Ośrodek Pomocy Społecznej"),
                    (
                        "Liczba opracowanych założeń programu (1 w 2019 r.).",
                        "Liczba wdrożonych do realizacji programów (1 do 2021 r.).",
                    ),
                ),
                Task(
                    "Zajęcia ruchowe i taneczne dla seniorów",
                    "2019-2021",
                    (U3A,),
                    ("Liczba uczestników zajęć rocznie (min. 300).",),
                ),
                Task(
                    "Szkolenia z obsługi komputera i smartfona dla seniorów",
                    "2020-2021",
                    ("Miejska Biblioteka Publiczna",),
                    (
                        "Liczba przeprowadzonych cykli szkoleń "
                        "(min. 2 począwszy od drugiego roku trwania projektu).",
                    ),
                ),
            ),
        ),
        Goal(
            "Integracja społeczności osiedla",
            (
                Task(
                    "Festyny sąsiedzkie i pikniki rodzinne",
                    "2019-2021",
                    (ESTATE_COUNCIL, HOUSING_COOP),
                    (
                        "Liczba zorganizowanych festynów rocznie (min. 2).",
                        "Liczba uczestników festynów rocznie (min. 400).",
                    ),
                ),
                Task(
                    "Zespół mieszkańców współtworzących program DOK",
                    "2019",
                    (ESTATE_COUNCIL,),
                    ("Liczba spotkań zespołu (min. 1 na kwartał).",),
                ),
            ),
        ),
        Goal(
            "Poprawa warunków lokalowych",
            (
                Task(
                    "Remont i doposażenie sali zajęć w pawilonie",
                    "2020",
                    (CITY_HALL, HOUSING_COOP),
                    ("Liczba wyremontowanych sal (1 w 2020 r.).",),
                ),
                Task(
                    "Projekt do budżetu obywatelskiego na wyposażenie DOK",
                    "2019",
                    (ESTATE_COUNCIL,),
                    (
                        "Liczba złożonych projektów (min. 1 rocznie).",
                        "Liczba głosów oddanych na projekt (min. 500).",
                    ),
                ),
            ),
        ),
    ),
}

# --------------------------------------------------------------------------- questionnaire
AGE_BANDS = ("15–19", "20–29", "30–44", "45–59", "60–74", "75 lat i więcej")
AGE_GROUPS = ("young", "young", "middle", "older", "senior", "senior")
GENDERS = ("Kobieta", "Mężczyzna", "Wolę nie podawać")
GENDER_WEIGHTS = (0.57, 0.39, 0.04)
DISTRICTS = (
    ("Centrum", 20),
    ("Niebrów", 16),
    ("Starzyce", 10),
    ("Białobrzegi", 8),
    ("Ludwików", 8),
    ("Michałówek", 7),
    ("Wilanów", 8),
    ("Zapilicze", 8),
    ("Spoza Tomaszowa", 7),
)
OUTSIDE_TOWN = "Spoza Tomaszowa"

PARTICIPATION = (
    "Tak, regularnie",
    "Tak, okazjonalnie",
    "Nie, ale znam tę instytucję",
    "Nie znam tej instytucji",
)
REGULAR, OCCASIONAL, KNOWS_ONLY, UNKNOWN = range(4)
RATINGS = (
    "Bardzo źle",
    "Źle",
    "Ani dobrze, ani źle",
    "Dobrze",
    "Bardzo dobrze",
    "Nie wiem / trudno powiedzieć",
)
DONT_KNOW = 5
RATING_SCALE = RATINGS[:DONT_KNOW]
# Aspects of a culture centre: rated for importance (Q6) and per centre (Q12–Q14), so an
# importance–performance grid per centre is possible. Slugs name the codebook variables.
ASPECT_SLUGS = ("offer", "hours", "prices", "information", "building")
ASPECTS = (
    "Ciekawa oferta programowa",
    "Dogodne godziny zajęć",
    "Przystępne ceny",
    "Informacja o ofercie",
    "Dostępny, wygodny budynek",
)
IMPORTANCE = (
    "Zupełnie nieważne",
    "Raczej nieważne",
    "Średnio ważne",
    "Raczej ważne",
    "Bardzo ważne",
)
NEEDS = (
    "Koncerty, festyny plenerowe",
    "Kino, pokazy filmowe",
    "Warsztaty rękodzieła, ceramiki",
    "Zajęcia dla seniorów",
    "Zajęcia dla dzieci i młodzieży",
    "Spektakle teatralne",
    "Wystawy",
    "Spotkania autorskie",
    "Zajęcia taneczne",
)
OTHER_NEEDS = (
    "Zajęcia z robotyki",
    "Kabarety",
    "Wieczory gier planszowych",
    "Joga",
    "Koło szachowe",
    "Potańcówki dla seniorów",
    "Warsztaty fotograficzne",
    "Nauka gry na gitarze",
)
BARRIERS = (
    "Brak czasu",
    "Ceny biletów i zajęć",
    "Niedogodne godziny",
    "Brak informacji o ofercie",
    "Trudny dojazd",
    "Oferta mnie nie interesuje",
)
MAX_NEEDS = 3
MAX_EVENTS = 15

Q1 = "Ile ma Pan/Pani lat?"
Q2 = "Płeć"
Q3 = "W której części Tomaszowa Mazowieckiego Pan/Pani mieszka?"
Q4 = (
    "Czy w ciągu ostatnich 12 miesięcy brał(a) Pan/Pani udział w zajęciach "
    "lub wydarzeniach poniższych instytucji?"
)
Q5 = "Jak ocenia Pan/Pani ofertę poniższych instytucji?"
Q6 = "Jak ważne są dla Pana/Pani poniższe cechy ośrodka kultury?"
Q7 = (
    "Jakich zajęć lub wydarzeń najbardziej brakuje Panu/Pani w ofercie ośrodków kultury? "
    "(maksymalnie 3 odpowiedzi)"
)
Q8 = "Co utrudnia Panu/Pani korzystanie z oferty ośrodków kultury?"
Q9 = "W ilu wydarzeniach kulturalnych uczestniczył(a) Pan/Pani w ostatnim miesiącu?"
Q10 = "Ile miesięcznie wydaje Pan/Pani na kulturę (w zł)?"
Q11 = "Co Pana/Pani zdaniem powinno się zmienić w ofercie ośrodków kultury?"
Q_RATING = "Jak ocenia Pan/Pani {} pod względem poniższych cech?"  # Q12–Q14, one per centre
OTHER_LABEL = "Inne"
SURVEY_TITLE = "Diagnoza potrzeb kulturalnych mieszkańców Tomaszowa Mazowieckiego"

# --------------------------------------------------------------------------- behaviour model
KNOW_BY_AGE = {
    "mok": (0.86, 0.90, 0.94, 0.96, 0.97, 0.95),
    "tkacz": (0.22, 0.32, 0.62, 0.78, 0.86, 0.82),
    "dok": (0.35, 0.36, 0.52, 0.55, 0.68, 0.70),
}
ATTEND_BY_AGE = {
    "mok": (0.55, 0.60, 0.68, 0.66, 0.62, 0.50),
    "tkacz": (0.35, 0.35, 0.45, 0.55, 0.65, 0.60),
    "dok": (0.30, 0.30, 0.55, 0.45, 0.70, 0.72),
}
REGULAR_SHARE = {"mok": 0.28, "tkacz": 0.40, "dok": 0.45}
RATING_BY_AGE = {
    "mok": (3.5, 3.6, 3.8, 3.9, 4.0, 4.0),
    "tkacz": (3.2, 3.3, 3.6, 3.8, 4.0, 4.1),
    "dok": (2.7, 2.8, 3.3, 3.6, 4.3, 4.5),
}
# Mean importance (1–5) of the ASPECTS: prices and information matter most to older people.
IMPORTANCE_BY_GROUP = {
    "young": (4.4, 4.0, 3.1, 3.0, 2.6),
    "middle": (4.2, 4.3, 3.6, 3.5, 3.0),
    "older": (3.9, 3.6, 4.2, 4.1, 3.4),
    "senior": (3.5, 2.9, 4.6, 4.5, 4.1),
}
# Mean performance (1–5) of each centre on the ASPECTS, before age and participation shifts:
# MOK has the best programme but high prices; DOK is cheap and easy to reach but little known;
# „Tkacz” is weak on information and on its old building.
ASPECT_RATING = {
    "mok": (4.4, 3.6, 2.5, 3.7, 3.3),
    "tkacz": (3.8, 3.4, 3.7, 2.3, 2.2),
    "dok": (3.3, 3.7, 4.4, 2.4, 4.2),
}
ASPECT_DONT_KNOW = {REGULAR: 0.03, OCCASIONAL: 0.08, KNOWS_ONLY: 0.45}
NEED_WEIGHTS = {
    "young": (9, 8, 6, 1, 3, 3, 2, 2, 6),
    "middle": (6, 6, 3, 1, 9, 4, 2, 2, 3),
    "older": (5, 4, 4, 4, 3, 6, 4, 4, 3),
    "senior": (3, 2, 4, 10, 1, 6, 3, 4, 3),
}
BARRIER_WEIGHTS = {
    "young": (8, 4, 5, 6, 2, 6),
    "middle": (9, 4, 6, 6, 2, 3),
    "older": (5, 5, 4, 6, 3, 3),
    "senior": (1, 6, 2, 6, 6, 2),
}
SPENDING_BY_GROUP = {"young": 55.0, "middle": 70.0, "older": 50.0, "senior": 30.0}
MAX_SPENDING_ZL = 400
UNSET_MOMENT = datetime(2019, 1, 1)


@dataclass(frozen=True)
class Channel:
    name: str
    age_weights: tuple[float, ...]
    engagement: float  # 0 = recruited anywhere, 1 = recruited inside the centres
    comment_rate: float
    other_rate: float
    blank_rate: float  # chance that any single answer is left empty


ONLINE = Channel("online", (0.10, 0.26, 0.30, 0.19, 0.12, 0.03), 0.0, 0.5, 0.06, 0.0)
PAPER = Channel("paper", (0.04, 0.08, 0.18, 0.25, 0.32, 0.13), 0.6, 0.35, 0.05, 0.03)
EVENTS = Channel("events", (0.12, 0.16, 0.30, 0.20, 0.17, 0.05), 0.4, 0.3, 0.05, 0.0)
STREET = Channel("street", (0.04, 0.10, 0.18, 0.24, 0.30, 0.14), 0.0, 0.0, 0.0, 0.0)

# --------------------------------------------------------------------------- open answers
NEED_COMMENTS = {
    "Koncerty, festyny plenerowe": (
        "Więcej koncertów plenerowych latem, także na osiedlach.",
        "Na Dni Tomaszowa mogłyby przyjeżdżać bardziej znane zespoły.",
        "Brakuje koncertów rockowych i jazzowych dla dorosłych.",
    ),
    "Kino, pokazy filmowe": (
        "Kino mogłoby grać premiery wcześniej, teraz jeździmy do Łodzi.",
        "Fajnie byłoby mieć latem kino plenerowe nad Pilicą.",
        "Seanse w tygodniu są za wcześnie, przydałyby się wieczorne.",
    ),
    "Warsztaty rękodzieła, ceramiki": (
        "Chętnie zapisałabym się na ceramikę, ale zapisy są zawsze zamknięte.",
        "Warsztaty tkackie w „Tkaczu” są świetne, szkoda że tak mało osób o nich wie.",
        "Przydałyby się jednorazowe warsztaty rękodzieła w soboty.",
    ),
    "Zajęcia dla seniorów": (
        "Więcej zajęć dla seniorów w godzinach przedpołudniowych.",
        "Brakuje zajęć ruchowych dla osób starszych, np. gimnastyki przy muzyce.",
        "Proszę o kurs obsługi smartfona dla emerytów.",
        "Klub seniora w DOK mógłby spotykać się także w soboty.",
    ),
    "Zajęcia dla dzieci i młodzieży": (
        "Zajęcia dla dzieci powinny być także w weekendy, bo w tygodniu pracujemy.",
        "Na zajęciach plastycznych dla dzieci zawsze brakuje miejsc.",
        "Dla nastolatków nie ma praktycznie nic – może warsztaty DJ-skie albo e-sport?",
    ),
    "Spektakle teatralne": (
        "Więcej spektakli teatrów z Łodzi i Warszawy.",
        "Spektakle dla dzieci w niedzielne popołudnia byłyby świetne.",
    ),
    "Wystawy": (
        "Wystawy lokalnych artystów, np. fotografii dawnego Tomaszowa.",
        "Można by pokazać historię fabryk włókienniczych na wystawie w „Tkaczu”.",
    ),
    "Spotkania autorskie": (
        "Spotkania z pisarzami i podróżnikami, najlepiej wieczorem.",
        "Chętnie przyszłabym na spotkania autorskie połączone z dyskusją.",
    ),
    "Zajęcia taneczne": (
        "Zajęcia taneczne dla dorosłych, np. salsa albo tango, po godzinie 18.",
        "Przydałaby się grupa tańca nowoczesnego dla młodzieży.",
    ),
}
BARRIER_COMMENTS = {
    "Brak czasu": ("Lepiej sprawdzają się jednorazowe warsztaty niż całoroczne kursy.",),
    "Ceny biletów i zajęć": (
        "Bilety na koncerty są za drogie dla emerytów.",
        "Przydałyby się zniżki dla rodzin wielodzietnych na zajęcia.",
    ),
    "Niedogodne godziny": (
        "Zajęcia dla dorosłych kończą się za wcześnie, po pracy nie zdążę.",
        "Biuro MOK mogłoby być otwarte dłużej, żeby kupić bilety po pracy.",
    ),
    "Brak informacji o ofercie": (
        "O wydarzeniach dowiaduję się po fakcie – potrzebna lepsza promocja.",
        "Prowadźcie aktualny profil na Facebooku i wysyłajcie newsletter.",
        "Strona internetowa jest nieczytelna, trudno znaleźć harmonogram zajęć.",
        "Plakaty wiszą tylko w centrum, na osiedlach nikt nic nie wie.",
    ),
    "Trudny dojazd": (
        "Wieczorem trudno dojechać z osiedla, autobusy kursują rzadko.",
        "Brakuje miejsc parkingowych przy MOK.",
    ),
    "Oferta mnie nie interesuje": (
        "Oferta jest głównie dla dzieci i seniorów, dla trzydziestolatków nie ma nic.",
        "Program od lat jest ten sam, przydałoby się coś nowego.",
    ),
}
GENERAL_COMMENTS = (
    "Jestem zadowolona, tak trzymać!",
    "Budynek „Tkacza” wymaga remontu, szkoda tego miejsca.",
    "W DOK jest za ciasno, potrzebna większa sala.",
    "Dobrze, że ktoś pyta mieszkańców o zdanie.",
    "Pracownicy są bardzo mili i pomocni.",
    "Trzy ośrodki powinny lepiej ze sobą współpracować i się nie dublować.",
)

# --------------------------------------------------------------------------- personal data
PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
MOBILE_PREFIXES = (
    "501", "502", "509", "512", "530", "533", "535", "600", "601", "602", "604", "660",
    "664", "665", "690", "691", "692", "720", "721", "724", "730", "781", "790", "880",
)  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.pl")
FIRST_NAMES = (
    "anna", "maria", "katarzyna", "malgorzata", "agnieszka", "barbara", "ewa", "krystyna",
    "magdalena", "joanna", "zofia", "julia", "piotr", "krzysztof", "andrzej", "tomasz",
    "pawel", "jan", "michal", "marcin", "jakub", "adam", "kamil", "wojciech",
)  # fmt: skip
LAST_NAMES = (
    "nowak", "wojcik", "kowalczyk", "wozniak", "mazur", "krawczyk", "kaczmarek", "zajac",
    "krol", "wieczorek", "pawlak", "walczak", "michalak", "sikora", "baran", "dudek",
    "pietrzak", "adamczyk", "jasinska", "zielinski", "szymanska", "lis", "gorska", "sobczak",
)  # fmt: skip
# Every open-answer channel must contain each of these kinds at least once.
REQUIRED_PII = (
    "email_com",
    "email_pl",
    "phone_intl",
    "phone_dashes",
    "phone_plain",
    "phone_landline",
    "pesel",
    "pesel_check0",
    "pesel_invalid",
)
OPTIONAL_PII = (
    ("email_com", 3),
    ("email_pl", 3),
    ("phone_intl", 2),
    ("phone_dashes", 2),
    ("phone_plain", 2),
    ("phone_spaces", 2),
    ("phone_landline", 1),
    ("pesel", 1),
)
PII_TEMPLATES = {
    "email": (
        "Proszę o informacje o nowych zajęciach na adres {}.",
        "Chętnie pomogę jako wolontariusz, mój e-mail: {}",
        "Kontakt do mnie: {}",
    ),
    "phone": (
        "Mogę poprowadzić warsztaty, mój telefon {}.",
        "Proszę o telefon w sprawie zapisów: {}.",
        "Kontakt: tel. {}",
    ),
    "pesel": (
        "Zapisuję wnuczkę na zajęcia, PESEL {}.",
        "Mój PESEL {} – czy mogę się tak zapisać na kurs?",
        "Podaję PESEL do zapisu na wycieczkę: {}.",
    ),
    "pesel_invalid": (
        "Nr mojej karty bibliotecznej to {} – czy będą na nią zniżki?",
        "W zeszłym roku nie dostałam odpowiedzi na zgłoszenie nr {}.",
    ),
}

# --------------------------------------------------------------------------- channel formats
ONLINE_WINDOWS = (
    (date(2018, 10, 15), date(2018, 12, 20), 0.45),
    (date(2019, 1, 7), date(2019, 2, 28), 0.20),
    (date(2019, 3, 1), date(2019, 4, 14), 0.35),
)
ONLINE_HOUR_WEIGHTS = (1, 2, 4, 5, 5, 5, 6, 5, 5, 6, 7, 8, 9, 10, 10, 9, 6, 3)  # 6:00–23:00
ONLINE_MULTILINE_RATE = 0.05

PAPER_TITLE = "Ankiety papierowe – wprowadzone przez pracowników MOK, marzec 2019"
PAPER_FIRST_DAY = date(2018, 11, 5)
PAPER_LAST_DAY = date(2019, 3, 22)
PAPER_KEYER_MARKS = ("x", "1", "x", "1")  # staff members keyed batches in turn
PAPER_AGE = ("15-19", "20-29", "30-44", "45-59", "60-74", "75+")
PAPER_GENDER = ("K", "M", "nie podano")
PAPER_PARTICIPATION = ("regularnie", "okazjonalnie", "zna, nie korzysta", "nie zna")
PAPER_DONT_KNOW = "nw"
PAPER_INST_LABELS = ("MOK", "Tkacz", "DOK")
PAPER_ASPECT_LABELS = ("oferta", "godziny", "ceny", "informacja", "budynek")
PAPER_NEED_LABELS = (
    "koncerty, festyny",
    "kino",
    "rękodzieło, ceramika",
    "seniorzy",
    "dzieci i młodzież",
    "teatr",
    "wystawy",
    "spotkania autorskie",
    "taniec",
)
PAPER_BARRIER_LABELS = ("czas", "ceny", "godziny", "brak informacji", "dojazd", "nie interesuje")

LIME_SURVEY_ID = 482915
LIME_RATING_CODES = {"mok": "Q12", "tkacz": "Q13", "dok": "Q14"}
LIME_FIXED_COLUMNS = (
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "token",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
)
LIME_PAGES = 4
LIME_INCOMPLETE = 6
LIME_RANDOM_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
LIME_IP_PREFIXES = ("192.0.2.", "198.51.100.", "203.0.113.")  # documentation ranges
# (date, first hour, last hour, respondents) of events where tablets were used
LIME_EVENTS = (
    (date(2018, 11, 11), 12, 16, 25),
    (date(2018, 12, 15), 10, 15, 30),
    (date(2019, 2, 16), 10, 14, 25),
    (date(2019, 3, 8), 16, 20, 25),
    (date(2019, 4, 13), 11, 17, 25),
    (date(2019, 5, 3), 12, 18, 20),
)

STREET_PLACES = (
    ("Plac Kościuszki", date(2018, 10, 20), 70, "Centrum"),
    ("Targowisko miejskie", date(2018, 11, 8), 62, ""),
    ("Przed MOK", date(2019, 3, 16), 63, "Centrum"),
    ("Przed pawilonem DOK (os. Niebrów)", date(2019, 4, 6), 55, "Niebrów"),
)
STREET_HOME_SHARE = 0.6
STREET_AGE_QUESTION = "Wiek rozmówcy"
STREET_KNOW_QUESTION = "Czy zna Pan/Pani {}?"
# One spelling per PARTICIPATION answer, in the same order.
STREET_KNOW_ANSWERS = (
    "Tak, korzystam regularnie",
    "Tak, korzystam od czasu do czasu",
    "Tak, ale nie korzystam",
    "Nie znam",
)
STREET_NEEDS_QUESTION = "Czego brakuje w ofercie kulturalnej miasta? (do 3 odpowiedzi)"

OPINION_NOTES = (
    (
        date(2018, 10, 24),
        "dok",
        "spotkanie z radą osiedla",
        "Mieszkańcy proszą o zajęcia dla seniorów także w soboty. Sala jest za mała, "
        "na spotkaniu część osób stała.",
    ),
    (
        date(2018, 11, 7),
        "mok",
        "dyżur konsultacyjny",
        "Pan zgłosił, że na stronie internetowej nie ma aktualnego repertuaru kina.",
    ),
    (
        date(2018, 11, 21),
        "tkacz",
        "rozmowa po wydarzeniu",
        "Uczestniczki warsztatów tkackich chcą dłuższego cyklu zajęć. Proponują kiermasz "
        "prac przed świętami.",
    ),
    (
        date(2018, 12, 5),
        "dok",
        "dyżur konsultacyjny",
        "Mama dwójki dzieci pyta o zajęcia w czasie ferii. Prosi o kontakt pod numerem {phone}.",
    ),
    (
        date(2018, 12, 12),
        "mok",
        "rozmowa po wydarzeniu",
        "Widzowie chwalą koncert, ale skarżą się na nagłośnienie. Część osób źle słyszała "
        "solistów z tylnych rzędów.",
    ),
    (
        date(2019, 1, 16),
        "tkacz",
        "dyżur konsultacyjny",
        "Emerytowana włókniarka chce przekazać ośrodkowi wzory tkackie z rodzinnego archiwum.",
    ),
    (
        date(2019, 1, 30),
        "dok",
        "spotkanie z radą osiedla",
        "Rada osiedla deklaruje pomoc przy festynie sąsiedzkim. Proponuje wspólny wniosek "
        "do budżetu obywatelskiego.",
    ),
    (
        date(2019, 2, 13),
        "mok",
        "dyżur konsultacyjny",
        "Nauczycielka proponuje współpracę przy Dyskusyjnym Klubie Filmowym dla młodzieży. "
        "Kontakt: {email}",
    ),
    (
        date(2019, 2, 27),
        "tkacz",
        "rozmowa po wydarzeniu",
        "Młodzi uczestnicy pokazu upcyklingu nie wiedzieli wcześniej o istnieniu ośrodka.",
    ),
    (
        date(2019, 3, 6),
        "dok",
        "dyżur konsultacyjny",
        "Senior prosi o kurs obsługi smartfona. Chętnie przyprowadzi kolegów z klubu.",
    ),
    (
        date(2019, 3, 20),
        "mok",
        "rozmowa po wydarzeniu",
        "Rodzice pytają o spektakle dla dzieci w niedziele. Bilety rodzinne byłyby zachętą.",
    ),
    (
        date(2019, 4, 3),
        "tkacz",
        "dyżur konsultacyjny",
        "Zgłoszono przeciekający dach nad salą balową. Uczestniczki obawiają się o krosna.",
    ),
    (
        date(2019, 4, 17),
        "dok",
        "spotkanie z radą osiedla",
        "Mieszkańcy nowych bloków nie znają oferty DOK. Proponują ulotki w skrzynkach "
        "i ogłoszenia na osiedlowej grupie w internecie.",
    ),
    (
        date(2019, 5, 8),
        "mok",
        "dyżur konsultacyjny",
        "Pan z zespołu rockowego szuka sali prób. Prosi o telefon: {phone}.",
    ),
)


# --------------------------------------------------------------------------- current offer
# What each centre offers now, as each would keep it in its own spreadsheet: MOK with the
# standard headings; OK „Tkacz” in Polish Excel (cp1250, ";", its own headings and
# abbreviations); DOK with lists on separate lines inside a cell. Designed so the comparison
# has something to find: nobody offers author meetings (a diagnosed need), children's art
# classes on Saturdays run in all three centres, and dance for children and young people
# runs on Mondays and Wednesdays in both MOK and „Tkacz”.
# (name, type, form, audiences, districts, days, price, notes)
OFFERS = {
    "mok": (
        (
            "Kino studyjne – seanse",
            "film",
            "wydarzenie",
            "dorośli, młodzież",
            "Centrum",
            "czw, pt, sob, ndz",
            "15 zł",
            "Repertuar co tydzień na stronie",
        ),
        (
            "Bajkowe poranki w kinie",
            "film",
            "wydarzenie",
            "dzieci, rodziny",
            "Centrum",
            "ndz",
            "10 zł",
            "",
        ),
        (
            "Koncerty w sali widowiskowej",
            "muzyka",
            "wydarzenie",
            "dorośli, seniorzy",
            "Centrum",
            "sob",
            "40 zł",
            "Raz w miesiącu",
        ),
        (
            "Dni Tomaszowa",
            "wydarzenia",
            "wydarzenie",
            "wszyscy",
            "Centrum",
            "sob, ndz",
            "bezpłatne",
            "Czerwiec, plener przy Placu Kościuszki",
        ),
        (
            "Studio tańca nowoczesnego",
            "taniec",
            "zajęcia",
            "dzieci, młodzież",
            "Centrum",
            "pon, śr",
            "80 zł/mies.",
            "",
        ),
        (
            "Teatr młodzieżowy „Scena 97”",
            "teatr",
            "grupa",
            "młodzież",
            "Centrum",
            "wt, czw",
            "bezpłatne",
            "Nabór we wrześniu",
        ),
        (
            "Szkoła gitary",
            "muzyka",
            "zajęcia",
            "młodzież, dorośli",
            "Centrum",
            "wt",
            "100 zł/mies.",
            "",
        ),
        ("Spektakle gościnne", "teatr", "wydarzenie", "dorośli", "Centrum", "pt", "50 zł", ""),
        (
            "Plastyka dla dzieci",
            "plastyka",
            "zajęcia",
            "dzieci",
            "Centrum",
            "sob",
            "60 zł/mies.",
            "",
        ),
    ),
    "tkacz": (
        (
            "Pracownia tkacka",
            "plastyka",
            "zaj.",
            "dorośli, seniorzy",
            "Starzyce",
            "pon., śr.",
            "40 zł/mies.",
            "Krosna ośrodka",
        ),
        (
            "Warsztaty ceramiki",
            "plastyka",
            "zaj.",
            "dorośli i młodzież",
            "Starzyce",
            "wt., czw.",
            "90 zł/mies.",
            "",
        ),
        (
            "Galeria „Wątek” – wystawy",
            "plastyka",
            "wydarzenie",
            "wszyscy",
            "Starzyce",
            "wt.–sob.",
            "wstęp wolny",
            "",
        ),
        (
            "Zespół tańca ludowego „Tkaczki”",
            "taniec",
            "zespół",
            "dzieci, młodzież",
            "Starzyce",
            "pon., śr.",
            "bezpłatne",
            "",
        ),
        ("Klub seniora „Nitka”", "inne", "klub", "seniorzy", "Starzyce", "czw.", "bezpłatne", ""),
        (
            "Rękodzieło dla dzieci",
            "plastyka",
            "zaj.",
            "dzieci",
            "Starzyce, Centrum",
            "sob.",
            "50 zł/mies.",
            "Część zajęć w szkołach w Centrum",
        ),
        (
            "Jarmark rękodzieła",
            "wydarzenia",
            "wydarzenie",
            "rodziny",
            "Starzyce",
            "ndz.",
            "bezpłatne",
            "Dwa razy w roku",
        ),
        ("Kurs szycia", "edukacja", "zaj.", "dorośli", "Starzyce", "wt.", "120 zł", ""),
    ),
    "dok": (
        (
            "Świetlica dla dzieci",
            "edukacja",
            "zajęcia",
            "dzieci",
            "Niebrów",
            "poniedziałek-piątek",
            "bezpłatne",
            "Po lekcjach",
        ),
        (
            "Plastyka dla najmłodszych",
            "plastyka",
            "zajęcia",
            "dzieci\nrodziny",
            "Niebrów",
            "sobota",
            "20 zł",
            "",
        ),
        (
            "Klub seniora „Pod Lipami”",
            "inne",
            "grupa",
            "seniorzy",
            "Niebrów",
            "wtorek\nczwartek",
            "bezpłatne",
            "",
        ),
        (
            "Gimnastyka dla seniorów",
            "sport i rekreacja",
            "zajęcia",
            "seniorzy",
            "Niebrów",
            "poniedziałek\nśroda",
            "10 zł",
            "",
        ),
        (
            "Potańcówki dla seniorów",
            "taniec",
            "wydarzenie",
            "seniorzy",
            "Niebrów",
            "niedziela",
            "5 zł",
            "Pierwsza niedziela miesiąca",
        ),
        (
            "Festyn sąsiedzki",
            "wydarzenia",
            "wydarzenie",
            "rodziny\ndzieci\nseniorzy",
            "Niebrów",
            "sobota",
            "bezpłatne",
            "Wrzesień",
        ),
        (
            "Wieczory gier planszowych",
            "inne",
            "grupa",
            "młodzież\ndorośli",
            "Niebrów",
            "piątek",
            "bezpłatne",
            "",
        ),
        ("Teatrzyk dla dzieci", "teatr", "grupa", "dzieci", "Niebrów", "środa", "bezpłatne", ""),
    ),
}
OFFER_HEADINGS = {
    "mok": ("Nazwa", "Rodzaj zajęć", "Forma", "Odbiorcy", "Dzielnica", "Dni", "Cena", "Uwagi"),
    "tkacz": (
        "Nazwa zajęć",
        "Rodzaj",
        "Forma",
        "Dla kogo",
        "Osiedle",
        "Dni tygodnia",
        "Odpłatność",
        "Uwagi",
    ),
    "dok": ("Nazwa", "Rodzaj zajęć", "Forma", "Odbiorcy", "Dzielnica", "Dni", "Cena", "Uwagi"),
}
OFFER_FORMATS = {"mok": (",", "utf-8"), "tkacz": (";", "cp1250"), "dok": (",", "utf-8")}


# =========================================================================== helpers
def rng_for(name: str) -> random.Random:
    """Return an independent, seeded generator for one output file."""
    return random.Random(f"{SEED}:{name}")


def csv_text(
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ",",
    quoting: int = csv.QUOTE_MINIMAL,
    lineterminator: str = "\n",
) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator)
    writer.writerows(rows)
    return buffer.getvalue()


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.write_bytes(text.encode(encoding))


def weighted_choice(rng: random.Random, options: Sequence[str], weights: Sequence[float]) -> str:
    return rng.choices(options, weights)[0]


def weighted_sample(
    rng: random.Random, options: Sequence[str], weights: Sequence[float], k: int
) -> list[str]:
    """Draw k distinct options, each draw proportional to the remaining weights."""
    pool = list(zip(options, weights, strict=True))
    chosen: list[str] = []
    for _ in range(min(k, len(pool))):
        index = rng.choices(range(len(pool)), [w for _, w in pool])[0]
        chosen.append(pool.pop(index)[0])
    return sorted(chosen, key=options.index)


def poisson(rng: random.Random, lam: float) -> int:
    limit, product, count = math.exp(-lam), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def format_money(grosze: int, decimal_mark: str) -> str:
    zl, gr = divmod(grosze, 100)
    return str(zl) if gr == 0 else f"{zl}{decimal_mark}{gr:02d}"


# =========================================================================== respondents
@dataclass
class Respondent:
    age: int
    gender: int
    district: str
    participation: dict[str, int]
    rating: dict[str, int | None]
    importance: dict[str, int | None]  # aspect slug -> 1–5 score
    aspect_rating: dict[str, dict[str, int | None]]  # centre -> aspect slug -> RATINGS index
    needs: list[str]
    other_need: str
    barriers: list[str]
    events: int | None
    spending: int | None  # grosze
    comment: str
    moment: datetime = UNSET_MOMENT  # set by the channel that collected the answer


def draw_district(rng: random.Random, home: str = "") -> str:
    if home and rng.random() < STREET_HOME_SHARE:
        return home
    names = [name for name, _ in DISTRICTS]
    return weighted_choice(rng, names, [w for _, w in DISTRICTS])


def draw_participation(
    rng: random.Random, age: int, district: str, inst: str, engagement: float
) -> int:
    home = district == BY_ID[inst].district
    know = KNOW_BY_AGE[inst][age]
    if home:
        know = min(0.98, know + 0.25)
    if district == OUTSIDE_TOWN and inst != "mok":
        know *= 0.6
    know += (1 - know) * engagement * 0.5
    if rng.random() >= know:
        return UNKNOWN
    attend = ATTEND_BY_AGE[inst][age] + engagement * 0.2 + (0.15 if home else 0.0)
    if rng.random() >= attend:
        return KNOWS_ONLY
    return REGULAR if rng.random() < REGULAR_SHARE[inst] else OCCASIONAL


def draw_rating(rng: random.Random, age: int, inst: str, participation: int) -> int | None:
    roll = rng.random()
    if participation == UNKNOWN:
        return DONT_KNOW if roll < 0.15 else None
    if participation == KNOWS_ONLY and roll < 0.65:
        return DONT_KNOW if roll < 0.5 else None
    base = RATING_BY_AGE[inst][age]
    base += {REGULAR: 0.3, OCCASIONAL: 0.0, KNOWS_ONLY: -0.3}[participation]
    return clamp(round(base + rng.gauss(0, 0.8)), 1, 5) - 1


def draw_importance(rng: random.Random, age: int, blank_rate: float) -> dict[str, int | None]:
    means = IMPORTANCE_BY_GROUP[AGE_GROUPS[age]]
    result: dict[str, int | None] = {}
    for aspect, mean in zip(ASPECT_SLUGS, means, strict=True):
        score = clamp(round(mean + rng.gauss(0, 0.8)), 1, 5)
        result[aspect] = None if rng.random() < blank_rate else score
    return result


def draw_aspect_ratings(
    rng: random.Random, age: int, inst: str, participation: int, blank_rate: float
) -> dict[str, int | None]:
    """Rate one centre on the ASPECTS; only people who know the centre answer."""
    if participation == UNKNOWN:
        return dict.fromkeys(ASPECT_SLUGS)
    by_age = RATING_BY_AGE[inst]
    shift = by_age[age] - sum(by_age) / len(by_age)
    shift += {REGULAR: 0.3, OCCASIONAL: 0.0, KNOWS_ONLY: -0.3}[participation]
    halo = rng.gauss(0, 0.4)  # one person's general opinion of the centre
    result: dict[str, int | None] = {}
    for aspect, mean in zip(ASPECT_SLUGS, ASPECT_RATING[inst], strict=True):
        if rng.random() < ASPECT_DONT_KNOW[participation]:
            value = DONT_KNOW
        else:
            value = clamp(round(mean + shift + halo + rng.gauss(0, 0.7)), 1, 5) - 1
        result[aspect] = None if rng.random() < blank_rate else value
    return result


def draw_needs(rng: random.Random, age: int, other_rate: float) -> tuple[list[str], str]:
    count = rng.choices((1, 2, 3), (0.2, 0.35, 0.45))[0]
    needs = weighted_sample(rng, NEEDS, NEED_WEIGHTS[AGE_GROUPS[age]], count)
    other = ""
    if rng.random() < other_rate:
        other = rng.choice(OTHER_NEEDS)
        needs = needs[: MAX_NEEDS - 1]
    return needs, other


def draw_barriers(rng: random.Random, age: int) -> list[str]:
    count = rng.choices((1, 2, 3), (0.45, 0.4, 0.15))[0]
    return weighted_sample(rng, BARRIERS, BARRIER_WEIGHTS[AGE_GROUPS[age]], count)


def draw_events(rng: random.Random, age: int, participation: dict[str, int]) -> int:
    values = participation.values()
    lam = 0.6 + 1.5 * sum(v == REGULAR for v in values) + 0.6 * sum(v == OCCASIONAL for v in values)
    if AGE_GROUPS[age] == "young":
        lam += 0.4
    return min(MAX_EVENTS, poisson(rng, lam))


def draw_spending(rng: random.Random, age: int) -> int:
    if rng.random() < 0.07:
        return 0
    zl = rng.lognormvariate(math.log(SPENDING_BY_GROUP[AGE_GROUPS[age]]), 0.6)
    zl = min(zl, MAX_SPENDING_ZL)
    style = rng.random()
    if style < 0.5:
        return max(10, round(zl / 10) * 10) * 100
    if style < 0.8:
        return max(1, round(zl)) * 100
    return max(1, round(zl * 2)) * 50


def draw_comment(rng: random.Random, needs: list[str], barriers: list[str]) -> str:
    topics = [NEED_COMMENTS[n] for n in needs] + [BARRIER_COMMENTS[b] for b in barriers]
    count = rng.choices((1, 2), (0.65, 0.35))[0]
    sentences = [rng.choice(topic) for topic in rng.sample(topics, min(count, len(topics)))]
    if rng.random() < 0.2:
        sentences.append(rng.choice(GENERAL_COMMENTS))
    return " ".join(dict.fromkeys(sentences))


def draw_respondent(rng: random.Random, channel: Channel, home: str = "") -> Respondent:
    age = rng.choices(range(len(AGE_BANDS)), channel.age_weights)[0]
    gender = rng.choices(range(len(GENDERS)), GENDER_WEIGHTS)[0]
    district = draw_district(rng, home)
    participation = {
        inst: draw_participation(rng, age, district, inst, channel.engagement)
        for inst in INSTITUTION_IDS
    }
    rating = {inst: draw_rating(rng, age, inst, participation[inst]) for inst in INSTITUTION_IDS}
    importance = draw_importance(rng, age, channel.blank_rate)
    aspect_rating = {
        inst: draw_aspect_ratings(rng, age, inst, participation[inst], channel.blank_rate)
        for inst in INSTITUTION_IDS
    }
    needs, other = draw_needs(rng, age, channel.other_rate)
    barriers = draw_barriers(rng, age)
    comment = ""
    if rng.random() < channel.comment_rate:
        comment = draw_comment(rng, needs, barriers)
    return Respondent(
        age=age,
        gender=gender,
        district=district,
        participation=participation,
        rating=rating,
        importance=importance,
        aspect_rating=aspect_rating,
        needs=needs,
        other_need=other,
        barriers=barriers,
        events=draw_events(rng, age, participation),
        spending=draw_spending(rng, age),
        comment=comment,
    )


def blank_some(rng: random.Random, respondent: Respondent, rate: float) -> None:
    """Leave optional numeric answers empty, as respondents do."""
    if rng.random() < rate:
        respondent.events = None
    if rng.random() < rate * 2:
        respondent.spending = None


# =========================================================================== personal data
def pesel_check_digit(first_ten: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_ten, PESEL_WEIGHTS, strict=True))
    return (10 - total % 10) % 10


def make_pesel(rng: random.Random, *, check_digit: int | None = None) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(26_000))
    month = born.month + (20 if born.year >= 2000 else 0)
    prefix = f"{born.year % 100:02d}{month:02d}{born.day:02d}"
    while True:
        first_ten = prefix + f"{rng.randrange(10_000):04d}"
        check = pesel_check_digit(first_ten)
        if check_digit is None or check == check_digit:
            return first_ten + str(check)


def make_invalid_pesel(rng: random.Random) -> str:
    valid = make_pesel(rng)
    wrong = (int(valid[-1]) + 1 + rng.randrange(9)) % 10
    return valid[:-1] + str(wrong)


def make_phone(rng: random.Random, style: str) -> str:
    if style == "landline":
        digits = "7" + f"{rng.randrange(1_000_000):06d}"
        return f"(44) {digits[:3]} {digits[3:5]} {digits[5:]}"
    d = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(1_000_000):06d}"
    formats = {
        "intl": f"+48 {d[:3]} {d[3:6]} {d[6:]}",
        "dashes": f"{d[:3]}-{d[3:6]}-{d[6:]}",
        "plain": d,
        "spaces": f"{d[:3]} {d[3:6]} {d[6:]}",
    }
    return formats[style]


def make_email(rng: random.Random, domain: str) -> str:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    number = rng.randrange(1, 99)
    local = rng.choice(
        (f"{first}.{last}", f"{first}{last}{number}", f"{first[0]}{last}", f"{last}.{first}")
    )
    return f"{local}@{domain}"


def make_pii(rng: random.Random, kind: str) -> tuple[str, str]:
    """Return (manifest kind, value) for a planted item of the given generator kind."""
    if kind.startswith("email"):
        return "email", make_email(rng, "example.com" if kind == "email_com" else "example.pl")
    if kind.startswith("phone"):
        return "phone", make_phone(rng, kind.removeprefix("phone_"))
    if kind == "pesel_check0":
        return "pesel", make_pesel(rng, check_digit=0)
    if kind == "pesel":
        return "pesel", make_pesel(rng)
    return "pesel_invalid", make_invalid_pesel(rng)


def pii_kinds(rng: random.Random, count: int, required: Sequence[str]) -> list[str]:
    extra = max(0, count - len(required))
    kinds = list(required) + rng.choices(
        [k for k, _ in OPTIONAL_PII], [w for _, w in OPTIONAL_PII], k=extra
    )
    rng.shuffle(kinds)
    return kinds


def plant_pii(
    rng: random.Random,
    respondents: list[Respondent],
    file: str,
    column: str,
    required: Sequence[str] = (),
) -> list[dict[str, object]]:
    """Append planted personal data to ~PII_SHARE of the open answers; return the manifest."""
    with_comment = [i for i, r in enumerate(respondents) if r.comment]
    count = max(len(required), round(len(with_comment) * PII_SHARE))
    chosen = sorted(rng.sample(with_comment, count))
    manifest: list[dict[str, object]] = []
    for index, kind in zip(chosen, pii_kinds(rng, count, required), strict=True):
        manifest_kind, value = make_pii(rng, kind)
        template = rng.choice(PII_TEMPLATES[manifest_kind])
        respondents[index].comment += " " + template.format(value)
        manifest.append(pii_entry(file, index + 1, column, manifest_kind, value))
    return manifest


def pii_entry(file: str, record: int, column: str, kind: str, value: str) -> dict[str, object]:
    entry: dict[str, object] = {
        "file": file,
        "record": record,
        "column": column,
        "kind": kind,
        "value": value,
    }
    if kind.startswith("pesel"):
        entry["valid_pesel"] = kind == "pesel"
    return entry


# =========================================================================== static tables
def offer_text(inst: str) -> tuple[str, str]:
    """One centre's offer table as the centre keeps it: (text, encoding)."""
    delimiter, encoding = OFFER_FORMATS[inst]
    rows: list[Sequence[object]] = [OFFER_HEADINGS[inst], *OFFERS[inst]]
    return csv_text(rows, delimiter=delimiter), encoding


def stakeholders_text() -> str:
    """The invitation list for the public panel, with its title row (see STAKEHOLDERS)."""
    width = len(STAKEHOLDER_HEADINGS)
    title = [STAKEHOLDER_TITLE, *[""] * (width - 1)]
    rows: list[Sequence[object]] = [title, STAKEHOLDER_HEADINGS, *STAKEHOLDERS]
    return csv_text(rows, delimiter=";", lineterminator="\r\n")


def institutions_rows() -> list[list[str]]:
    header = ["id", "nazwa", "skrot", "adres", "dzielnica", "opis"]
    return [header] + [
        [i.id, i.name, i.short, i.address, i.district, i.description] for i in INSTITUTIONS
    ]


def teams_rows() -> list[list[str]]:
    rows = [["instytucja", "zespol", "czlonkowie"]]
    for inst in INSTITUTIONS:
        rows.append([inst.id, f"Zespół planowania {inst.short}", "; ".join(TEAMS[inst.id])])
    return rows


def swot_rows(rng: random.Random) -> list[list[object]]:
    rows: list[list[object]] = [
        ["instytucja", "cwiartka", "kategoria", "waznosc", "tresc", "zrodlo", "autor"]
    ]
    sources = [s for s, _ in SWOT_SOURCES]
    weights = [w for _, w in SWOT_SOURCES]
    for inst in INSTITUTION_IDS:
        for quadrant in "SWOT":
            for q, category, importance, text in SWOT_FACTORS[inst]:
                if q != quadrant:
                    continue
                source = weighted_choice(rng, sources, weights)
                author = rng.choice(TEAMS[inst])
                rows.append([inst, q, category, importance, text, source, author])
    return rows


def plan_rows() -> list[list[str]]:
    rows = [
        [
            "instytucja",
            "cel_nr",
            "cel",
            "zadanie_nr",
            "zadanie",
            "podmiot_odpowiedzialny",
            "podmioty_wspolpracujace",
            "perspektywa",
            "wskazniki",
        ]
    ]
    for inst in INSTITUTION_IDS:
        for goal_no, goal in enumerate(PLANS[inst], start=1):
            for task_no, task in enumerate(goal.tasks, start=1):
                rows.append(
                    [
                        inst,
                        str(goal_no),
                        goal.title,
                        f"{goal_no}.{task_no}",
                        task.title,
                        BY_ID[inst].name,
                        "\n".join(task.partners),
                        task.period,
                        "\n".join(task.indicators),
                    ]
                )
    return rows


# =========================================================================== channel columns
OTHER_COLUMN = "__other__"  # Column.option of the free-text "other" column


@dataclass(frozen=True)
class Column:
    """One column of a channel file and the codebook variable it holds ("" for metadata).

    ``option`` is set for a multiple-choice question answered in one column per option (the
    option it marks, or OTHER_COLUMN for the free-text "other" column).
    """

    heading: str
    variable: str = ""
    option: str = ""


def headings(columns: Iterable[Column]) -> list[str]:
    return [column.heading for column in columns]


def aspects(labels: Sequence[str]) -> list[tuple[str, str]]:
    """(slug, label) of each aspect, with the labels one channel uses."""
    return list(zip(ASPECT_SLUGS, labels, strict=True))


def rating_variable(inst: str, aspect: str) -> str:
    return f"rating_{inst}_{aspect}"


# =========================================================================== online (Google)
def last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)  # only used for March and October
    return day - timedelta(days=(day.weekday() - 6) % 7)


def is_summer_time(moment: datetime) -> bool:
    start = datetime.combine(last_sunday(moment.year, 3), time(2))
    end = datetime.combine(last_sunday(moment.year, 10), time(3))
    return start <= moment < end


def google_timestamp(moment: datetime) -> str:
    offset = 2 if is_summer_time(moment) else 1
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{moment:%Y/%m/%d} {hour}:{moment:%M:%S} {suffix} GMT+{offset}"


def online_moments(rng: random.Random, count: int) -> list[datetime]:
    moments: list[datetime] = []
    taken: set[datetime] = set()
    for _ in range(count):
        first, last, _ = rng.choices(ONLINE_WINDOWS, [w for *_, w in ONLINE_WINDOWS])[0]
        hour = 6 + rng.choices(range(len(ONLINE_HOUR_WEIGHTS)), ONLINE_HOUR_WEIGHTS)[0]
        moment = datetime.combine(random_day(rng, first, last), time(hour))
        moment += timedelta(seconds=rng.randrange(3600))
        while moment in taken:
            moment += timedelta(seconds=1)
        taken.add(moment)
        moments.append(moment)
    return sorted(moments)


def online_columns() -> list[Column]:
    return [
        Column("Sygnatura czasowa"),
        Column("Adres e-mail"),
        Column(Q1, "age"),
        Column(Q2, "gender"),
        Column(Q3, "district"),
        *[Column(f"{Q4} [{i.short}]", f"participation_{i.id}") for i in INSTITUTIONS],
        *[Column(f"{Q5} [{i.short}]", f"satisfaction_{i.id}") for i in INSTITUTIONS],
        *[Column(f"{Q6} [{label}]", f"importance_{slug}") for slug, label in aspects(ASPECTS)],
        *[
            Column(f"{Q_RATING.format(i.short)} [{label}]", rating_variable(i.id, slug))
            for i in INSTITUTIONS
            for slug, label in aspects(ASPECTS)
        ],
        Column(Q7, "needs"),
        Column(Q8, "barriers"),
        Column(Q9, "events_last_month"),
        Column(Q10, "spending"),
        Column(Q11, "suggestions"),
    ]


def label_or_blank(labels: Sequence[str], index: int | None) -> str:
    return "" if index is None else labels[index]


def importance_label(score: int | None) -> str:
    """Map a 1–5 importance score to its label ("" when unanswered)."""
    return "" if score is None else IMPORTANCE[score - 1]


def aspect_cells(r: Respondent) -> list[str]:
    """Q6 then Q12–Q14 as full labels (online and LimeSurvey)."""
    return [
        *[importance_label(r.importance[a]) for a in ASPECT_SLUGS],
        *[
            label_or_blank(RATINGS, r.aspect_rating[i][a])
            for i in INSTITUTION_IDS
            for a in ASPECT_SLUGS
        ],
    ]


def online_row(r: Respondent, email: str) -> list[str]:
    needs = ", ".join([*r.needs, *([r.other_need] if r.other_need else [])])
    return [
        google_timestamp(r.moment),
        email,
        AGE_BANDS[r.age],
        GENDERS[r.gender],
        r.district,
        *[PARTICIPATION[r.participation[i]] for i in INSTITUTION_IDS],
        *[label_or_blank(RATINGS, r.rating[i]) for i in INSTITUTION_IDS],
        *aspect_cells(r),
        needs,
        ", ".join(r.barriers),
        "" if r.events is None else str(r.events),
        "" if r.spending is None else format_money(r.spending, "."),
        r.comment,
    ]


def unique_emails(rng: random.Random, count: int) -> list[str]:
    emails: list[str] = []
    taken: set[str] = set()
    while len(emails) < count:
        email = make_email(rng, rng.choice(EMAIL_DOMAINS))
        if email not in taken:
            taken.add(email)
            emails.append(email)
    return emails


def make_multiline(rng: random.Random, respondents: list[Respondent]) -> None:
    """Google paragraph answers sometimes keep the respondent's line breaks."""
    for r in respondents:
        if ". " in r.comment and rng.random() < ONLINE_MULTILINE_RATE:
            r.comment = r.comment.replace(". ", ".\n", 1)


def online_file(rng: random.Random) -> tuple[str, list[dict[str, object]]]:
    respondents = [draw_respondent(rng, ONLINE) for _ in range(ONLINE_COUNT)]
    for r, moment in zip(respondents, online_moments(rng, ONLINE_COUNT), strict=True):
        blank_some(rng, r, 0.06)
        r.moment = moment
        if rng.random() < 0.08:
            r.barriers = []
    manifest = plant_pii(rng, respondents, ONLINE_FILE, Q11, REQUIRED_PII)
    make_multiline(rng, respondents)
    emails = unique_emails(rng, ONLINE_COUNT)
    rows = [headings(online_columns())] + [
        online_row(r, e) for r, e in zip(respondents, emails, strict=True)
    ]
    return csv_text(rows), manifest


# =========================================================================== paper (Excel)
def paper_columns() -> list[Column]:
    centres = list(zip(INSTITUTION_IDS, PAPER_INST_LABELS, strict=True))
    return [
        Column("Nr ankiety"),
        Column("Data wpływu"),
        Column("Wiek", "age"),
        Column("Płeć", "gender"),
        Column("Osiedle", "district"),
        *[Column(f"Udział {label}", f"participation_{inst}") for inst, label in centres],
        *[Column(f"Ocena {label}", f"satisfaction_{inst}") for inst, label in centres],
        *[
            Column(f"Ważne: {label}", f"importance_{slug}")
            for slug, label in aspects(PAPER_ASPECT_LABELS)
        ],
        *[
            Column(f"{centre}: {label}", rating_variable(inst, slug))
            for inst, centre in centres
            for slug, label in aspects(PAPER_ASPECT_LABELS)
        ],
        *[
            Column(f"Brakuje: {label}", "needs", need)
            for need, label in zip(NEEDS, PAPER_NEED_LABELS, strict=True)
        ],
        Column("Brakuje: inne (jakie?)", "needs", OTHER_COLUMN),
        *[
            Column(f"Bariera: {label}", "barriers", barrier)
            for barrier, label in zip(BARRIERS, PAPER_BARRIER_LABELS, strict=True)
        ],
        Column("Wydarzenia w ost. miesiącu", "events_last_month"),
        Column("Wydatki na kulturę (zł)", "spending"),
        Column("Uwagi", "suggestions"),
    ]


def paper_rating(value: int | None) -> str:
    """A RATINGS index as keyed in from paper: ``1``–``5`` or ``nw``."""
    if value is None:
        return ""
    return PAPER_DONT_KNOW if value == DONT_KNOW else str(value + 1)


def paper_spellings(options: Sequence[str], dont_know: Sequence[str] = ()) -> dict[str, str]:
    """Paper codes of a 5-point scale: ``1``… for the options, ``nw`` for "don't know"."""
    spellings = {str(n): option for n, option in enumerate(options, start=1)}
    if dont_know:
        spellings[PAPER_DONT_KNOW] = dont_know[0]
    return spellings


def blank_cells(rng: random.Random, cells: list[str], rate: float) -> list[str]:
    """Staff skip a few unanswered or unreadable answers."""
    return [("" if rng.random() < rate else c) for c in cells]


def paper_row(rng: random.Random, r: Respondent, number: int, day: date, mark: str) -> list[str]:
    single = [
        PAPER_AGE[r.age],
        PAPER_GENDER[r.gender],
        r.district,
        *[PAPER_PARTICIPATION[r.participation[i]] for i in INSTITUTION_IDS],
    ]
    return [
        str(number),
        f"{day:%d.%m.%Y}",
        *blank_cells(rng, single, PAPER.blank_rate),
        *[paper_rating(r.rating[i]) for i in INSTITUTION_IDS],
        *["" if r.importance[a] is None else str(r.importance[a]) for a in ASPECT_SLUGS],
        *[paper_rating(r.aspect_rating[i][a]) for i in INSTITUTION_IDS for a in ASPECT_SLUGS],
        *[mark if need in r.needs else "" for need in NEEDS],
        r.other_need,
        *[mark if barrier in r.barriers else "" for barrier in BARRIERS],
        "" if r.events is None else str(r.events),
        "" if r.spending is None else format_money(r.spending, ","),
        r.comment,
    ]


def paper_numbers(rng: random.Random) -> list[int]:
    numbers = list(range(1, PAPER_COUNT + PAPER_SPOILED + 1))
    for spoiled in rng.sample(numbers, PAPER_SPOILED):
        numbers.remove(spoiled)
    return numbers


def paper_file(rng: random.Random) -> tuple[str, list[dict[str, object]]]:
    respondents = [draw_respondent(rng, PAPER) for _ in range(PAPER_COUNT)]
    for r in respondents:
        blank_some(rng, r, 0.05)
    manifest = plant_pii(rng, respondents, PAPER_FILE, "Uwagi", ("phone_dashes", "pesel"))
    days = sorted(random_day(rng, PAPER_FIRST_DAY, PAPER_LAST_DAY) for _ in respondents)
    header = headings(paper_columns())
    rows: list[list[str]] = [[PAPER_TITLE] + [""] * (len(header) - 1), header]
    batch = -(-PAPER_COUNT // len(PAPER_KEYER_MARKS))
    numbers = paper_numbers(rng)
    for index, (r, number, day) in enumerate(zip(respondents, numbers, days, strict=True)):
        mark = PAPER_KEYER_MARKS[index // batch]
        rows.append(paper_row(rng, r, number, day, mark))
        if index + 1 in PAPER_BLANK_ROWS_AFTER:
            rows.append([""] * len(header))
    return csv_text(rows, delimiter=";", lineterminator="\r\n"), manifest


def errors_file(rng: random.Random) -> str:
    """Twelve paper questionnaires keyed in with typical mistakes, for the import report demo.

    Planted (data row → mistake): 3 rating "7" (out of the 1-5 scale), 5 "dużo" in the
    spending column, 7 the same "Nr ankiety" as row 6, 9 a spreadsheet formula in the
    remarks, 10 spending "40 zł" (unit), 11 gender "X" (unknown answer).
    """
    header = headings(paper_columns())
    col = {name: header.index(name) for name in header}
    rows: list[list[str]] = [[PAPER_TITLE] + [""] * (len(header) - 1), header]
    for index in range(12):
        r = draw_respondent(rng, PAPER)
        rows.append(paper_row(rng, r, 900 + index, PAPER_FIRST_DAY, "x"))
    data = rows[2:]
    data[2][col["Ocena MOK"]] = "7"
    data[4][col["Wydatki na kulturę (zł)"]] = "dużo"
    data[6][col["Nr ankiety"]] = data[5][col["Nr ankiety"]]
    data[8][col["Uwagi"]] = '=HYPERLINK("http://example.com";"kliknij")'
    data[9][col["Wydatki na kulturę (zł)"]] = "40 zł"
    data[10][col["Płeć"]] = "X"
    return csv_text(rows, delimiter=";", lineterminator="\r\n")


# =========================================================================== events (LimeSurvey)
def lime_codes(prefix: str, count: int) -> list[str]:
    return [f"{prefix}[SQ{n:03d}]" for n in range(1, count + 1)]


def lime_coded(prefix: str, items: Sequence[str]) -> list[tuple[str, str]]:
    """(subquestion column, item) pairs: ``Q4[SQ001]``, ``Q4[SQ002]``…"""
    return list(zip(lime_codes(prefix, len(items)), items, strict=True))


def lime_columns() -> list[Column]:
    """LimeSurvey columns in survey order (Q12–Q14 were added after Q11 but sit after Q6)."""
    participation = [f"participation_{inst}" for inst in INSTITUTION_IDS]
    satisfaction = [f"satisfaction_{inst}" for inst in INSTITUTION_IDS]
    importance = [f"importance_{slug}" for slug in ASPECT_SLUGS]
    ratings = [
        (LIME_RATING_CODES[inst], [rating_variable(inst, slug) for slug in ASPECT_SLUGS])
        for inst in INSTITUTION_IDS
    ]
    return [
        *[Column(name) for name in LIME_FIXED_COLUMNS],
        Column("Q1", "age"),
        Column("Q2", "gender"),
        Column("Q3", "district"),
        *[Column(code, name) for code, name in lime_coded("Q4", participation)],
        *[Column(code, name) for code, name in lime_coded("Q5", satisfaction)],
        *[Column(code, name) for code, name in lime_coded("Q6", importance)],
        *[
            Column(code, name)
            for prefix, names in ratings
            for code, name in lime_coded(prefix, names)
        ],
        *[Column(code, "needs", need) for code, need in lime_coded("Q7", NEEDS)],
        Column("Q7[other]", "needs", OTHER_COLUMN),
        *[Column(code, "barriers", barrier) for code, barrier in lime_coded("Q8", BARRIERS)],
        Column("Q9", "events_last_month"),
        Column("Q10", "spending"),
        Column("Q11", "suggestions"),
    ]


def lime_pages(r: Respondent) -> list[list[str]]:
    """Answer cells grouped by the survey page they are asked on."""
    return [
        [AGE_BANDS[r.age], GENDERS[r.gender], r.district],
        [
            *[PARTICIPATION[r.participation[i]] for i in INSTITUTION_IDS],
            *[label_or_blank(RATINGS, r.rating[i]) for i in INSTITUTION_IDS],
            *aspect_cells(r),
        ],
        [
            *["Y" if need in r.needs else "" for need in NEEDS],
            r.other_need,
            *["Y" if barrier in r.barriers else "" for barrier in BARRIERS],
        ],
        [
            "" if r.events is None else str(r.events),
            "" if r.spending is None else format_money(r.spending, "."),
            r.comment,
        ],
    ]


def lime_moments(rng: random.Random) -> list[datetime]:
    moments: list[datetime] = []
    for day, first_hour, last_hour, count in LIME_EVENTS:
        start = datetime.combine(day, time(first_hour))
        span = (last_hour - first_hour) * 3600
        moments.extend(start + timedelta(seconds=rng.randrange(span)) for _ in range(count))
    return sorted(moments)


def lime_row(
    rng: random.Random, number: int, r: Respondent, submitted: datetime, last_page: int
) -> list[str]:
    started = submitted - timedelta(seconds=rng.randrange(150, 720))
    complete = last_page == LIME_PAGES
    token = "".join(rng.choice(LIME_RANDOM_CHARS) for _ in range(15))
    fixed = [
        str(number),
        f"{submitted:%Y-%m-%d %H:%M:%S}" if complete else "",
        str(last_page),
        "pl",
        str(rng.randrange(100_000_000, 2_000_000_000)),
        token,
        f"{started:%Y-%m-%d %H:%M:%S}",
        f"{submitted:%Y-%m-%d %H:%M:%S}",
        rng.choice(LIME_IP_PREFIXES) + str(rng.randrange(1, 255)),
        "",
    ]
    answers: list[str] = []
    for page_no, page in enumerate(lime_pages(r), start=1):
        answers.extend(page if complete or page_no <= last_page else [""] * len(page))
    return fixed + answers


def lime_file(rng: random.Random) -> tuple[str, list[dict[str, object]]]:
    moments = lime_moments(rng)
    respondents = [draw_respondent(rng, EVENTS) for _ in moments]
    for r in respondents:
        blank_some(rng, r, 0.04)
    incomplete = set(rng.sample(range(len(moments)), LIME_INCOMPLETE))
    for index in incomplete:
        respondents[index].comment = ""
    manifest = plant_pii(rng, respondents, EVENTS_FILE, "Q11", ("email_pl", "phone_intl"))
    rows = [headings(lime_columns())]
    for index, (r, moment) in enumerate(zip(respondents, moments, strict=True)):
        last_page = rng.randrange(1, LIME_PAGES) if index in incomplete else LIME_PAGES
        rows.append(lime_row(rng, index + 1, r, moment, last_page))
    text = csv_text(rows, delimiter=";", quoting=csv.QUOTE_ALL)
    return text, manifest


def lime_subquestions(labels: Sequence[str]) -> dict[str, str]:
    return {f"SQ{n:03d}": label for n, label in enumerate(labels, start=1)}


def lime_structure() -> dict[str, object]:
    shorts = [inst.short for inst in INSTITUTIONS]
    questions: dict[str, dict[str, object]] = {
        "Q1": {"type": "L", "text": Q1, "answers": list(AGE_BANDS)},
        "Q2": {"type": "L", "text": Q2, "answers": list(GENDERS)},
        "Q3": {"type": "L", "text": Q3, "answers": [name for name, _ in DISTRICTS]},
        "Q4": {
            "type": "F",
            "text": Q4,
            "subquestions": lime_subquestions(shorts),
            "answers": list(PARTICIPATION),
        },
        "Q5": {
            "type": "F",
            "text": Q5,
            "subquestions": lime_subquestions(shorts),
            "answers": list(RATINGS),
        },
        "Q6": {
            "type": "F",
            "text": Q6,
            "subquestions": lime_subquestions(ASPECTS),
            "answers": list(IMPORTANCE),
        },
        "Q7": {
            "type": "M",
            "text": Q7,
            "subquestions": {**lime_subquestions(NEEDS), "other": OTHER_LABEL},
            "max_answers": MAX_NEEDS,
        },
        "Q8": {"type": "M", "text": Q8, "subquestions": lime_subquestions(BARRIERS)},
        "Q9": {"type": "N", "text": Q9, "min": 0, "max": MAX_EVENTS},
        "Q10": {"type": "N", "text": Q10},
        "Q11": {"type": "T", "text": Q11},
    }
    for inst in INSTITUTIONS:
        questions[LIME_RATING_CODES[inst.id]] = {
            "type": "F",
            "text": Q_RATING.format(inst.short),
            "subquestions": lime_subquestions(ASPECTS),
            "answers": list(RATINGS),
        }
    return {
        "_comment": "SYNTHETIC survey structure for konsultacje_wydarzenia_limesurvey.csv",
        "sid": LIME_SURVEY_ID,
        "language": "pl",
        "title": SURVEY_TITLE,
        "multiple_choice_selected": "Y",
        "questions": questions,
    }


# =========================================================================== street poll
def street_questions() -> list[tuple[str, str, Sequence[str]]]:
    """(question, codebook variable, answer spellings in tally order) of the street poll."""
    return [
        (STREET_AGE_QUESTION, "age", AGE_BANDS),
        *[
            (STREET_KNOW_QUESTION.format(i.short), f"participation_{i.id}", STREET_KNOW_ANSWERS)
            for i in INSTITUTIONS
        ],
        (STREET_NEEDS_QUESTION, "needs", NEEDS),
    ]


def street_answers(p: Respondent, variable: str) -> list[str]:
    if variable == "age":
        return [AGE_BANDS[p.age]]
    if variable == "needs":
        return p.needs
    return [STREET_KNOW_ANSWERS[p.participation[variable.removeprefix("participation_")]]]


def street_rows(rng: random.Random) -> list[list[object]]:
    rows: list[list[object]] = [["miejsce", "data", "pytanie", "odpowiedz", "liczba"]]
    for place, day, count, home in STREET_PLACES:
        people = [draw_respondent(rng, STREET, home) for _ in range(count)]
        for question, variable, options in street_questions():
            answers = [answer for p in people for answer in street_answers(p, variable)]
            rows.extend(
                [place, day.isoformat(), question, option, answers.count(option)]
                for option in options
            )
    return rows


# =========================================================================== opinions
def opinion_rows(rng: random.Random) -> tuple[list[list[str]], list[dict[str, object]]]:
    rows = [["data", "instytucja", "forma", "notatka"]]
    manifest: list[dict[str, object]] = []
    for record, (day, inst, form, note) in enumerate(OPINION_NOTES, start=1):
        if "{phone}" in note:
            value = make_phone(rng, "spaces" if record < 10 else "plain")
            note = note.replace("{phone}", value)
            manifest.append(pii_entry(OPINIONS_FILE, record, "notatka", "phone", value))
        if "{email}" in note:
            value = make_email(rng, "example.pl")
            note = note.replace("{email}", value)
            manifest.append(pii_entry(OPINIONS_FILE, record, "notatka", "email", value))
        rows.append([day.isoformat(), inst, form, note])
    return rows, manifest


# =========================================================================== codebook
@dataclass(frozen=True)
class Question:
    """One codebook variable, before its headings are collected from the channel columns."""

    name: str
    label: str
    type: str
    options: Sequence[str] = ()
    dont_know: Sequence[str] = ()
    group: str | None = None
    subject: str | None = None
    answers: tuple[tuple[str, str], ...] = ()  # (spelling used by a channel, canonical label)


def spellings(
    channel_labels: Sequence[str], canonical: Sequence[str]
) -> tuple[tuple[str, str], ...]:
    """Pairs (channel spelling, canonical label), leaving out those spelled canonically."""
    pairs = zip(channel_labels, canonical, strict=True)
    return tuple((spelling, label) for spelling, label in pairs if spelling != label)


def codebook_questions() -> list[Question]:
    """The variables of kwestionariusz.json in questionnaire order (canonical = online labels)."""
    scale, dont_know = RATING_SCALE, (RATINGS[DONT_KNOW],)
    rating_answers = tuple(paper_spellings(scale, dont_know).items())
    importance_answers = tuple(paper_spellings(IMPORTANCE).items())
    participation_answers = spellings(PAPER_PARTICIPATION, PARTICIPATION) + spellings(
        STREET_KNOW_ANSWERS, PARTICIPATION
    )
    return [
        Question("age", "Wiek", "demographic", AGE_BANDS, answers=spellings(PAPER_AGE, AGE_BANDS)),
        Question(
            "gender", "Płeć", "demographic", GENDERS, answers=spellings(PAPER_GENDER, GENDERS)
        ),
        Question("district", "Część miasta", "demographic", [name for name, _ in DISTRICTS]),
        *[
            Question(
                f"participation_{i.id}",
                f"Udział w zajęciach lub wydarzeniach w ostatnich 12 miesiącach: {i.short}",
                "single",
                PARTICIPATION,
                group="participation",
                subject=i.id,
                answers=participation_answers,
            )
            for i in INSTITUTIONS
        ],
        *[
            Question(
                f"satisfaction_{i.id}",
                f"Ocena oferty: {i.short}",
                "likert",
                scale,
                dont_know,
                group="satisfaction",
                subject=i.id,
                answers=rating_answers,
            )
            for i in INSTITUTIONS
        ],
        *[
            Question(
                f"importance_{slug}",
                f"Ważność cechy ośrodka kultury: {label}",
                "likert",
                IMPORTANCE,
                group="importance",
                answers=importance_answers,
            )
            for slug, label in aspects(ASPECTS)
        ],
        *[
            Question(
                rating_variable(i.id, slug),
                f"Ocena {i.short}: {label}",
                "likert",
                scale,
                dont_know,
                group=f"rating_{i.id}",
                subject=i.id,
                answers=rating_answers,
            )
            for i in INSTITUTIONS
            for slug, label in aspects(ASPECTS)
        ],
        Question("needs", "Czego najbardziej brakuje w ofercie", "multiple", NEEDS),
        Question("barriers", "Co utrudnia korzystanie z oferty", "multiple", BARRIERS),
        Question("events_last_month", "Wydarzenia kulturalne w ostatnim miesiącu", "numeric"),
        Question("spending", "Miesięczne wydatki na kulturę (zł)", "numeric"),
        Question("suggestions", "Co powinno się zmienić w ofercie", "open"),
    ]


def codebook() -> dict[str, object]:
    """kwestionariusz.json, in the format of swot.survey.codebook.Codebook.to_dict().

    Headings come from the column lists that also write the channel files, and answer
    spellings from the labels the channels use, so codebook and data cannot drift apart.
    """
    columns = [*online_columns(), *paper_columns(), *lime_columns()]
    columns += [Column(question, variable) for question, variable, _ in street_questions()]
    plain: dict[str, list[str]] = {}
    per_option: dict[str, dict[str, str]] = {}
    other: dict[str, list[str]] = {}
    for c in columns:
        if c.option == OTHER_COLUMN:
            other.setdefault(c.variable, []).append(c.heading)
        elif c.option:
            per_option.setdefault(c.variable, {})[c.heading] = c.option
        elif c.variable:
            plain.setdefault(c.variable, []).append(c.heading)
    questions = codebook_questions()
    unknown = sorted({c.variable for c in columns if c.variable} - {q.name for q in questions})
    if unknown:
        raise ValueError(f"columns of variables missing from the codebook: {unknown}")
    variables = []
    for q in questions:
        item: dict[str, object] = {"name": q.name, "label": q.label, "type": q.type}
        lists = {
            "options": q.options,
            "dont_know": q.dont_know,
            "headings": list(dict.fromkeys(plain.get(q.name, ()))),
            "other_headings": other.get(q.name, ()),
        }
        item.update((key, list(value)) for key, value in lists.items() if value)
        scalars = {"group": q.group, "subject": q.subject}
        item.update((key, value) for key, value in scalars.items() if value is not None)
        maps = {"answers": dict(q.answers), "option_headings": per_option.get(q.name, {})}
        item.update((key, value) for key, value in maps.items() if value)
        variables.append(item)
    return {"format": "swot-codebook", "version": 1, "title": SURVEY_TITLE, "variables": variables}


# =========================================================================== panel invitations
STAKEHOLDERS_FILE = "zaproszeni_panel.csv"
#: The panel's invitation list as an organiser keeps it (Polish Excel: `;`, UTF-8 with BOM,
#: CRLF, a title row). Fictional organisations and people.
STAKEHOLDER_TITLE = (
    "DANE FIKCYJNE (syntetyczne) – przykładowa lista zaproszonych na panel, wszelkie "
    "podobieństwo nazw, osób, adresów e-mail i numerów telefonów do prawdziwych jest przypadkowe"
)
STAKEHOLDER_HEADINGS = (
    "Nazwa instytucji lub osoby",
    "Kategoria",
    "Osoba kontaktowa",
    "Adres e-mail",
    "Nr telefonu",
    "Co otrzymuje",
    "Status zaproszenia",
    "Zaprasza",
    "Uwagi",
)
STAKEHOLDERS: tuple[tuple[str, ...], ...] = (
    (
        "Szkoła Podstawowa nr 99 (fikcyjna)",
        "szkoła",
        "Anna Przykładowa, dyrektorka",
        "sekretariat@sp99.example.pl",
        "44 700 00 99",
        "link do raportu",
        "zaproszenie wysłane",
        "DOK",
        "",
    ),
    (
        "Zespół Szkół Ponadpodstawowych nr 98 (fikcyjny)",
        "szkoła",
        "Tomasz Testowy, wicedyrektor",
        "zsp98@example.com",
        "",
        "link, wydruk",
        "do zaproszenia",
        "MOK",
        "Przekazać też samorządowi uczniowskiemu",
    ),
    (
        "Przedszkole Miejskie nr 97 „Fikcyjne Słoneczko”",
        "szkoła",
        "",
        "przedszkole97@example.pl",
        "",
        "link",
        "do zaproszenia",
        "DOK",
        "",
    ),
    (
        "Biblioteka Miejska im. Fikcyjnego Patrona",
        "instytucja kultury",
        "Maria Wzorcowa",
        "biblioteka@example.pl",
        "+48 44 700 00 10",
        "link, pliki raportu (HTML, DOCX, XLSX)",
        "udział potwierdzony",
        "wspólnie",
        "Partner wspólnego kalendarza wydarzeń",
    ),
    (
        "Muzeum Ziemi Przykładowej (fikcyjne)",
        "instytucja kultury",
        "Jan Próbny",
        "muzeum@example.pl",
        "",
        "link do raportu",
        "zaproszenie wysłane",
        "OK „Tkacz”",
        "",
    ),
    (
        "Gminna Biblioteka Publiczna w Przykładowie (fikcyjna)",
        "",
        "",
        "gbp@przykladowo.example.pl",
        "",
        "link",
        "do zaproszenia",
        "wspólnie",
        "Kategoria do uzupełnienia",
    ),
    (
        "Regionalny Ośrodek Kultury (fikcyjny)",
        "regionalna instytucja kultury",
        "Ewa Modelowa, dział programowy",
        "rok@example.pl",
        "",
        "pliki raportu (HTML, DOCX, XLSX)",
        "zaproszenie wysłane",
        "wspólnie",
        "Prosi o wersję DOCX",
    ),
    (
        "Stowarzyszenie Przyjaciół Przykładowa (fikcyjne)",
        "organizacja pozarządowa",
        "Paweł Wymyślony",
        "kontakt@stowarzyszenie.example.pl",
        "",
        "link",
        "udział potwierdzony",
        "MOK",
        "",
    ),
    (
        "Fundacja „Kultura na Osiedlu” (fikcyjna)",
        "NGO",
        "Katarzyna Umowna",
        "fundacja@example.com",
        "",
        "link",
        "do zaproszenia",
        "DOK",
        "",
    ),
    (
        "Koło Gospodyń Wiejskich „Fikcyjne” (fikcyjne)",
        "NGO",
        "",
        "kgw@przyklad.example.pl",
        "",
        "wydruk",
        "do zaproszenia",
        "OK „Tkacz”",
        "Zaproszenie przekazać osobiście",
    ),
    (
        "Jan Przykładowy – malarz (postać fikcyjna)",
        "lokalny twórca",
        "",
        "jan.przykladowy@example.com",
        "",
        "link",
        "zaproszenie wysłane",
        "OK „Tkacz”",
        "",
    ),
    (
        "Zespół folkowy „Fikcyjne Nuty”",
        "lokalny twórca",
        "Alicja Testowa",
        "nuty@example.pl",
        "",
        "link",
        "odmowa",
        "MOK",
        "Koncert w tym terminie",
    ),
    (
        "Radna Ewa Testowa (postać fikcyjna)",
        "radny",
        "",
        "e.testowa@rada.example.pl",
        "",
        "link, wydruk",
        "zaproszenie wysłane",
        "wspólnie",
        "",
    ),
    (
        "Radny Piotr Próbny (postać fikcyjna)",
        "radny",
        "",
        "p.probny@rada.example.pl",
        "",
        "link, wydruk",
        "do zaproszenia",
        "wspólnie",
        "",
    ),
    (
        "Wydział Kultury Urzędu Miasta (fikcyjny)",
        "urząd miasta",
        "Barbara Urzędowa",
        "kultura@um.example.pl",
        "44 700 00 20 wew. 12",
        "link, pliki raportu (HTML, DOCX, XLSX), wydruk",
        "udział potwierdzony",
        "wspólnie",
        "Przekazać też Prezydentowi Miasta",
    ),
    (
        "Starostwo Powiatowe – Wydział Promocji (fikcyjny)",
        "starostwo",
        "",
        "promocja@starostwo.example.pl",
        "",
        "link",
        "zaproszenie wysłane",
        "wspólnie",
        "",
    ),
    (
        "Tygodnik „Głos Przykładowy” (fikcyjny)",
        "media",
        "Redakcja",
        "redakcja@glos.example.com",
        "",
        "link",
        "do zaproszenia",
        "MOK",
        "Zaprosić na konferencję prasową po panelu",
    ),
    (
        "Radio Przykład FM (fikcyjne)",
        "media",
        "",
        "radio@example.com",
        "",
        "link",
        "do zaproszenia",
        "MOK",
        "",
    ),
    (
        "Spółdzielnia Mieszkaniowa „Przykładowa” (fikcyjna)",
        "inne",
        "",
        "biuro@spoldzielnia.example.pl",
        "",
        "wydruk",
        "do zaproszenia",
        "DOK",
        "Plakat na tablicach ogłoszeń osiedla",
    ),
)


# =========================================================================== main
def build_files() -> dict[str, tuple[str, str]]:
    """Return {file name: (text, encoding)} for every generated file."""
    online_text, online_pii = online_file(rng_for(ONLINE_FILE))
    paper_text, paper_pii = paper_file(rng_for(PAPER_FILE))
    lime_text, lime_pii = lime_file(rng_for(EVENTS_FILE))
    opinions, opinion_pii = opinion_rows(rng_for(OPINIONS_FILE))
    manifest = {
        "_comment": "SYNTHETIC personal data planted in open answers to test masking. "
        "record = 1-based data record (title, header and blank rows not counted).",
        "items": online_pii + paper_pii + lime_pii + opinion_pii,
    }
    return {
        INSTITUTIONS_FILE: (csv_text(institutions_rows()), "utf-8"),
        TEAMS_FILE: (csv_text(teams_rows()), "utf-8"),
        SWOT_FILE: (csv_text(swot_rows(rng_for(SWOT_FILE))), "utf-8"),
        PLAN_FILE: (csv_text(plan_rows()), "utf-8"),
        ONLINE_FILE: (online_text, "utf-8"),
        PAPER_FILE: (paper_text, "cp1250"),
        EVENTS_FILE: (lime_text, "utf-8-sig"),
        EVENTS_CODES_FILE: (to_json(lime_structure()), "utf-8"),
        STREET_FILE: (csv_text(street_rows(rng_for(STREET_FILE))), "utf-8"),
        OPINIONS_FILE: (csv_text(opinions), "utf-8"),
        PII_FILE: (to_json(manifest), "utf-8"),
        CODEBOOK_FILE: (codebook_json(codebook()), "utf-8"),
        ERRORS_FILE: (errors_file(rng_for(ERRORS_FILE)), "cp1250"),
        **{name: offer_text(inst) for inst, name in OFFER_FILES.items()},
        STAKEHOLDERS_FILE: (stakeholders_text(), "utf-8-sig"),
    }


def to_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def codebook_json(data: object) -> str:
    """JSON exactly as swot.survey.codebook.Codebook.to_json() writes it."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: Sequence[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    target.mkdir(parents=True, exist_ok=True)
    for name, (text, encoding) in build_files().items():
        write_text(target / name, text, encoding)
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
