"""The workspace: one SQLite file per workshop edition.

Guarantees, in the order users care about them:

* **Saved means saved.** WAL journal, ``synchronous=FULL``, every write in its own
  ``BEGIN IMMEDIATE`` transaction. A killed kernel loses nothing that a call returned for.
* **Nothing is overwritten silently.** Every object carries a version; an update or delete
  made from a stale copy raises :class:`~swot.errors.ConflictError` with both versions.
* **Several writers at once.** Processes wait for each other (busy timeout plus retries); a
  caller sees :class:`~swot.errors.WorkspaceBusyError` only after ``BUSY_SECONDS``.
* **Every change is history.** Who, when, what before, what after.

Objects are stored as validated JSON in one table (``objects``) with an index on their parent
(the institution of a factor, the goal of a task, ...). The schema version is SQLite's
``user_version``; :data:`MIGRATIONS` upgrades older files when they are opened.

Examples
--------
>>> import tempfile, pathlib
>>> from swot.model import Institution
>>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.swot"
>>> with Workspace.create(path, actor="trener") as ws:
...     mok = ws.add(Institution(id="mok", name="Miejski Ośrodek Kultury"))
...     mok.version
1
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from swot.errors import (
    ConflictError,
    DataImportError,
    NotFoundError,
    Problem,
    ReferenceError_,
    SwotError,
    ValidationError,
    WorkspaceBusyError,
    WorkspaceError,
)
from swot.i18n import t
from swot.model import (
    DEFAULT_CATEGORIES,
    KINDS,
    Comment,
    Factor,
    Goal,
    Institution,
    Model,
    Strategy,
    Team,
    field_names,
    new_id,
    now_iso,
)
from swot.paths import check_path, child_path

__all__ = ["EXPORT_FORMAT", "SCHEMA_VERSION", "Change", "Dataset", "Workspace"]

M = TypeVar("M", bound=Model)

SCHEMA_VERSION = 4
EXPORT_FORMAT = "swot-workspace"
APPLICATION_ID = 0x53574F54  # "SWOT": marks the file as ours for `file(1)` and for open()
BUSY_SECONDS = 30.0
WORKSPACE_SUFFIX = ".swot"


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE objects (
            kind       TEXT NOT NULL,
            id         TEXT NOT NULL,
            seq        INTEGER NOT NULL,  -- history seq of the add: keeps insertion order
            parent     TEXT,
            version    INTEGER NOT NULL,
            data       TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            ukey       TEXT,
            PRIMARY KEY (kind, id)
        ) WITHOUT ROWID;
        -- One index serves listing by parent and refusing duplicates: ukey contains the parent
        -- and NULL keys never collide. (Every index costs each commit a page write.)
        CREATE UNIQUE INDEX objects_parent ON objects (kind, parent, ukey);
        CREATE TABLE history (
            seq     INTEGER PRIMARY KEY,  -- history is append-only, so rowids only grow
            kind    TEXT NOT NULL,
            id      TEXT NOT NULL,
            version INTEGER NOT NULL,
            action  TEXT NOT NULL,
            actor   TEXT NOT NULL,
            at      TEXT NOT NULL,
            before  TEXT,
            after   TEXT
        );
        """,
    )


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, and a migration must stay one transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


#: ``MIGRATIONS[n]`` upgrades a file from schema ``n`` to ``n + 1`` inside one transaction.
def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Imported consultation files (and other tabular data) as opaque blobs."""
    _run_script(
        conn,
        """
        CREATE TABLE datasets (
            id          TEXT PRIMARY KEY,
            seq         INTEGER NOT NULL,  -- history seq of the add: keeps import order
            kind        TEXT NOT NULL,     -- e.g. responses | tallies | notes
            name        TEXT NOT NULL,     -- the file name as the user knows it
            meta        TEXT NOT NULL,     -- JSON: report, channel, format, ...
            data        BLOB NOT NULL,
            created_at  TEXT NOT NULL,
            created_by  TEXT NOT NULL
        );
        """,
    )


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Refuse duplicates among objects without a parent (institutions, joint goals).

    The ``(kind, parent, ukey)`` index never compared them: SQLite treats every NULL parent
    as distinct, so two institutions of the same name or two joint goals numbered 1 were
    accepted. A partial index over the parentless rows closes that. Duplicates an older file
    already holds are kept (nothing is deleted); all but the first lose their key, so the
    next edit of one of them asks the user to tell it apart.
    """
    conn.execute(
        "UPDATE objects SET ukey = NULL WHERE parent IS NULL AND ukey IS NOT NULL AND EXISTS ("
        "SELECT 1 FROM objects first WHERE first.kind = objects.kind AND first.parent IS NULL "
        "AND first.ukey = objects.ukey AND first.seq < objects.seq)"
    )
    conn.execute(
        "CREATE UNIQUE INDEX objects_root_key ON objects (kind, ukey) WHERE parent IS NULL"
    )


