"""Static HTML export of executed notebooks for experts (swot.review).

One module fixture exports three workshop notebooks (00_start, 05_monitoring, trener) from a
demo workspace holding XSS payloads; the other tests draw saved widget state by hand or run
tiny throwaway notebooks, so the whole file stays around half a minute.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import shutil
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from swot import Comment, Factor, Finding, SwotError, Workspace
from swot.errors import PathError
from swot.review import (
    StaticCharts,
    StaticWidgets,
    clean_html,
    export_notebooks,
    strip_active_content,
)

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
)
FACTOR_TEXT = f"Czynnik {PAYLOADS[0]} {PAYLOADS[1]} {PAYLOADS[2]} koniec"
FINDING_TEXT = f"Ustalenie {PAYLOADS[1]} {PAYLOADS[2]}"
COMMENT_TEXT = f"Uwaga {PAYLOADS[0]} {PAYLOADS[2]}"

# Per cell: a kernel that stops answering is retried well before pytest's 600 s limit.
TIMEOUT = 120


class Page(HTMLParser):
    """Tags, attributes and text of an HTML page (the standard library's parser)."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _versions(path: Path) -> list[tuple[str, str, int]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT kind, id, version FROM objects ORDER BY kind, id").fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def export(tmp_path_factory, demo_template):
    """Three notebooks exported from a demo copy with payloads in a factor, finding, comment."""
    folder = tmp_path_factory.mktemp("review")
    workspace = folder / "warsztaty.swot"
    shutil.copyfile(demo_template, workspace)
    with Workspace.open(workspace, actor="trener") as ws:
        factor = ws.add(Factor(institution_id="mok", quadrant="W", text=FACTOR_TEXT, importance=5))
        ws.add(Finding(statement=FINDING_TEXT, source="ankieta", institution_id="mok"))
        ws.add(
            Comment(target_kind="factor", target_id=factor.id, author="Ekspert", text=COMMENT_TEXT)
        )
        name = ws.name
    before = _fingerprint(workspace), _versions(workspace)
    steps: list[tuple[str, int, int]] = []
    chosen = [NOTEBOOKS / n for n in ("trener.ipynb", "00_start.ipynb", "05_monitoring.ipynb")]
    written = export_notebooks(
        workspace,
        chosen,
        folder / "dla_ekspertow",
        progress=lambda *a: steps.append(a),
        timeout=TIMEOUT,
    )
    after = _fingerprint(workspace), _versions(workspace)
    pages = {p.name: p.read_text(encoding="utf-8") for p in written}
    return {
        "workspace": workspace,
        "name": name,
        "written": written,
        "pages": pages,
        "before": before,
        "after": after,
        "steps": steps,
    }


# ------------------------------------------------------------------ the export of real notebooks


def test_the_real_workspace_is_only_read(export):
    # 05_monitoring plays sample measurements and trener's form could save comments: all of
    # that went to the snapshot, so the file, its mtime and every object version are the same
    assert export["after"] == export["before"]
    beside = {p.name for p in export["workspace"].parent.iterdir()}
    beside -= {"warsztaty.swot-wal", "warsztaty.swot-shm"}  # SQLite's own, from reading
    assert beside == {"dla_ekspertow", "warsztaty.swot"}


def test_one_page_per_notebook_in_name_order_and_an_index(export):
    names = [p.name for p in export["written"]]
    assert names == ["00_start.html", "05_monitoring.html", "trener.html", "index.html"]
    assert all(p.parent.name == "dla_ekspertow" for p in export["written"])
    assert not list(export["written"][0].parent.glob(".*"))  # no temporary .part files
    index = Page(export["pages"]["index.html"])
    assert [a["href"] for a in index.named("a")] == names[:3]
    assert "Monitorowanie planu" in index.text  # titles from each notebook's first heading
    steps = export["steps"]
    assert [s[1] for s in steps] == list(range(1, len(steps) + 1))
    assert steps[-1][1] == steps[-1][2] == 8
    assert "Wykonywanie notatnika 00_start.ipynb" in [s[0] for s in steps]


def test_pages_show_header_markdown_and_widget_contents(export, demo_ws):
    page = Page(export["pages"]["trener.html"])
    assert "Eksport dla ekspertów — tylko do odczytu" in page.text
    assert export["name"] in page.text
    assert "Recenzja ekspercka" in page.text  # a markdown heading
    some_factor = demo_ws.factors("mok", "S")[0].text
    assert some_factor in page.text  # ExpertView lists the factors
    assert "import swot" not in page.text  # code is hidden by default
    start = Page(export["pages"]["00_start.html"])
    assert demo_ws.institutions()[0].name in start.text  # overview table
    assert "Eksport dla ekspertów" in start.text


def test_payloads_appear_only_as_text(export):
    for name in ("trener.html", "00_start.html", "05_monitoring.html"):
        markup = export["pages"][name]
        page = Page(markup)
        assert page.named("script") == [], name
        assert page.named("svg") == [] and page.named("iframe") == [], name
        for tag, attrs in page.tags:
            handlers = [a for a in attrs if a.startswith("on")]
            assert handlers == [], (name, tag, attrs)
        assert not [a for a in page.named("img") if a.get("src") == "x"], name
        assert "<script>alert" not in markup and "<img src=x" not in markup, name
    trener = export["pages"]["trener.html"]
    text = Page(trener).text
    for shown in (FACTOR_TEXT, FINDING_TEXT, COMMENT_TEXT):
        assert shown in text  # the reader sees exactly what was typed...
    assert html.escape(PAYLOADS[0], quote=False) in trener  # ...because it was escaped


def test_plotly_charts_became_embedded_png_images(export):
    markup = export["pages"]["05_monitoring.html"]
    images = Page(markup).named("img")
    charts = [i for i in images if (i.get("src") or "").startswith("data:image/png;base64,")]
    assert len(charts) == 2, [str(i)[:80] for i in images]
    for chart in charts:
        png = base64.b64decode(chart["src"].split(",", 1)[1])
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
        assert chart["alt"]  # the chart's title, for screen readers and broken images
    assert "application/vnd.plotly" not in markup
    assert "wykres bez danych" not in markup and "nie udało się" not in markup


def test_pages_are_self_contained_without_scripts_or_remote_loads(export):
    for name, markup in export["pages"].items():
        page = Page(markup)
        assert page.named("script") == [] and page.named("link") == [], name
        for tag, attrs in page.tags:
            for key in ("src", "srcset", "poster", "data"):
                value = attrs.get(key)
                assert value is None or value.startswith("data:image/"), (name, tag, key)
            if "href" in attrs:
                assert tag == "a", (name, tag)
        assert "require.js" not in markup and "mathjax" not in markup.lower(), name
        assert "IPY_MODEL_" not in markup and "widget-state+json" not in markup, name
        assert "url(http" not in markup and "@import" not in markup, name
        assert "swot-review-" not in markup, name  # no path of the temporary copy


def test_show_code_is_off_and_output_prompts_hidden(export):
    markup = export["pages"]["05_monitoring.html"]
    assert "ROK_BIEZACY = 2021" not in markup
    classes = " ".join(attrs.get("class") or "" for _tag, attrs in Page(markup).tags)
    assert "jp-OutputPrompt" not in classes and "jp-InputPrompt" not in classes
    assert "jp-CodeMirrorEditor" not in classes


# ------------------------------------------------------------------ small notebooks of our own


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Próba eksportu")]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


@pytest.fixture
def small_ws(tmp_path):
    path = tmp_path / "maly.swot"
    Workspace.create(path, name="Mała przestrzeń").close()
    return path


def test_an_error_names_notebook_cell_and_error_and_writes_nothing(tmp_path, small_ws):
    good = _notebook(tmp_path / "a_dobry.ipynb", "print('ok')")
    bad = _notebook(tmp_path / "b_zly.ipynb", "x = 1", "x / 0", "print('po błędzie')")
    out = tmp_path / "out"
    with pytest.raises(SwotError) as caught:
        export_notebooks(small_ws, [bad, good], out, timeout=TIMEOUT)
    message = str(caught.value)
    assert "b_zly.ipynb" in message and "komórka nr 3" in message
    assert "ZeroDivisionError: division by zero" in message
    assert "Nic nie zostało zapisane" in message
    assert list(out.iterdir()) == []  # a_dobry ran fine, but no page is written alone


def test_widgets_figure_widget_and_swot_messages_in_a_real_kernel(tmp_path, small_ws):
    nb = _notebook(
        tmp_path / "widgety.ipynb",
        "import os, ipywidgets as w, plotly.graph_objects as go, swot\n"
        "fig = go.FigureWidget()\n"
        "out = w.Output()\n"
        "box = w.VBox([w.HTML('<b>Pogrubione</b><script>alert(1)</script>'),\n"
        "    w.Dropdown(options=['pierwsza', 'druga <i>'], value='druga <i>',\n"
        "               description='Opcja'),\n"
        "    w.Button(description='Kliknij'), w.Text(value='', description='Pusto'), out, fig])\n"
        "box",
        "fig.add_bar(x=['a', 'b'], y=[1, 2])\n"
        "fig.layout.title = 'Słupki <b>testowe</b>'\n"
        "with out:\n    print('z wyjścia')\n    display(w.Label('etykieta w Output'))",
        "raise swot.SwotError('Najpierw wypełnijcie macierze IFE/EFE.')",
        "print(os.environ['SWOT_WORKSPACE'].endswith('maly.swot'))",
    )
    written = export_notebooks(small_ws, [nb], tmp_path / "out", lang="en", timeout=TIMEOUT)
    markup = written[0].read_text(encoding="utf-8")
    page = Page(markup)
    assert "<b>Pogrubione</b>" in markup and "alert(1)" not in markup
    assert "Opcja" in page.text and "druga <i>" in page.text and "pierwsza" not in page.text
    assert "Kliknij" not in page.text and "Pusto" not in page.text
    assert "z wyjścia" in page.text and "etykieta w Output" in page.text
    charts = [i for i in page.named("img") if (i.get("src") or "").startswith("data:image/png")]
    assert [c["alt"] for c in charts] == ["Słupki testowe"]  # the FigureWidget's real figure
    assert "⚠ Najpierw wypełnijcie macierze IFE/EFE." in page.text
    assert "True" in page.text  # the kernel saw the snapshot, named like the workspace
    assert "Export for experts" in page.text and 'lang="en"' in markup
    assert "Próba eksportu" in Page(written[-1].read_text(encoding="utf-8")).text


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"notebooks": []}, "Nie wskazano żadnego notatnika"),
        ({"notebooks": ["brak.ipynb"]}, "Nie ma notatnika brak.ipynb"),
        ({"lang": "de"}, "Język eksportu"),
    ],
)
def test_bad_arguments_get_polish_messages(tmp_path, small_ws, kwargs, expected):
    args = {"notebooks": [_notebook(tmp_path / "n.ipynb", "1")], "lang": "pl", **kwargs}
    with pytest.raises(SwotError, match=expected):
        export_notebooks(small_ws, args["notebooks"], tmp_path / "out", lang=args["lang"])


