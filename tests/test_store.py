"""Workspace behaviour: CRUD, optimistic versions, history, rules, export/import, backup."""

from __future__ import annotations

import json
import sqlite3

import pytest

from swot import (
    Comment,
    ConflictError,
    DataImportError,
    Evidence,
    Factor,
    Finding,
    Goal,
    Indicator,
    Institution,
    Measurement,
    NotFoundError,
    ReferenceError_,
    Strategy,
    Task,
    Team,
    ValidationError,
    Workspace,
    WorkspaceError,
)
from swot.store import SCHEMA_VERSION


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="trener") as workspace:
        workspace.add(Institution(id="mok", name="Miejski Ośrodek Kultury", short_name="MOK"))
        workspace.add(Institution(id="dok", name="Dzielnicowy Ośrodek Kultury"))
        yield workspace


def _factor(**kw):
    base = {"institution_id": "mok", "quadrant": "S", "text": "Doświadczona kadra"}
    return Factor(**{**base, **kw})


def test_create_sets_wal_full_sync_and_schema(tmp_path):
    with Workspace.create(tmp_path / "a.swot") as ws:
        conn = ws._require()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert ws.schema_version == SCHEMA_VERSION
        assert ws.categories[0] == "oferta programowa"


def test_add_get_objects_roundtrip(ws):
    f = ws.add(_factor(category="kadra", evidence=(Evidence(source="ankieta 2019"),)))
    assert f.version == 1
    assert ws.get(Factor, f.id) == f
    assert ws.objects(Factor, parent="mok") == [f]
    assert ws.objects(Factor, parent="dok") == []
    assert ws.factors("mok", quadrant="S") == [f]
    assert ws.factors("mok", quadrant="W") == []


def test_reopen_sees_everything(tmp_path, ws):
    f = ws.add(_factor())
    with Workspace.open(ws.path) as again:
        assert again.get(Factor, f.id) == f


def test_open_uses_env_variable(tmp_path, monkeypatch, ws):
    monkeypatch.setenv("SWOT_WORKSPACE", str(ws.path))
    with Workspace.open() as again:
        assert {i.id for i in again.institutions()} == {"mok", "dok"}


def test_open_without_path_or_env_explains(monkeypatch):
    monkeypatch.delenv("SWOT_WORKSPACE", raising=False)
    with pytest.raises(WorkspaceError, match="SWOT_WORKSPACE"):
        Workspace.open()


def test_open_missing_file_does_not_create_it(tmp_path):
    with pytest.raises(WorkspaceError, match="swot demo"):
        Workspace.open(tmp_path / "typo.swot")
    assert list(tmp_path.iterdir()) == []


def test_open_foreign_files_is_refused(tmp_path):
    text = tmp_path / "notes.swot"
    text.write_text("to nie jest baza danych " * 100)
    with pytest.raises(WorkspaceError, match="nie jest przestrzenią roboczą"):
        Workspace.open(text)
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(WorkspaceError, match="nie jest przestrzenią roboczą"):
        Workspace.open(foreign)


def test_newer_schema_is_refused(ws):
    ws._require().execute("PRAGMA user_version = 99")
    ws.close()
    with pytest.raises(WorkspaceError, match="99"):
        Workspace.open(ws.path)


def test_create_refuses_existing_file(ws):
    with pytest.raises(WorkspaceError):
        Workspace.create(ws.path)


def test_stale_update_raises_conflict_with_both_versions(ws):
    original = ws.add(_factor())
    theirs = ws.update(original.replace(text="Kadra z wieloletnim doświadczeniem"))
    with pytest.raises(ConflictError) as info:
        ws.update(original.replace(importance=5))
    assert info.value.mine.importance == 5
    assert info.value.theirs == theirs
    assert "Nic nie zostało nadpisane" in str(info.value)
    assert ws.get(Factor, original.id) == theirs


def test_update_of_deleted_object_is_a_conflict(ws):
    f = ws.add(_factor())
    ws.delete(f)
    with pytest.raises(ConflictError) as info:
        ws.update(f.replace(text="x"))
    assert info.value.theirs is None