#: Kinds whose key is unique among all objects of the kind, whatever their parent (their
#: ``unique_key`` leaves the parent out). Adding one needs a migration recreating the index.
UNIQUE_ACROSS_PARENTS = ("stakeholder",)


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """One row per addressee of the panel invitations, whichever centre invites.

    The check that refused a second "Szkoła nr 1" ran before the write, so two people adding
    it at the same instant could both succeed. An addressee's key is now its name and e-mail
    folded (case-, space- and diacritics-blind, see :meth:`Stakeholder.unique_key`) without
    the inviting centre, and a partial index keeps it unique. Keys of existing addressees are
    recomputed from their saved fields; duplicates a file already holds are kept, all but the
    first without a key (as in :func:`_migrate_2_to_3`).
    """
    from swot.text import fold

    rows = conn.execute(
        "SELECT id, data FROM objects WHERE kind = 'stakeholder' ORDER BY seq"
    ).fetchall()
    taken: set[str] = set()
    for object_id, data in rows:
        fields = json.loads(data)
        key: str | None = json.dumps(
            [fold(str(fields.get("name") or "")), fold(str(fields.get("email") or ""))],
            ensure_ascii=False,
        )
        if key in taken:
            key = None
        else:
            taken.add(str(key))
        conn.execute(
            "UPDATE objects SET ukey = ? WHERE kind = 'stakeholder' AND id = ?", (key, object_id)
        )
    kinds = ", ".join(f"'{kind}'" for kind in UNIQUE_ACROSS_PARENTS)
    conn.execute(
        f"CREATE UNIQUE INDEX objects_kind_key ON objects (kind, ukey) WHERE kind IN ({kinds})"
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
    _migrate_3_to_4,
]