def test_two_notebooks_with_one_name_and_a_file_as_folder_are_refused(tmp_path, small_ws):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = _notebook(tmp_path / "a" / "x.ipynb", "1")
    two = _notebook(tmp_path / "b" / "x.ipynb", "1")
    with pytest.raises(SwotError, match=r"ten sam plik x\.html"):
        export_notebooks(small_ws, [one, two], tmp_path / "out")
    (tmp_path / "plik").write_text("")
    with pytest.raises(PathError, match="jest plikiem"):
        export_notebooks(small_ws, [one], tmp_path / "plik")


# ------------------------------------------------------------------ drawing saved widget state


class FakeCharts(StaticCharts):
    def _draw(self, figure):
        return b"\x89PNG\r\n\x1a\nfake"


def _model(name, **state):
    return {"model_name": name, "model_module": "@jupyter-widgets/controls", "state": state}


def _draw(state, root="root", figures=None):
    drawer = StaticWidgets(state, FakeCharts(), figures)
    return drawer.render(root), drawer


def test_boxes_tabs_and_fields_are_drawn_read_only_and_escaped():
    state = {
        "root": _model("VBoxModel", children=["IPY_MODEL_tab", "IPY_MODEL_hidden"]),
        "tab": _model(
            "TabModel", children=["IPY_MODEL_dd", "IPY_MODEL_cb"], titles=["Karta <1>", "Druga"]
        ),
        "dd": _model(
            "DropdownModel",
            _options_labels=["a", "<b>wybrana</b>"],
            index=1,
            description="Lista",
            _dom_classes=["swot-x", "bad class"],
        ),
        "cb": _model("CheckboxModel", value=True, description="Zrobione"),
        "hidden": _model("TextModel", value="sekret", layout="IPY_MODEL_lay"),
        "lay": _model("LayoutModel", display="none"),
    }
    markup, _ = _draw(state)
    text = Page(markup).text
    assert "Karta <1>" in text and "<b>wybrana</b>" in text and "☑ Zrobione" in text
    assert "&lt;b&gt;wybrana&lt;/b&gt;" in markup
    assert 'class="swot-rv-dropdown swot-x"' in markup  # an unsafe class name is dropped
    assert "sekret" not in markup  # display: none stays hidden


