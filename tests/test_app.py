"""App mode: settings read from the page address (Voila's QUERY_STRING) and links built for it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from swot.app import MAX_SETTING_LENGTH, app_base_url, app_link, url_setting
from swot.errors import SwotError


@pytest.fixture(autouse=True)
def no_voila(monkeypatch):
    for name in ("QUERY_STRING", "SWOT_APP_TOKEN", "JUPYTERHUB_SERVICE_PREFIX"):
        monkeypatch.delenv(name, raising=False)


def test_default_when_opened_in_jupyterlab():
    assert url_setting("instytucja", "mok") == "mok"


def test_value_from_voilas_query_string(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "instytucja=tkacz&uczestnik=Ma%C5%82gorzata+S.&token=x")
    assert url_setting("instytucja", "mok") == "tkacz"
    assert url_setting("uczestnik", "Anna K.") == "Małgorzata S."


@pytest.mark.parametrize("query", ["", "instytucja=", "instytucja=%20%20", "inna=dok", "?"])
def test_empty_or_missing_value_gives_the_default(query):
    assert url_setting("instytucja", "mok", query=query) == "mok"


def test_control_characters_are_dropped():
    assert url_setting("uczestnik", "x", query="uczestnik=Jan%0A%09Nowak%00") == "JanNowak"


def test_last_value_wins_when_repeated():
    assert url_setting("instytucja", "mok", query="instytucja=dok&instytucja=tkacz") == "tkacz"


def test_unknown_choice_is_refused_in_polish_with_the_allowed_values():
    with pytest.raises(SwotError) as info:
        url_setting("instytucja", "mok", choices=["mok", "dok"], query="instytucja=zzz")
    message = str(info.value)
    assert message.startswith("W adresie strony jest instytucja='zzz', a takiej wartości nie ma.")
    assert "Dozwolone: mok, dok." in message
    assert "00_start" in message


class FakeShell:
    """Stands in for the kernel of a Voila page: collects what a cell displays."""

    def __init__(self, monkeypatch):
        import IPython
        import IPython.display

        self.shown: list[str] = []
        monkeypatch.setattr(IPython, "get_ipython", lambda: self)
        monkeypatch.setattr(
            IPython.display, "display", lambda obj, **kw: self.shown.append(obj.data)
        )


def test_a_refused_address_is_explained_in_the_page_itself(monkeypatch):
    shell = FakeShell(monkeypatch)
    monkeypatch.setenv("SWOT_APP_TOKEN", "abc")
    monkeypatch.setenv("QUERY_STRING", "instytucja=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E")
    with pytest.raises(SwotError, match="takiej wartości nie ma"):
        url_setting("instytucja", "mok", choices=["mok", "dok"])
    assert len(shell.shown) == 1
    box = shell.shown[0]
    assert "W adresie strony jest instytucja=" in box and "Dozwolone: mok, dok." in box
    assert "<img" not in box and "&lt;img src=x onerror=alert(1)&gt;" in box
    assert '<a href="/voila/render/00_start.ipynb?token=abc">Otwórz stronę startową</a>' in box


def test_an_explicit_query_or_no_kernel_displays_nothing(monkeypatch):
    shell = FakeShell(monkeypatch)
    with pytest.raises(SwotError):
        url_setting("instytucja", "mok", choices=["mok"], query="instytucja=zzz")
    assert shell.shown == []  # a caller passing the query shows the error itself
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    monkeypatch.setenv("QUERY_STRING", "instytucja=zzz")
    with pytest.raises(SwotError):
        url_setting("instytucja", "mok", choices=["mok"])
    assert shell.shown == []


def test_overlong_value_is_refused():
    query = "uczestnik=" + "a" * (MAX_SETTING_LENGTH + 1)
    with pytest.raises(SwotError, match=f"ma {MAX_SETTING_LENGTH + 1} znaków"):
        url_setting("uczestnik", "x", query=query)


def test_link_round_trips_through_url_setting():
    name = "Zażółć & <gęślą> jaźń?"
    link = app_link("02_swot.ipynb", base_url="/", instytucja="dok", uczestnik=name)
    parts = urlsplit(link)
    assert parts.path == "/voila/render/02_swot.ipynb"
    assert url_setting("uczestnik", "x", query=parts.query) == name
    assert url_setting("instytucja", "x", query=parts.query) == "dok"


def test_link_carries_the_workshop_token(monkeypatch):
    monkeypatch.setenv("SWOT_APP_TOKEN", "abc123")
    query = parse_qs(urlsplit(app_link("trener.ipynb", base_url="/")).query)
    assert query == {"token": ["abc123"]}


def test_link_without_parameters_has_no_query():
    assert app_link("00_start.ipynb", base_url="/") == "/voila/render/00_start.ipynb"


def test_base_url_follows_jupyterhub(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/anna")
    assert app_base_url() == "/user/anna/"
    assert app_link("04_plan.ipynb").startswith("/user/anna/voila/render/04_plan.ipynb")