@dataclass(frozen=True, slots=True)
class Dataset:
    """An imported file's data kept in the workspace (the bytes are fetched separately)."""

    id: str
    kind: str
    name: str
    meta: dict[str, Any]
    created_at: str
    created_by: str
    size: int


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the workspace history."""

    seq: int
    kind: str
    id: str
    version: int
    action: str  # "add" | "update" | "delete" | "setting"
    actor: str
    at: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


_UNSET: Any = object()  # no expectation given (None means: the setting was unset)


class Workspace:
    """A workshop's data in one SQLite file. Open with :meth:`open` or :meth:`create`.

    ``actor`` names who writes (a participant's name); it is recorded in the history.
    A ``Workspace`` may be shared by the threads of one kernel; each process opens its own.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, actor: str) -> None:
        self.path = path
        self.actor = actor
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        # Categories seen in the settings; re-read in the transaction only on a miss, so a
        # category added by another participant is never wrongly refused.
        self._known_categories: frozenset[str] = frozenset()

    # --- opening ---------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        name: str | None = None,
        actor: str = "",
        categories: Sequence[str] = DEFAULT_CATEGORIES,
    ) -> Workspace:
        """Create a new, empty workspace file at ``path`` (which must not exist yet)."""
        target = check_path(path)
        if target.exists():
            raise WorkspaceError(t("error.ws_exists", path=target))
        if not target.parent.is_dir():
            raise WorkspaceError(
                t("error.file_unreadable", path=target.parent, reason=t("reason.no_folder"))
            )
        conn = _connect(target, create=True)
        ws = cls(target, conn, actor)
        try:
            ws._migrate()
            stamp = now_iso()
            with ws._write() as c:
                for key, value in (
                    ("name", name or target.stem),
                    ("created_at", stamp),
                    ("setting.categories", list(categories)),
                ):
                    c.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, _dump(value)))
        except BaseException:
            ws.close()
            with suppress(OSError):
                target.unlink()
            raise
        return ws

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, actor: str = "", create: bool = False
    ) -> Workspace:
        """Open the workspace at ``path`` (default: ``$SWOT_WORKSPACE``).

        With ``create=True`` a missing file is created; otherwise it is an error, so a typo in
        a path never silently starts an empty workshop.
        """
        if path is None:
            env = os.environ.get("SWOT_WORKSPACE")
            if not env:
                raise WorkspaceError(t("error.ws_no_path"))
            path = env
        target = check_path(path)
        if not target.exists():
            if create:
                return cls.create(target, actor=actor)
            raise WorkspaceError(t("error.ws_missing", path=target))
        if target.is_file() and target.stat().st_size == 0:
            # SQLite would happily turn any empty file into a database: refuse instead.
            raise WorkspaceError(t("error.ws_not_swot", path=target, reason=t("reason.empty_file")))
        conn = _connect(target, create=False)
        ws = cls(target, conn, actor)
        try:
            ws._migrate()
        except BaseException:
            ws.close()
            raise
        return ws

    @classmethod
    def in_folder(
        cls, root: str | os.PathLike[str], name: str, *, actor: str = "", create: bool = False
    ) -> Workspace:
        """Open (or create) the workspace called ``name`` inside folder ``root``.

        ``name`` is what a person typed: it must be a plain name (see :mod:`swot.paths`).
        """
        return cls.open(child_path(root, name, WORKSPACE_SUFFIX), actor=actor, create=create)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else "open"
        return f"<Workspace {self.path.name!r} ({state})>"

    # --- schema ----------------------------------------------------------------------------------

    def _migrate(self) -> None:
        """Bring the file's schema up to :data:`SCHEMA_VERSION` (the file was inspected)."""
        conn = self._require()
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found == SCHEMA_VERSION:
            return
        with self._write() as c:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            current = c.execute("PRAGMA user_version").fetchone()[0]
            for step in MIGRATIONS[current:]:
                step(c)
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
            c.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")

    @property
    def schema_version(self) -> int:
        return int(self._require().execute("PRAGMA user_version").fetchone()[0])

    # --- transactions ----------------------------------------------------------------------------

    def _require(self) -> sqlite3.Connection:
        if self._conn is None:
            raise WorkspaceError(t("error.ws_closed"))
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, started with BEGIN IMMEDIATE, retried while others write."""
        with self._lock:
            conn = self._require()
            deadline = time.monotonic() + BUSY_SECONDS
            delay = 0.005
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() > deadline:
                        if _is_busy(exc):
                            raise WorkspaceBusyError(
                                t("error.busy", seconds=int(BUSY_SECONDS))
                            ) from None
                        raise WorkspaceError(str(exc)) from exc
                    time.sleep(delay)
                    delay = min(delay * 2, 0.2)
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._require().execute(sql, params).fetchall()

    # --- reading ---------------------------------------------------------------------------------

    def get(self, cls: type[M], object_id: str) -> M:
        """The stored object of type ``cls`` with ``object_id``; NotFoundError if none."""
        rows = self._read(
            "SELECT data, version FROM objects WHERE kind = ? AND id = ?", (cls.KIND, object_id)
        )
        if not rows:
            raise NotFoundError(cls.KIND, object_id)
        return _decode(cls, rows[0][0], rows[0][1])

    def find(self, cls: type[M], object_id: str) -> M | None:
        """Like :meth:`get`, but ``None`` when there is no such object."""
        try:
            return self.get(cls, object_id)
        except NotFoundError:
            return None

    def objects(self, cls: type[M], parent: str | None = None, **where: Any) -> list[M]:
        """All stored objects of type ``cls`` in the order they were added.

        ``parent`` filters on the indexed parent field (e.g. the institution of factors);
        other keyword arguments filter on field equality.
        """
        if parent is not None:
            rows = self._read(
                "SELECT data, version FROM objects WHERE kind = ? AND parent = ? ORDER BY seq",
                (cls.KIND, parent),
            )
        else:
            rows = self._read(
                "SELECT data, version FROM objects WHERE kind = ? ORDER BY seq", (cls.KIND,)
            )
        items = [_decode(cls, data, version) for data, version in rows]
        if where:
            items = [o for o in items if all(getattr(o, k) == v for k, v in where.items())]
        return items

    def count(self, cls: type[Model] | None = None) -> int:
        """How many objects (of one kind, or in all) the workspace holds."""
        if cls is None:
            return int(self._read("SELECT count(*) FROM objects")[0][0])
        return int(self._read("SELECT count(*) FROM objects WHERE kind = ?", (cls.KIND,))[0][0])

    # convenience views used by notebooks and widgets

    def institutions(self) -> list[Institution]:
        return self.objects(Institution)

    def institution_ids(self) -> list[str]:
        """Ids of the institutions, in the workspace's order (``mok``, ``tkacz``, ...)."""
        return [i.id for i in self.institutions()]

    def teams(self, institution_id: str | None = None) -> list[Team]:
        return self.objects(Team, parent=institution_id)

    def factors(
        self, institution_id: str | None = None, quadrant: str | None = None
    ) -> list[Factor]:
        items = self.objects(Factor, parent=institution_id)
        if quadrant is not None:
            items = [f for f in items if f.quadrant == quadrant]
        return sorted(items, key=lambda f: f.position)

    def goals(self, institution_id: str | None = None) -> list[Goal]:
        return sorted(self.objects(Goal, parent=institution_id), key=lambda g: g.number)

    # --- writing ---------------------------------------------------------------------------------

    def add(self, obj: M, *, actor: str | None = None) -> M:
        """Store a new object; returns it with ``version=1``."""
        return self.add_many([obj], actor=actor)[0]

    def add_many(self, objects: Sequence[M], *, actor: str | None = None) -> list[M]:
        """Store several new objects in one transaction: all of them or none.

        Later objects may refer to earlier ones (a team, then its participants).
        """
        stamp = now_iso()
        who = self._who(actor)
        # Everything that needs no database happens before the write lock is taken, so other
        # writers wait only for SQL.
        prepared = [_prepare_add(obj) for obj in objects]
        with self._write() as c:
            for obj, _saved, data, key in prepared:
                self._insert(c, obj, data, key, who, stamp)
        return [saved for _obj, saved, _data, _key in prepared]

    def update(self, obj: M, *, actor: str | None = None) -> M:
        """Store a changed copy of an object read at ``obj.version``.

        Raises ConflictError (writing nothing) if the stored version is newer or the object
        was deleted. An unchanged object is returned as it is, without a new version.
        """
        stamp = now_iso()
        who = self._who(actor)
        with self._write() as c:
            return self._update_in(c, obj, who, stamp)

    def delete(self, obj: Model, *, actor: str | None = None) -> None:
        """Delete an object read at ``obj.version``; its comments go with it.

        Refuses (ReferenceError_) while other objects still point to it, and raises
        ConflictError if it changed since it was read.
        """
        stamp = now_iso()
        who = self._who(actor)
        with self._write() as c:
            self._remove(c, obj, who, stamp)
            self._release(c, obj, who, stamp)

    def apply(
        self,
        adds: Sequence[Model] = (),
        updates: Sequence[Model] = (),
        deletes: Sequence[Model] = (),
        *,
        touch: Sequence[Model] = (),
        actor: str | None = None,
    ) -> tuple[list[Model], list[Model]]:
        """Add, update and delete several objects in one transaction: all of it or nothing.

        Each object gets the same checks as in :meth:`add`, :meth:`update` and :meth:`delete`
        (versions, references, duplicates). References are judged on the state *after* the
        whole change, like deferred foreign keys: deleted objects leave first, then adds and
        updates run in the given order, and finally nothing may still point to a deleted
        object (its comments are deleted with it). So a merge can move votes off a factor
        and delete it in one call, and the kept factor may take over the deleted one's text.

        An unchanged object in ``updates`` writes nothing but still has its version checked:
        a cheap guard that something the change depends on was not edited meanwhile.
        Objects in ``touch`` are checked the same way and then get a new version (content and
        history untouched): a lock for an invariant over many rows. Two changes that both
        touch one object cannot both succeed from the same reading (e.g. one person's votes
        from two laptops against one budget).

        Returns the added and the updated objects (new versions), in the order given.
        """
        stamp = now_iso()
        who = self._who(actor)
        prepared = [_prepare_add(obj) for obj in adds]
        with self._write() as c:
            for obj in deletes:
                self._remove(c, obj, who, stamp)
            for obj, _saved, data, key in prepared:
                self._insert(c, obj, data, key, who, stamp)
            updated = [self._update_in(c, obj, who, stamp) for obj in updates]
            for obj in touch:
                self._touch(c, obj)
            for obj in deletes:
                self._release(c, obj, who, stamp)
        return [saved for _obj, saved, _data, _key in prepared], updated

    # Building blocks of the writes above; each runs inside an open write transaction.

    def _insert(
        self, c: sqlite3.Connection, obj: Model, data: str, key: str | None, who: str, stamp: str
    ) -> None:
        self._check_object(c, obj)
        seq = _log(c, obj.KIND, obj.id, 1, "add", who, stamp, None, data)
        try:
            c.execute(
                "INSERT INTO objects (kind, id, seq, parent, version, data, created_at, "
                "updated_at, updated_by, ukey) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
                (obj.KIND, obj.id, seq, obj.parent_id, data, stamp, stamp, who, key),
            )
        except sqlite3.IntegrityError as exc:
            raise _duplicate(obj, exc) from None

    def _update_in(self, c: sqlite3.Connection, obj: M, who: str, stamp: str) -> M:
        saved = _with_version(obj, obj.version + 1)
        data = _dump(saved.to_dict())  # canonical JSON: equal strings mean equal objects
        key = obj.unique_key()
        row = _row(c, obj.KIND, obj.id)
        if row is None:
            raise ConflictError(obj, None)
        if row[1] != obj.version:
            raise ConflictError(obj, _decode(type(obj), row[0], row[1]))
        if row[0] == data:
            return obj
        self._check_object(c, obj)
        try:
            c.execute(
                "UPDATE objects SET version = ?, data = ?, parent = ?, updated_at = ?, "
                "updated_by = ?, ukey = ? WHERE kind = ? AND id = ? AND version = ?",
                (
                    saved.version,
                    data,
                    obj.parent_id,
                    stamp,
                    who,
                    key,
                    obj.KIND,
                    obj.id,
                    obj.version,
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise _duplicate(obj, exc) from None
        _log(c, obj.KIND, obj.id, saved.version, "update", who, stamp, row[0], data)
        return saved

    def _touch(self, c: sqlite3.Connection, obj: Model) -> None:
        """A new version for ``obj`` if it is still at ``obj.version`` (see :meth:`apply`)."""
        done = c.execute(
            "UPDATE objects SET version = version + 1 WHERE kind = ? AND id = ? AND version = ?",
            (obj.KIND, obj.id, obj.version),
        ).rowcount
        if done != 1:
            row = _row(c, obj.KIND, obj.id)
            raise ConflictError(obj, None if row is None else _decode(type(obj), row[0], row[1]))

    def _remove(self, c: sqlite3.Connection, obj: Model, who: str, stamp: str) -> None:
        """Delete the row of ``obj`` if it is still at ``obj.version``; see :meth:`_release`."""
        row = _row(c, obj.KIND, obj.id)
        if row is None:
            raise ConflictError(obj, None)
        if row[1] != obj.version:
            raise ConflictError(obj, _decode(type(obj), row[0], row[1]))
        c.execute("DELETE FROM objects WHERE kind = ? AND id = ?", (obj.KIND, obj.id))
        _log(c, obj.KIND, obj.id, row[1] + 1, "delete", who, stamp, row[0], None)

    def _release(self, c: sqlite3.Connection, obj: Model, who: str, stamp: str) -> None:
        """After removing ``obj``: refuse if anything still points to it, else drop its comments."""
        referrers = _referrers(c, obj.KIND, obj.id)
        users = [u for u in referrers if u.KIND != Comment.KIND]
        if users:
            example = f"{t(f'kind.{users[0].KIND}')} {users[0].id}"
            raise ReferenceError_(t("error.still_referenced", count=len(users), example=example))
        for comment in referrers:
            c.execute("DELETE FROM objects WHERE kind = ? AND id = ?", (Comment.KIND, comment.id))
            before = _dump(comment.to_dict())
            _log(
                c, Comment.KIND, comment.id, comment.version + 1, "delete", who, stamp, before, None
            )

    def _who(self, actor: str | None) -> str:
        return (actor if actor is not None else self.actor).strip()[:200]

    def _check_object(self, c: sqlite3.Connection, obj: Model) -> None:
        """Cross-object rules: references exist, category known, strategy sound.

        Duplicates are refused by the unique indexes when the object is written.
        """
        quadrants: dict[str, tuple[str, str]] = {}
        for field_name, kind, ref in obj.ref_ids():
            if kind == Factor.KIND:
                row = _row(c, kind, ref)
                if row is not None:
                    factor = json.loads(row[0])
                    quadrants[ref] = (factor["quadrant"], factor["text"])
                    continue
            elif _exists(c, kind, ref):
                continue
            raise ReferenceError_(
                t(
                    "error.missing_reference",
                    field=t(f"field.{field_name}"),
                    kind=t(f"kind.{kind}", default=kind),
                    id=ref,
                )
            )
        if isinstance(obj, Factor) and obj.category and obj.category not in self._known_categories:
            allowed = _load(_meta(c, "setting.categories")) or []
            self._known_categories = frozenset(allowed)
            if obj.category not in allowed:
                raise ValidationError(
                    "category",
                    t("expect.choice", choices=", ".join(allowed)),
                    obj.category,
                    t("hint.pick"),
                )
        if isinstance(obj, Strategy):
            allowed_q = [q.value for q in obj.kind.quadrants]
            wrong = [f"{q}: {text}" for q, text in quadrants.values() if q not in allowed_q]
            if wrong:
                raise ValidationError(
                    "factor_ids",
                    t(
                        "expect.strategy_factors",
                        quadrants="/".join(allowed_q),
                        kind=obj.kind.value,
                    ),
                    wrong,
                    t("hint.strategy_factors"),
                )

    # --- settings --------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return str(_load(self._meta("name")) or self.path.stem)

    def setting(self, key: str, default: Any = None) -> Any:
        """A workspace setting (e.g. ``"categories"``), or ``default`` if unset."""
        value = self._meta(f"setting.{key}")
        return default if value is None else _load(value)

    def set_setting(
        self, key: str, value: Any, *, expected: Any = _UNSET, actor: str | None = None
    ) -> None:
        """Change a workspace setting; recorded in the history like any other change.

        With ``expected`` (the value read before, ``None`` if unset) the change is made only if
        the setting still holds it; otherwise ConflictError(value, stored) and nothing is
        written, so two people editing one setting never lose each other's change.
        """
        self._known_categories = frozenset()
        stamp = now_iso()
        who = self._who(actor)
        with self._write() as c:
            if expected is not _UNSET:
                raw = _meta(c, f"setting.{key}")
                current = _load(raw) if raw is not None else None
                if current != expected:
                    raise ConflictError(value, current)
            self._put_setting(c, key, value, who, stamp)

    def _put_setting(
        self, c: sqlite3.Connection, key: str, value: Any, who: str, stamp: str
    ) -> None:
        data = _dump(value)
        before = _meta(c, f"setting.{key}")
        if before == data:
            return
        c.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"setting.{key}", data))
        _log(c, "setting", key, 0, "setting", who, stamp, before, data)

    @property
    def categories(self) -> list[str]:
        return list(self.setting("categories", list(DEFAULT_CATEGORIES)))

    def _meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    # --- history and change feed -----------------------------------------------------------------

    def history(
        self, kind: str | None = None, object_id: str | None = None, since: int = 0
    ) -> list[Change]:
        """Changes (oldest first), optionally of one kind / one object / after ``since``."""
        sql = "SELECT * FROM history WHERE seq > ?"
        params: list[Any] = [since]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        if object_id is not None:
            sql += " AND id = ?"
            params.append(object_id)
        rows = self._read(sql + " ORDER BY seq", params)
        return [
            Change(r[0], r[1], r[2], r[3], r[4], r[5], r[6], _load(r[7]), _load(r[8])) for r in rows
        ]

    def last_change(self) -> int:
        """Sequence number of the newest change: cheap to poll for live views."""
        return int(self._read("SELECT coalesce(max(seq), 0) FROM history")[0][0])

    # --- export, import, backup ------------------------------------------------------------------

    def export_data(self) -> dict[str, Any]:
        """Everything in the workspace as plain data (objects with metadata, settings, history)."""
        meta = {k: _load(v) for k, v in self._read("SELECT key, value FROM meta ORDER BY key")}
        objects = [
            {
                "kind": kind,
                "version": version,
                "created_at": created,
                "updated_at": updated,
                "updated_by": by,
                "data": _load(data),
            }
            for kind, data, version, created, updated, by in self._read(
                "SELECT kind, data, version, created_at, updated_at, updated_by FROM objects "
                "ORDER BY seq"
            )
        ]
        history = [
            {
                "seq": c.seq,
                "kind": c.kind,
                "id": c.id,
                "version": c.version,
                "action": c.action,
                "actor": c.actor,
                "at": c.at,
                "before": c.before,
                "after": c.after,
            }
            for c in self.history()
        ]
        return {
            "format": EXPORT_FORMAT,
            "schema": SCHEMA_VERSION,
            "meta": meta,
            "objects": objects,
            "datasets": [
                {
                    "id": d.id,
                    "kind": d.kind,
                    "name": d.name,
                    "meta": d.meta,
                    "created_at": d.created_at,
                    "created_by": d.created_by,
                    "data": base64.b64encode(self.dataset_bytes(d.id)).decode("ascii"),
                }
                for d in self.datasets()
            ],
            "history": history,
        }

    def export_json(self, path: str | os.PathLike[str] | None = None) -> str:
        """The export as JSON text (stable: the same workspace gives the same bytes)."""
        text = json.dumps(self.export_data(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if path is not None:
            target = check_path(path)
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)
        return text

    @classmethod
    def import_json(
        cls,
        source: str | os.PathLike[str] | Mapping[str, Any],
        target: str | os.PathLike[str],
        *,
        actor: str = "",
    ) -> Workspace:
        """Create a new workspace at ``target`` from an export; all or nothing.

        Every object is validated first; all problems are reported together in a
        DataImportError and no file is left behind.
        """
        label = "JSON"
        if isinstance(source, Mapping):
            data: Any = source
        else:
            src = check_path(source)
            label = src.name
            try:
                data = json.loads(src.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise WorkspaceError(t("error.file_unreadable", path=src, reason=exc)) from None
            except json.JSONDecodeError as exc:
                raise DataImportError(
                    [
                        Problem(
                            label,
                            exc.lineno,
                            None,
                            "",
                            "json",
                            t("error.json_invalid", reason=exc.msg),
                        )
                    ]
                ) from None
        objects = _validate_export(data, label)
        datasets = _validate_datasets(data, label)
        ws = cls.create(target, actor=actor)
        try:
            with ws._write() as c:
                c.execute("DELETE FROM meta")
                for key, value in data.get("meta", {}).items():
                    c.execute("INSERT INTO meta VALUES (?, ?)", (key, _dump(value)))
                for seq, (entry, obj) in enumerate(objects, start=1):
                    c.execute(
                        "INSERT INTO objects (kind, id, seq, parent, version, data, created_at, "
                        "updated_at, updated_by, ukey) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            obj.KIND,
                            obj.id,
                            seq,
                            obj.parent_id,
                            obj.version,
                            _dump(obj.to_dict()),
                            entry["created_at"],
                            entry["updated_at"],
                            entry["updated_by"],
                            obj.unique_key(),
                        ),
                    )
                for h in data.get("history", []):
                    c.execute(
                        "INSERT INTO history (seq, kind, id, version, action, actor, at, before, "
                        "after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            h["seq"],
                            h["kind"],
                            h["id"],
                            h["version"],
                            h["action"],
                            h["actor"],
                            h["at"],
                            _dump_opt(h["before"]),
                            _dump_opt(h["after"]),
                        ),
                    )
                for seq, d in enumerate(datasets, start=1):
                    c.execute(
                        "INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            d["id"],
                            seq,
                            d["kind"],
                            d["name"],
                            _dump(d["meta"]),
                            base64.b64decode(d["data"]),
                            d["created_at"],
                            d["created_by"],
                        ),
                    )
                for _entry, obj in objects:
                    ws._check_object(c, obj)
        except BaseException:
            ws.close()
            with suppress(OSError):
                Path(ws.path).unlink()
            raise
        return ws

    # --- datasets (imported files) -------------------------------------------------------------

    def add_dataset(
        self,
        kind: str,
        name: str,
        data: bytes,
        meta: Mapping[str, Any] | None = None,
        *,
        settings: Mapping[str, Any] | None = None,
        actor: str | None = None,
    ) -> Dataset:
        """Store an imported file's data (opaque bytes) and, in the same transaction, settings.

        Used for consultation files: the rows (as Parquet) and the updated codebook land
        together or not at all.
        """
        stamp = now_iso()
        who = self._who(actor)
        dataset_id = new_id()
        meta_json = _dump(dict(meta or {}))
        summary = _dump({"kind": kind, "name": name, "bytes": len(data)})
        with self._write() as c:
            seq = _log(c, "dataset", dataset_id, 1, "add", who, stamp, None, summary)
            c.execute(
                "INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (dataset_id, seq, kind, name, meta_json, data, stamp, who),
            )
            for key, value in (settings or {}).items():
                self._put_setting(c, key, value, who, stamp)
        return Dataset(dataset_id, kind, name, _load(meta_json), stamp, who, len(data))

    def datasets(self, kind: str | None = None) -> list[Dataset]:
        """Stored datasets (without their bytes), in the order they were added."""
        sql = "SELECT id, kind, name, meta, created_at, created_by, length(data) FROM datasets"
        params: tuple[Any, ...] = ()
        if kind is not None:
            sql += " WHERE kind = ?"
            params = (kind,)
        rows = self._read(sql + " ORDER BY seq", params)
        return [Dataset(r[0], r[1], r[2], _load(r[3]), r[4], r[5], r[6]) for r in rows]

    def dataset_bytes(self, dataset_id: str) -> bytes:
        rows = self._read("SELECT data FROM datasets WHERE id = ?", (dataset_id,))
        if not rows:
            raise NotFoundError("dataset", dataset_id)
        return bytes(rows[0][0])

    def delete_dataset(self, dataset_id: str, *, actor: str | None = None) -> None:
        """Remove an imported file's data (recorded in the history)."""
        stamp = now_iso()
        who = self._who(actor)
        with self._write() as c:
            row = c.execute(
                "SELECT kind, name, length(data) FROM datasets WHERE id = ?", (dataset_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError("dataset", dataset_id)
            c.execute("DELETE FROM datasets WHERE id = ?", (dataset_id,))
            before = _dump({"kind": row[0], "name": row[1], "bytes": row[2]})
            _log(c, "dataset", dataset_id, 2, "delete", who, stamp, before, None)

    def backup(self, target: str | os.PathLike[str]) -> Path:
        """A consistent copy of the workspace at ``target`` (SQLite online backup API)."""
        dest = check_path(target)
        if dest.exists():
            raise WorkspaceError(t("error.ws_exists", path=dest))
        tmp = dest.with_name(f".{dest.name}.tmp")
        with self._lock:
            out = sqlite3.connect(tmp)
            try:
                self._require().backup(out)
            finally:
                out.close()
        tmp.replace(dest)
        return dest

    def integrity_check(self) -> str:
        """SQLite's own integrity check: ``"ok"`` for a healthy file."""
        return str(self._read("PRAGMA integrity_check")[0][0])


# --- helpers ---------------------------------------------------------------------------------


def _inspect(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse files that are not swot workspaces, reading only: a foreign file stays untouched."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if found and app_id != APPLICATION_ID:
        raise WorkspaceError(t("error.ws_not_swot", path=path, reason=t("reason.foreign_db")))
    if found > SCHEMA_VERSION:
        raise WorkspaceError(
            t("error.ws_too_new", path=path, found=found, supported=SCHEMA_VERSION)
        )
    if found == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise WorkspaceError(t("error.ws_not_swot", path=path, reason=t("reason.foreign_db")))


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    mode = "rwc" if create else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    try:
        conn = sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=BUSY_SECONDS, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise WorkspaceError(t("error.file_unreadable", path=path, reason=exc)) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000):d}")
        if not create:
            _inspect(conn, path)
        _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise WorkspaceError(t("error.ws_not_swot", path=path, reason=exc)) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _retry_busy(action: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            if time.monotonic() > deadline:
                raise WorkspaceBusyError(t("error.busy", seconds=int(BUSY_SECONDS))) from None
            time.sleep(0.01)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _row(c: sqlite3.Connection, kind: str, object_id: str) -> tuple[str, int] | None:
    row = c.execute(
        "SELECT data, version FROM objects WHERE kind = ? AND id = ?", (kind, object_id)
    ).fetchone()
    return None if row is None else (row[0], row[1])


def _duplicate(obj: Model, exc: sqlite3.IntegrityError) -> SwotError:
    """The user-facing error for a unique index that refused ``obj``."""
    if "ukey" in str(exc):  # objects_parent: the same text under the same parent
        return ValidationError(
            obj.UNIQUE[-1],
            t("expect.unique", kind=t(f"kind.{obj.KIND}")),
            " / ".join(str(getattr(obj, f)) for f in obj.UNIQUE),
            t("hint.unique"),
        )
    return ReferenceError_(t("error.duplicate_id", kind=t(f"kind.{obj.KIND}"), id=obj.id))


def _exists(c: sqlite3.Connection, kind: str, object_id: str) -> bool:
    row = c.execute("SELECT 1 FROM objects WHERE kind = ? AND id = ?", (kind, object_id))
    return row.fetchone() is not None


def _meta(c: sqlite3.Connection, key: str) -> str | None:
    row = c.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _referrers(c: sqlite3.Connection, kind: str, object_id: str) -> list[Model]:
    """Objects whose references include ``(kind, object_id)``."""
    needle = json.dumps(object_id)
    found = []
    for ref_kind, data, version in c.execute(
        "SELECT kind, data, version FROM objects WHERE instr(data, ?) > 0", (needle,)
    ):
        obj = _decode(KINDS[ref_kind], data, version)
        if any(k == kind and i == object_id for _f, k, i in obj.ref_ids()):
            found.append(obj)
    return found


def _log(
    c: sqlite3.Connection,
    kind: str,
    object_id: str,
    version: int,
    action: str,
    actor: str,
    at: str,
    before: str | None,
    after: str | None,
) -> int:
    """Append one history entry; returns its sequence number."""
    cursor = c.execute(
        "INSERT INTO history (kind, id, version, action, actor, at, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, object_id, version, action, actor, at, before, after),
    )
    return int(cursor.lastrowid or 0)


def _prepare_add(obj: M) -> tuple[M, M, str, str | None]:
    """``(obj, saved copy at version 1, its JSON, its unique key)``; refuses a saved object."""
    if obj.version != 0:
        raise ValidationError("version", "0", obj.version)
    saved = _with_version(obj, 1)
    return obj, saved, _dump(saved.to_dict()), obj.unique_key()


def _with_version(obj: M, version: int) -> M:
    """A copy differing only in ``version``: validated already, so no need to validate again."""
    copy = object.__new__(type(obj))
    for name in field_names(type(obj)):
        object.__setattr__(copy, name, getattr(obj, name))
    object.__setattr__(copy, "version", version)
    return copy


def _decode(cls: type[M], data: str, version: int) -> M:
    return cls.from_dict(json.loads(data), version)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _dump_opt(value: Any) -> str | None:
    return None if value is None else _dump(value)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _validate_export(data: Any, label: str) -> list[tuple[dict[str, Any], Model]]:
    """Check an export completely; raise one DataImportError listing every problem."""
    problems: list[Problem] = []

    def problem(row: int | None, column: str | None, value: Any, rule: str, message: str) -> None:
        problems.append(Problem(label, row, column, str(value)[:80], rule, message))

    if not isinstance(data, Mapping) or data.get("format") != EXPORT_FORMAT:
        problem(None, "format", "", "format", t("error.json_format", expected=EXPORT_FORMAT))
        raise DataImportError(problems)
    for section, container in (("meta", Mapping), ("objects", list), ("history", list)):
        if section in data and not isinstance(data[section], container):
            problem(
                None,
                section,
                type(data[section]).__name__,
                "format",
                t("error.json_format", expected=EXPORT_FORMAT),
            )
    if problems:
        raise DataImportError(problems)
    if not isinstance(data.get("schema"), int) or isinstance(data.get("schema"), bool):
        problem(
            None,
            "schema",
            data.get("schema"),
            "schema",
            t("error.json_format", expected=EXPORT_FORMAT),
        )
    elif data["schema"] > SCHEMA_VERSION:
        problem(
            None,
            "schema",
            data.get("schema"),
            "schema",
            t("error.ws_too_new", path=label, found=data.get("schema"), supported=SCHEMA_VERSION),
        )
    objects: list[tuple[dict[str, Any], Model]] = []
    seen: set[tuple[str, str]] = set()
    for index, entry in enumerate(data.get("objects", []), start=1):
        kind = entry.get("kind") if isinstance(entry, Mapping) else None
        if kind not in KINDS:
            problem(
                index,
                "kind",
                kind,
                "kind",
                t("error.unknown_kind", kind=kind, allowed=", ".join(KINDS)),
            )
            continue
        missing = {"version", "created_at", "updated_at", "updated_by", "data"} - set(entry)
        if missing:
            problem(index, sorted(missing)[0], "", "required", t("hint.fill"))
            continue
        try:
            obj = KINDS[kind].from_dict(entry["data"], entry["version"])
        except (SwotError, TypeError) as exc:
            raw = entry.get("data")
            shown = raw.get("id", "") if isinstance(raw, Mapping) else raw
            problem(index, kind, shown, "model", str(exc))
            continue
        if (kind, obj.id) in seen:
            problem(
                index,
                "id",
                obj.id,
                "unique",
                t("error.duplicate_id", kind=t(f"kind.{kind}"), id=obj.id),
            )
        key = obj.unique_key()
        if key is not None and (kind, key) in seen:
            problem(
                index,
                obj.UNIQUE[-1],
                " / ".join(str(getattr(obj, f)) for f in obj.UNIQUE),
                "unique",
                t("expect.unique", kind=t(f"kind.{kind}")),
            )
        seen.add((kind, obj.id))
        if key is not None:
            seen.add((kind, key))
        objects.append((dict(entry), obj))
    for index, (_entry, obj) in enumerate(objects, start=1):
        for field_name, kind, ref in obj.ref_ids():
            if (kind, ref) not in seen:
                problem(
                    index,
                    field_name,
                    ref,
                    "reference",
                    t(
                        "error.missing_reference",
                        field=t(f"field.{field_name}"),
                        kind=t(f"kind.{kind}", default=kind),
                        id=ref,
                    ),
                )
    for index, h in enumerate(data.get("history", []), start=1):
        needed = {"seq", "kind", "id", "version", "action", "actor", "at", "before", "after"}
        if not isinstance(h, Mapping) or needed - set(h):
            problem(index, "history", "", "history", t("hint.fill"))
    if problems:
        raise DataImportError(problems)
    return objects


def _validate_datasets(data: Mapping[str, Any], label: str) -> list[dict[str, Any]]:
    """Datasets of an export, checked; raise DataImportError listing every problem."""
    problems: list[Problem] = []
    datasets = data.get("datasets", [])
    if not isinstance(datasets, list):
        datasets = []
        problems.append(
            Problem(
                label,
                None,
                "datasets",
                "",
                "format",
                t("error.json_format", expected=EXPORT_FORMAT),
            )
        )
    needed = {"id", "kind", "name", "meta", "created_at", "created_by", "data"}
    for index, entry in enumerate(datasets, start=1):
        if not isinstance(entry, Mapping) or needed - set(entry):
            problems.append(Problem(label, index, "datasets", "", "format", t("hint.fill")))
            continue
        try:
            base64.b64decode(entry["data"], validate=True)
        except (binascii.Error, TypeError, ValueError):
            problems.append(
                Problem(
                    label,
                    index,
                    "data",
                    str(entry["data"])[:40],
                    "format",
                    t("error.json_format", expected=EXPORT_FORMAT),
                )
            )
    if problems:
        raise DataImportError(problems)
    return [dict(d) for d in datasets]