def test_html_widgets_are_sanitized_and_keep_their_css():
    css = ".swot-table td { color: red; }"
    state = {
        "root": _model(
            "HTMLModel",
            value=f"<style>{css}</style><style>.x {{ background: url(http://t.pl/a) }}</style>"
            '<table class="swot-table"><tr><td onclick="x()">a</td></tr></table>'
            "<img src=x onerror=alert(1)><script>alert(2)</script>",
        )
    }
    markup, drawer = _draw(state)
    assert drawer.styles == [css]  # the remote background never reaches the page
    assert '<table class="swot-table"><tbody><tr><td>a</td></tr></tbody></table>' in markup
    assert "onclick" not in markup and "<img" not in markup and "alert" not in markup


def test_unknown_models_buttons_uploads_and_outputs():
    state = {
        "root": _model(
            "HBoxModel",
            children=[
                "IPY_MODEL_odd",
                "IPY_MODEL_btn",
                "IPY_MODEL_up",
                "IPY_MODEL_out",
                "IPY_MODEL_gone",
            ],
        ),
        "odd": {"model_name": "MapModel", "model_module": "jupyter-leaflet", "state": {}},
        "btn": _model("ButtonModel", description="Zapisz"),
        "up": _model("FileUploadModel", description="Wybierz plik"),
        "out": _model(
            "OutputModel",
            outputs=[
                {"output_type": "stream", "name": "stdout", "text": "a < b\n"},
                {"output_type": "stream", "name": "stderr", "text": "ostrzeżenie\n"},
                {
                    "output_type": "display_data",
                    "data": {"text/html": "<p>tabela</p><script>x</script>"},
                },
                {
                    "output_type": "display_data",
                    "data": {
                        "application/vnd.plotly.v1+json": {
                            "data": [{"type": "bar"}],
                            "layout": {"title": {"text": "Tytuł"}},
                        }
                    },
                },
            ],
        ),
    }
    markup, _ = _draw(state)
    text = Page(markup).text
    assert text.count("[element interaktywny]") == 2  # the leaflet map and the missing model
    assert "Zapisz" not in text and "Wybierz plik" not in text and "ostrzeżenie" not in text
    assert "a < b" in text and "<p>tabela</p>" in markup and "<script>" not in markup
    assert 'alt="Tytuł"' in markup and "data:image/png;base64," in markup