def test_unchanged_update_writes_nothing(ws):
    f = ws.add(_factor())
    before = ws.last_change()
    assert ws.update(f) == f
    assert ws.last_change() == before


def test_stale_delete_is_a_conflict(ws):
    f = ws.add(_factor())
    ws.update(f.replace(importance=4))
    with pytest.raises(ConflictError):
        ws.delete(f)
    assert ws.find(Factor, f.id) is not None


def test_get_missing_raises_not_found(ws):
    with pytest.raises(NotFoundError, match="abc"):
        ws.get(Factor, "abc")
    assert ws.find(Factor, "abc") is None


def test_add_requires_existing_references(ws):
    with pytest.raises(ReferenceError_, match="nope"):
        ws.add(_factor(institution_id="nope"))
    with pytest.raises(ReferenceError_):
        ws.add(_factor(evidence=(Evidence(finding_id="missing"),)))
    assert ws.count(Factor) == 0


def test_add_refuses_saved_object_and_duplicate_id(ws):
    f = ws.add(_factor())
    with pytest.raises(ValidationError):
        ws.add(f)
    with pytest.raises(ReferenceError_):
        ws.add(_factor(id=f.id, text="Inny tekst"))


def test_duplicates_under_one_parent_are_refused(ws):
    ws.add(_factor(text="Słaba promocja w internecie", quadrant="W"))
    with pytest.raises(ValidationError, match="już istnieje"):
        ws.add(_factor(text="  słaba PROMOCJA w   internecie ", quadrant="W"))
    # the same text in another quadrant or institution is fine
    ws.add(_factor(text="Słaba promocja w internecie", quadrant="T"))
    ws.add(_factor(text="Słaba promocja w internecie", quadrant="W", institution_id="dok"))
    ws.add(Team(institution_id="mok", name="Zespół A"))
    with pytest.raises(ValidationError):
        ws.add(Team(institution_id="mok", name="zespół a"))


def test_category_must_be_in_workspace_list(ws):
    with pytest.raises(ValidationError, match="kategoria"):
        ws.add(_factor(category="sport"))
    ws.set_setting("categories", [*ws.categories, "sport"])
    assert ws.add(_factor(category="sport")).category == "sport"


def test_strategy_factors_must_match_its_quadrants(ws):
    s = ws.add(_factor(quadrant="S"))
    o = ws.add(_factor(quadrant="O", text="Programy grantowe ministerstwa"))
    w = ws.add(_factor(quadrant="W", text="Mało miejsc parkingowych"))
    ws.add(
        Strategy(institution_id="mok", kind="SO", text="Granty na kadrę", factor_ids=(s.id, o.id))
    )
    with pytest.raises(ValidationError, match=r"S/O.*W: Mało miejsc parkingowych"):
        ws.add(Strategy(institution_id="mok", kind="SO", text="Źle", factor_ids=(w.id,)))


def test_delete_refuses_while_referenced_and_cascades_comments(ws):
    f = ws.add(_factor())
    strategy = ws.add(
        Strategy(institution_id="mok", kind="ST", text="Utrzymać kadrę", factor_ids=(f.id,))
    )
    comment = ws.add(Comment(target_kind="factor", target_id=f.id, author="ekspert", text="OK"))
    with pytest.raises(ReferenceError_, match="strategia"):
        ws.delete(f)
    ws.delete(strategy)
    ws.delete(f)
    assert ws.find(Factor, f.id) is None
    assert ws.find(Comment, comment.id) is None
    actions = [(c.kind, c.action) for c in ws.history(since=0)][-2:]
    assert actions == [("factor", "delete"), ("comment", "delete")]


def test_add_many_is_all_or_nothing(ws):
    team = Team(institution_id="mok", name="Zespół seniorów")
    bad = _factor(institution_id="nope")
    with pytest.raises(ReferenceError_):
        ws.add_many([team, bad])
    assert ws.count(Team) == 0


