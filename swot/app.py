"""App mode: the workshop notebooks as pages without code (Voila).

A notebook opened through Voila cannot be edited, so the few settings a notebook has
(which institution, who sits at this computer) come from the page address instead::

    /voila/render/02_swot.ipynb?instytucja=tkacz&uczestnik=Anna+K.

Voila hands the query string to the kernel in the ``QUERY_STRING`` environment variable;
:func:`url_setting` reads one value from it, falling back to the notebook's default when
the page was opened in JupyterLab or without the parameter. :func:`app_link` builds such
an address (the start notebook lists them per institution and stage).

>>> url_setting("instytucja", "mok", query="instytucja=dok&uczestnik=Ewa")
'dok'
>>> app_link("02_swot.ipynb", base_url="/", instytucja="mok", uczestnik="Anna K.")
'/voila/render/02_swot.ipynb?instytucja=mok&uczestnik=Anna+K.'
"""

from __future__ import annotations

import html
import os
import unicodedata
from collections.abc import Iterable
from urllib.parse import parse_qs, quote, urlencode

from swot.errors import SwotError
from swot.i18n import register, t

__all__ = ["MAX_SETTING_LENGTH", "app_base_url", "app_link", "url_setting"]

#: Longer values in an address are refused (a name or an id is far shorter).
MAX_SETTING_LENGTH = 120

register(
    {
        "app.error.choice": {
            "pl": (
                "W adresie strony jest {name}={value!r}, a takiej wartości nie ma. Dozwolone: "
                "{choices}. Otwórz stronę z linku na stronie startowej (00_start)."
            ),
            "en": (
                "The page address says {name}={value!r}, which does not exist. Allowed: "
                "{choices}. Open the page from a link on the start page (00_start)."
            ),
        },
        "app.error.start": {
            "pl": "Otwórz stronę startową",
            "en": "Open the start page",
        },
        "app.error.long": {
            "pl": (
                "Wartość {name} w adresie strony ma {length} znaków (najwyżej {limit}). "
                "Otwórz stronę z linku na stronie startowej (00_start)."
            ),
            "en": (
                "The value of {name} in the page address has {length} characters (at most "
                "{limit}). Open the page from a link on the start page (00_start)."
            ),
        },
    }
)


def _clean(value: str) -> str:
    """Drop control characters (a pasted address may carry a tab or a newline)."""
    return "".join(c for c in value if unicodedata.category(c)[0] != "C").strip()


def url_setting(
    name: str,
    default: str,
    *,
    choices: Iterable[str] | None = None,
    query: str | None = None,
) -> str:
    """The value of ``name`` in the page address, or ``default`` when it is not there.

    ``query`` defaults to the ``QUERY_STRING`` environment variable that Voila sets; in
    JupyterLab it is absent and the default is used. An empty value counts as absent.
    With ``choices``, any other value raises :class:`~swot.errors.SwotError` that lists
    the allowed ones (a hand-edited address should not open another team's data).

    >>> url_setting("uczestnik", "Anna K.", query="uczestnik=Jan%20Nowak")
    'Jan Nowak'
    >>> url_setting("uczestnik", "Anna K.", query="")
    'Anna K.'
    """
    raw = os.environ.get("QUERY_STRING", "") if query is None else query
    values = parse_qs(raw.lstrip("?"), keep_blank_values=True).get(name, [])
    value = _clean(values[-1]) if values else ""
    if not value:
        return default
    error: SwotError | None = None
    if len(value) > MAX_SETTING_LENGTH:
        error = SwotError(
            t("app.error.long", name=name, length=len(value), limit=MAX_SETTING_LENGTH)
        )
    elif choices is not None:
        allowed = list(choices)
        if value not in allowed:
            error = SwotError(
                t("app.error.choice", name=name, value=value, choices=", ".join(allowed))
            )
    if error is not None:
        if query is None:  # a page in app mode, where Voila hides every error's message
            _show_refusal(str(error))
        raise error
    return value


def _show_refusal(message: str) -> None:
    """Show why the page address was refused, in the page itself, with a way back.

    Voila replaces an error's message with its own generic English one ("There was an
    error when executing cell"), so the reason is displayed as the cell's output first.
    """
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:
        return
    if get_ipython() is None:
        return
    start = html.escape(app_link("00_start.ipynb"), quote=True)
    box = (
        '<div class="swot-app-refusal" role="alert" style="border-left:4px solid '
        '#b3261e;background:#fdecea;padding:10px 14px;margin:8px 0;font-size:15px">'
        f"<b>⚠ {html.escape(message)}</b><br>"
        f'<a href="{start}">{html.escape(t("app.error.start"))}</a></div>'
    )
    display(HTML(box))  # type: ignore[no-untyped-call]


def app_base_url() -> str:
    """The server's base path: ``/`` or, on JupyterHub, the user's prefix (``/user/x/``)."""
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/") or "/"
    return prefix if prefix.endswith("/") else prefix + "/"


def app_link(notebook: str, *, base_url: str | None = None, **params: str) -> str:
    """The address of ``notebook`` in app mode, with ``params`` in its query string.

    The same address works with ``voila notebooks/`` and inside a JupyterLab server
    (Voila's server extension serves ``/voila/render/`` there too). When the server was
    started by ``scripts/workshop.sh`` (``SWOT_APP_TOKEN`` set), the link carries its
    token, so a participant's first click opens the page without a login prompt.
    """
    base = app_base_url() if base_url is None else base_url
    link = f"{base}voila/render/{quote(notebook)}"
    values = {k: v for k, v in params.items() if v}
    token = os.environ.get("SWOT_APP_TOKEN", "")
    if token:
        values["token"] = token
    query = urlencode(values)
    return f"{link}?{query}" if query else link