def test_a_figure_widget_uses_the_published_figure():
    figure = {"data": [{"type": "bar", "y": [1]}], "layout": {"title": "Z jądra"}}
    state = {
        "root": {
            "model_name": "AnyModel",
            "model_module": "anywidget",
            "state": {
                "_anywidget_id": "plotly.graph_objs._figurewidget.FigureWidget",
                "_widget_data": [],
                "_widget_layout": {},
            },
        }
    }
    assert "wykres bez danych" in _draw(state)[0]
    assert 'alt="Z jądra"' in _draw(state, figures={"root": figure})[0]


def test_a_chart_that_cannot_be_drawn_gets_a_note():
    class Broken(StaticCharts):
        def _draw(self, figure):
            raise RuntimeError("Chromium not found\nmore")

    note = Broken().html({"data": [{"type": "bar"}], "layout": {"title": "Frekwencja"}})
    assert "Wykres „Frekwencja”" in note and "Chromium not found" in note and "<img" not in note


def test_clean_html_and_the_last_guard():
    assert clean_html('<h3 onmouseover="x()">Tytuł</h3><style>p{}</style>') == "<h3>Tytuł</h3>"
    assert clean_html('<a href="javascript:alert(1)">link</a>') == "<a>link</a>"
    page = (
        '<html><head><script src="https://cdn/x.js"></script><link rel="stylesheet" href="http://a">'
        '<style>@import url(http://a/b.css);</style><meta charset="utf-8"></head>'
        '<body><img src="http://t.pl/p.gif"><img src="data:image/png;base64,AAAA" alt="ok">'
        '<a href="index.html">spis</a><a href="javascript:x()">j</a><div onclick="x()">d</div>'
        "</body></html>"
    )
    guarded = Page(strip_active_content(page))
    assert guarded.named("script") == [] and guarded.named("link") == []
    assert guarded.named("style") == [] and guarded.named("meta") == [{"charset": "utf-8"}]
    assert [i.get("src") for i in guarded.named("img")] == [None, "data:image/png;base64,AAAA"]
    assert [a.get("href") for a in guarded.named("a")] == ["index.html", None]
    assert guarded.named("div") == [{}]
    # an SVG picture (charts.fit_width) stays: as an image it runs nothing and loads nothing
    svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>').decode()
    pictures = Page(
        strip_active_content(
            f'<img src="data:image/svg+xml;base64,{svg}" alt="macierz">'
            '<img src="data:image/svg+xml,<svg onload=x()>">'
        )
    ).named("img")
    assert [i.get("src") for i in pictures] == [f"data:image/svg+xml;base64,{svg}", None]