def test_history_records_who_when_before_after(ws):
    f = ws.add(_factor(), actor="Anna K.")
    ws.update(f.replace(importance=5), actor="Piotr M.")
    changes = ws.history(kind="factor", object_id=f.id)
    assert [(c.action, c.actor, c.version) for c in changes] == [
        ("add", "Anna K.", 1),
        ("update", "Piotr M.", 2),
    ]
    assert changes[1].before["importance"] == 3
    assert changes[1].after["importance"] == 5
    assert changes[1].at.endswith("+00:00")


def test_last_change_increases_with_every_write(ws):
    seen = [ws.last_change()]
    f = ws.add(_factor())
    seen.append(ws.last_change())
    ws.update(f.replace(importance=1))
    seen.append(ws.last_change())
    ws.set_setting("horizon", [2019, 2021])
    seen.append(ws.last_change())
    assert seen == sorted(set(seen))


def _full_workspace(ws):
    finding = ws.add(
        Finding(
            statement="Seniorzy chcą więcej zajęć",
            source="ankieta",
            numbers={"n": 120, "odsetek": 0.41},
            institution_id="mok",
        )
    )
    s = ws.add(_factor(evidence=(Evidence(finding_id=finding.id, source="konsultacje"),)))
    o = ws.add(_factor(quadrant="O", text="Rosnąca liczba seniorów"))
    strategy = ws.add(
        Strategy(
            institution_id="mok", kind="SO", text="Oferta dla seniorów", factor_ids=(s.id, o.id)
        )
    )
    goal = ws.add(
        Goal(
            institution_id="mok", number=1, title="Oferta dla seniorów", strategy_ids=(strategy.id,)
        )
    )
    joint = ws.add(Goal(institution_id=None, number=1, title="Wspólna promocja"))
    task = ws.add(
        Task(
            goal_id=goal.id,
            number=1,
            title="Klub seniora",
            responsible="MOK",
            cooperating=("UTW", "Urząd Miasta"),
            start_year=2019,
            end_year=2021,
            strategy_ids=(strategy.id,),
        )
    )
    ws.add(Task(goal_id=joint.id, number=1, title="Wspólny kalendarz", responsible="MOK"))
    ind = ws.add(Indicator(task_id=task.id, name="Liczba spotkań", target_text="min. 10 rocznie"))
    ws.add(Measurement(indicator_id=ind.id, period="2019", value=12))
    ws.add(Comment(target_kind="task", target_id=task.id, author="ekspert", text="Dobrze"))
    ws.update(ws.get(Factor, s.id).replace(importance=5))
    ws.set_setting("horizon", [2019, 2021])


def test_export_import_export_is_identical(tmp_path, ws):
    _full_workspace(ws)
    first = ws.export_json(tmp_path / "e.json")
    with Workspace.import_json(tmp_path / "e.json", tmp_path / "copy.swot") as copy:
        assert copy.export_json() == first
        assert copy.count() == ws.count()
        assert copy.setting("horizon") == [2019, 2021]
        assert copy.last_change() == ws.last_change()
    data = json.loads(first)
    assert data["format"] == "swot-workspace"
    assert {o["kind"] for o in data["objects"]} >= {"factor", "goal", "task", "measurement"}


def test_import_collects_every_problem_and_leaves_no_file(tmp_path, ws):
    _full_workspace(ws)
    data = ws.export_data()
    data["objects"][1]["data"]["importance"] = 9  # a factor? find any with importance
    for entry in data["objects"]:
        if entry["kind"] == "factor":
            entry["data"]["importance"] = 9
            break
    data["objects"].append({"kind": "unicorn", "data": {}})
    for entry in data["objects"]:
        if entry["kind"] == "task":
            entry["data"]["goal_id"] = "gone"
            break
    target = tmp_path / "broken.swot"
    with pytest.raises(DataImportError) as info:
        Workspace.import_json(data, target)
    rules = {p.rule for p in info.value.problems}
    assert {"model", "kind", "reference"} <= rules
    assert not target.exists()
    assert not list(tmp_path.glob("broken.swot*"))


def test_import_rejects_non_swot_json(tmp_path):
    src = tmp_path / "x.json"
    src.write_text('{"hello": 1}')
    with pytest.raises(DataImportError, match="format"):
        Workspace.import_json(src, tmp_path / "y.swot")
    src.write_text("{not json")
    with pytest.raises(DataImportError, match="JSON"):
        Workspace.import_json(src, tmp_path / "y.swot")
    assert not (tmp_path / "y.swot").exists()


def test_backup_is_a_consistent_copy(tmp_path, ws):
    _full_workspace(ws)
    dest = ws.backup(tmp_path / "backup.swot")
    with Workspace.open(dest) as copy:
        assert copy.export_json() == ws.export_json()
        assert copy.integrity_check() == "ok"
    with pytest.raises(WorkspaceError):
        ws.backup(dest)


def test_closed_workspace_says_so(ws):
    ws.close()
    with pytest.raises(WorkspaceError, match="zamknięta"):
        ws.institutions()
    ws.close()  # idempotent


def test_empty_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "empty.swot"
    path.touch()
    with pytest.raises(WorkspaceError, match="pusty"):
        Workspace.open(path)
    assert path.stat().st_size == 0


def test_foreign_database_is_not_switched_to_wal(tmp_path):
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(WorkspaceError):
        Workspace.open(foreign)
    assert foreign.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_datasets_store_bytes_with_settings_in_one_transaction(ws):
    before = ws.last_change()
    info = ws.add_dataset(
        "responses",
        "ankiety.csv",
        b"\x00\x01parquet",
        {"rows": 2},
        settings={"codebook": {"format": "swot-codebook"}},
        actor="Anna K.",
    )
    assert ws.dataset_bytes(info.id) == b"\x00\x01parquet"
    assert [d.name for d in ws.datasets("responses")] == ["ankiety.csv"]
    assert ws.datasets("tallies") == []
    assert ws.setting("codebook") == {"format": "swot-codebook"}
    actions = [(c.kind, c.action, c.actor) for c in ws.history(since=before)]
    assert actions == [("dataset", "add", "Anna K."), ("setting", "setting", "Anna K.")]
    ws.delete_dataset(info.id)
    assert ws.datasets() == []
    with pytest.raises(NotFoundError):
        ws.dataset_bytes(info.id)


def test_failed_dataset_write_leaves_nothing(ws, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ws, "_put_setting", broken)
    with pytest.raises(RuntimeError):
        ws.add_dataset("responses", "a.csv", b"x", settings={"codebook": {}})
    assert ws.datasets() == []


def test_export_import_keeps_datasets(tmp_path, ws):
    ws.add_dataset("tallies", "sonda.csv", bytes(range(256)), {"rows": 3})
    first = ws.export_json()
    with Workspace.import_json(json.loads(first), tmp_path / "copy.swot") as copy:
        assert copy.export_json() == first
        assert copy.dataset_bytes(copy.datasets()[0].id) == bytes(range(256))