def test_the_export_template_has_no_script_of_its_own():
    from swot import review

    template = review._TEMPLATE + review._INDEX + review._CSS
    assert "<script" not in template and "http" not in template
    assert json.dumps(review.CLEAN_TAGS).count("script") == 0


def test_kernels_run_this_python_whatever_kernelspecs_are_installed():
    import sys

    from swot import review

    manager = review._current_python_kernel()(kernel_name="python3")
    assert manager.kernel_spec.argv[0] == sys.executable


def test_show_code_keeps_the_python_for_readers_who_want_it():
    from swot import review

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print('kod widoczny')")]
    resources = {
        "metadata": {"name": "próba", "path": "."},
        "swot": {"css": "", "badge": "", "meta": "", "back": ""},
    }
    shown, _ = review._exporter(True, "pl", FakeCharts(), []).from_notebook_node(
        nb, resources=resources
    )
    hidden, _ = review._exporter(False, "pl", FakeCharts(), []).from_notebook_node(
        nb, resources=resources
    )
    assert "kod widoczny" in Page(shown).text and "kod widoczny" not in Page(hidden).text


def test_a_kernel_that_stops_answering_gets_one_more_try(tmp_path, small_ws, monkeypatch):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError

    real = NotebookClient.execute
    calls: list[int] = []

    def stalls_once(self, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise CellTimeoutError("no reply from the kernel")
        return real(self, **kwargs)

    monkeypatch.setattr(NotebookClient, "execute", stalls_once)
    nb = _notebook(tmp_path / "jeden.ipynb", "print('druga próba')")
    written = export_notebooks(small_ws, [nb], tmp_path / "out", timeout=TIMEOUT)
    assert len(calls) == 2
    assert "druga próba" in Page(written[0].read_text(encoding="utf-8")).text


def test_a_kernel_that_never_answers_stops_the_export(tmp_path, small_ws, monkeypatch):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError

    def stalls(self, **kwargs):
        raise CellTimeoutError("no reply from the kernel")

    monkeypatch.setattr(NotebookClient, "execute", stalls)
    nb = _notebook(tmp_path / "jeden.ipynb", "print(1)")
    with pytest.raises(SwotError, match=r"jeden\.ipynb"):
        export_notebooks(small_ws, [nb], tmp_path / "out", timeout=TIMEOUT)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