def test_version_1_workspace_is_migrated_on_open(tmp_path):
    from swot import store

    path = tmp_path / "old.swot"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    store._migrate_0_to_1(conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    conn.execute("INSERT INTO meta VALUES ('name', '\"stara\"')")
    conn.execute("COMMIT")
    conn.close()
    with Workspace.open(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION == 4
        assert ws.name == "stara"
        assert ws.datasets() == []
        ws.add_dataset("notes", "opinie.csv", b"x")


def test_parentless_duplicates_are_refused(tmp_path):
    """Institutions and joint goals have no parent; NULL parents must still collide."""
    with Workspace.create(tmp_path / "w.swot") as ws:
        ws.add(Institution(name="Dom Kultury"))
        with pytest.raises(ValidationError):
            ws.add(Institution(name="  dom   kultury "))
        ws.add(Goal(institution_id=None, number=1, title="Wspólny cel"))
        with pytest.raises(ValidationError):
            ws.add(Goal(institution_id=None, number=1, title="Inny wspólny cel"))
        ws.add(Goal(institution_id=None, number=2, title="Drugi wspólny cel"))
        assert len(ws.institutions()) == 1
        assert [g.number for g in ws.objects(Goal, parent=None)] == [1, 2]


def test_version_2_duplicates_survive_the_migration(tmp_path):
    from swot import store

    path = tmp_path / "old.swot"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    store._migrate_0_to_1(conn)
    store._migrate_1_to_2(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    conn.execute("INSERT INTO meta VALUES ('name', '\"stara\"')")
    conn.execute("COMMIT")
    conn.close()
    # Two same-named institutions, as a schema-2 file could hold them.
    first, second = Institution(name="Dom Kultury"), Institution(name="Dom Kultury")
    conn = sqlite3.connect(path, isolation_level=None)
    for seq, obj in enumerate((first, second), start=1):
        conn.execute(
            "INSERT INTO objects VALUES (?, ?, ?, NULL, 1, ?, 't', 't', 'x', ?)",
            (obj.KIND, obj.id, seq, json.dumps(obj.to_dict()), obj.unique_key()),
        )
    conn.close()
    with Workspace.open(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert len(ws.institutions()) == 2  # nothing lost
        with pytest.raises(ValidationError):
            ws.add(Institution(name="Dom Kultury"))
        renamed = ws.update(ws.get(Institution, second.id).replace(name="Dom Kultury — filia"))
        assert renamed.name == "Dom Kultury — filia"


def _schema_3_file(path):
    from swot import store

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for step in store.MIGRATIONS[:3]:
        step(conn)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    conn.execute("INSERT INTO meta VALUES ('name', '\"stara\"')")
    conn.execute("COMMIT")
    return conn


def test_one_addressee_per_name_and_email_whoever_invites(tmp_path):
    """The database itself refuses a second copy, also under another inviting centre."""
    from swot.model import Stakeholder

    with Workspace.create(tmp_path / "w.swot") as ws:
        mok = ws.add(Institution(name="Miejski Ośrodek Kultury"))
        ws.add(Stakeholder(name="Szkoła nr 1", email="sp1@example.pl", institution_id=mok.id))
        for twin in (
            Stakeholder(name="  szkoła NR 1", email="SP1@example.pl", institution_id=mok.id),
            Stakeholder(name="Szkola nr 1", email="sp1@example.pl"),  # invited jointly
        ):
            with pytest.raises(ValidationError, match="adresat"):
                ws.add(twin)
        ws.add(Stakeholder(name="Szkoła nr 1", email="dyrektor@example.pl"))
        other = ws.add(Stakeholder(name="Szkoła nr 2", institution_id=mok.id))
        with pytest.raises(ValidationError):
            ws.update(other.replace(name="SZKOŁA NR 1", email="sp1@example.pl"))
        assert len(ws.objects(Stakeholder)) == 3


def test_version_3_addressees_get_keys_and_their_duplicates_survive(tmp_path):
    from swot.model import Stakeholder

    path = tmp_path / "old.swot"
    conn = _schema_3_file(path)
    mok = Institution(id="mok", name="MOK")
    # a schema-3 key held the inviting centre, so these two were both accepted
    first = Stakeholder(name="Radio Przykład", email="radio@example.pl", institution_id="mok")
    second = Stakeholder(name="radio przyklad", email="RADIO@example.pl")
    rows = [(mok, None), (first, "mok"), (second, None)]
    for seq, (obj, parent) in enumerate(rows, start=1):
        old_key = json.dumps([parent, obj.name.casefold()], ensure_ascii=False)
        conn.execute(
            "INSERT INTO objects VALUES (?, ?, ?, ?, 1, ?, 't', 't', 'x', ?)",
            (obj.KIND, obj.id, seq, parent, json.dumps(obj.to_dict()), old_key),
        )
    conn.close()
    with Workspace.open(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION == 4
        assert {s.id for s in ws.objects(Stakeholder)} == {first.id, second.id}  # none lost
        with pytest.raises(ValidationError):
            ws.add(Stakeholder(name="RADIO PRZYKŁAD", email="radio@example.pl"))
        # the later copy can still be edited apart
        renamed = ws.update(ws.get(Stakeholder, second.id).replace(name="Radio Przykład 2"))
        assert renamed.name == "Radio Przykład 2"
