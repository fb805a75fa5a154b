"""A school's calendar.yaml over its base's, item by item, never a list replaced whole: roles by
« id », periods by « numero », milestones by « id », tasks by « id ». A school changes a field, adds
to a task's sentence (« complement: »), moves a task to another period, removes an item
(« retirer: true ») or adds its own. What the base locks (« verrouille: true », and the day of a
national date) can be completed, never changed nor removed.

Values in, values and problems out: each value keeps the file and line that wrote it, so that the
checks name the right layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches

from handbook import urls
from handbook.dates import parse_date
from handbook.merge import divergences as said
from handbook.merge.divergences import Divergence, digest_of
from handbook.merge.roles import removals, removed_role_message, removed_roles, without_roles
from handbook.merge.tasks import REMOVED, Changes, base_tasks, unnamed_tasks
from handbook.merge.values import is_mapping, items_of, located_list, overlaid
from handbook.problems import Report, did_you_mean
from handbook.read.located import LocatedDict, LocatedList

REMOVE = "retirer"
COMPLETE = "complement"
LOCK = "verrouille"
CONTROLS = (REMOVE, COMPLETE)


def merged_calendar(
    base: object, school: object, report: Report, noted: list[Divergence] | None = None
) -> object:
    """The school's calendar over its base's; the base's as it is when the school changes nothing.
    A value that is not a mapping is left to the checks, which say what is expected. noted: gets
    what the school changes, item by item."""
    if not isinstance(school, LocatedDict) or not isinstance(base, LocatedDict):
        return base if school is None else school
    merged = overlaid(base, school, skip=("roles", "periodes", "jalons"))
    merger = _Merger(report, [] if noted is None else noted)
    for key, merge in (
        ("roles", merger.roles),
        ("periodes", merger.periods),
        ("jalons", merger.milestones),
    ):
        if key not in school:
            continue
        if isinstance(base.get(key), LocatedList) and isinstance(school[key], LocatedList):
            merged[key] = merge(base[key], school[key])
        else:
            merged[key] = school[key]
        merged.key_lines[key], merged.key_files[key] = school.line_of(key), school.file_of(key)
        if key == "roles":
            removed = removed_roles(base, merged)
            merger.roles_removed = removals(school[key], removed)
            base = without_roles(base, removed)
            merged.update((part, base[part]) for part in ("periodes", "jalons") if part in base)
    return merged


KINDS = {"roles": "rôle", "jalons": "jalon", "taches": "tâche", "periodes": "période"}


@dataclass
class _Merger:
    report: Report
    noted: list[Divergence]
    unnamed: dict[str, tuple[str, int]] = field(default_factory=dict)
    roles_removed: dict[str, LocatedDict] = field(default_factory=dict)  # id → « retirer: true »

    def note(self, action: str, name: str, key: object, item: LocatedDict, base=None) -> None:
        self.noted.append(
            Divergence(
                action,
                KINDS[name],
                str(key),
                item.file or "",
                item.line,
                "" if base is None else digest_of(base),
            )
        )

    def error(self, mapping: LocatedDict, key: str | None, message: str, field_name: str) -> None:
        line = mapping.line_of(key) if key else mapping.line
        file = (mapping.file_of(key) if key else mapping.file) or ""
        self.report.error(file, line, field_name, message)

    # roles and milestones: mappings with an « id »

    def roles(self, base: LocatedList, school: LocatedList) -> LocatedList:
        return self._by_id(base, school, "roles", ("nom",), lambda item: False)

    def milestones(self, base: LocatedList, school: LocatedList) -> LocatedList:
        return self._by_id(base, school, "jalons", ("date", "titre"), _locked)

    def _by_id(self, base, school, name, needed, locked) -> LocatedList:
        items = items_of(base)
        places = {
            item.get("id"): position
            for position, (item, _, _) in enumerate(items)
            if isinstance(item, LocatedDict)
        }
        removed = set()
        for item, line, file in items_of(school):
            key = item.get("id") if isinstance(item, LocatedDict) else None
            if key not in places:
                if isinstance(item, LocatedDict) and (
                    REMOVE in item or not all(part in item for part in needed)
                ):
                    self._unknown(item, name, key, [k for k in places if k is not None])
                    continue
                items.append((item, line, file))
                if isinstance(item, LocatedDict):
                    self.note(said.ADDED, name, key, item)
                continue
            original = items[places[key]][0]
            if not self._allowed(original, item, name, locked(original)):
                continue
            if item.get(REMOVE) is True:
                removed.add(places[key])
                self.note(said.REMOVED, name, key, item, original)
                continue
            items[places[key]] = (overlaid(original, item, skip=CONTROLS), line, file)
            self.note(said.CHANGED, name, key, item, original)
        kept = [entry for position, entry in enumerate(items) if position not in removed]
        return located_list(base, kept)

    def _allowed(self, original: LocatedDict, item: LocatedDict, name: str, locked) -> bool:
        """Whether the school may change the base's item as it does; reports why not."""
        where = f"{name} › {item.get('id')}"
        base_place = f"{original.file}, ligne {original.line}"
        if locked and item.get(REMOVE) is True:
            self.error(
                item, REMOVE, f"verrouillé par la base ({base_place}) : il ne se retire pas", where
            )
            return False
        national = name == "jalons" and original.get("date_nationale") is True
        changed = [
            key
            for key in item
            if key not in ("id", COMPLETE, REMOVE) and _differs(key, item[key], original.get(key))
        ]
        if national and "date" in changed:
            self.error(
                item,
                "date",
                f"date nationale, fixée par la base ({base_place}) : elle ne se change pas "
                "ici ; si elle est fausse, signalez-le à ceux qui tiennent la base",
                f"{where} › date",
            )
            return False
        if locked and changed:
            self.error(
                item,
                changed[0],
                f"verrouillé par la base ({base_place}) : « {changed[0]} » ne se change pas ; "
                "seul « complement: » peut y ajouter une phrase",
                f"{where} › {changed[0]}",
            )
            return False
        return True

    def _unknown(self, item: LocatedDict, name: str, key: object, known: list) -> None:
        what = {"roles": "aucun rôle", "jalons": "aucun jalon", "taches": "aucune tâche"}[name]
        self.error(
            item,
            "id" if "id" in item else None,
            f"{what} de la base n'a l'id « {key} »{did_you_mean(key, known)} ; pour "
            "ajouter un élément à vous, donnez-lui tous ses champs et un id nouveau",
            f"{name} › {key}",
        )

    # periods, by « numero », and their tasks, by « id »

    def periods(self, base: LocatedList, school: LocatedList) -> LocatedList:
        tasks = base_tasks(base)
        by_number = {
            item.get("numero"): item for item, _, _ in items_of(school) if is_mapping(item)
        }
        self.unnamed = unnamed_tasks(base)
        changes = self._task_changes(school, tasks)
        merged = []
        for item, line, file in items_of(base):
            number = item.get("numero") if is_mapping(item) else None
            own = by_number.pop(number, None)
            if own is not None and own.get(REMOVE) is True:
                if self._period_removable(item, own):
                    self.note(said.REMOVED, "periodes", number, own, item)
                    continue
            if own is not None and set(own) - {"numero", "taches"}:
                self.note(said.CHANGED, "periodes", number, own, item)
            period = self._period(item, own, changes) if is_mapping(item) else item
            merged.append((period, line, file))
        for number, own in by_number.items():
            if "debut" not in own or "fin" not in own:
                known = [item.get("numero") for item, _, _ in items_of(base) if is_mapping(item)]
                self.error(
                    own,
                    "numero",
                    f"aucune période {number} dans la base (périodes "
                    f"{', '.join(map(str, known))}) ; une période à vous a besoin de « debut » "
                    "et de « fin »",
                    "periodes",
                )
                continue
            own_period = self._period(LocatedDict(own.line, own.file), own, changes)
            merged.append((own_period, own.line, own.file))
            self.note(said.ADDED, "periodes", number, own)
        return located_list(base, merged)

    def _period_removable(self, period: LocatedDict, own: LocatedDict) -> bool:
        if period.get(LOCK) is True:
            self.error(
                own,
                REMOVE,
                f"période verrouillée par la base ({period.file}, ligne {period.line}) : elle ne "
                "se retire pas",
                f"periodes › {own.get('numero')}",
            )
            return False
        return True

    def _period(self, period: LocatedDict, own: LocatedDict | None, changes) -> LocatedDict:
        number = own.get("numero") if own is not None else period.get("numero")
        merged = period
        if own is not None:
            if period.get(LOCK) is True:
                for key in ("debut", "fin"):
                    if key in own and _differs(key, own[key], period.get(key)):
                        self.error(
                            own,
                            key,
                            f"période verrouillée par la base ({period.file}, ligne "
                            f"{period.line}) : ses dates ne se changent pas",
                            f"periodes › {number} › {key}",
                        )
            merged = overlaid(period, own, skip=("taches", "remarques", REMOVE))
            notes = _joined_notes(period.get("remarques"), own.get("remarques"))
            if notes is not None:
                merged["remarques"] = notes
        base_tasks = period.get("taches")
        own_tasks = own.get("taches") if own is not None else None
        if base_tasks is not None and not is_mapping(base_tasks):
            return merged  # not a mapping: the checks say what is expected
        roles = list(base_tasks or {}) + [
            role
            for role in (own_tasks if is_mapping(own_tasks) else {})
            if role not in (base_tasks or {})
        ]
        by_role = LocatedDict(
            getattr(base_tasks, "line", merged.line), getattr(base_tasks, "file", merged.file)
        )
        by_role.key_files = {}
        for role in roles:
            if role in self.roles_removed:
                message = removed_role_message(role, self.roles_removed[role])
                self.error(own_tasks, role, message, f"periodes › {number} › taches › {role}")
                continue
            kept = self._role_tasks(number, role, base_tasks, changes)
            if kept is None:
                continue
            holder = base_tasks if is_mapping(base_tasks) and role in base_tasks else own_tasks
            by_role[role] = kept
            by_role.key_lines[role] = holder.line_of(role)
            by_role.key_files[role] = holder.file_of(role) or ""
        if roles or base_tasks is not None:
            merged = merged if merged is not period else overlaid(period, LocatedDict(0))
            merged["taches"] = by_role
            merged.key_lines.setdefault("taches", by_role.line)
        return merged

    def _role_tasks(self, number, role, base_tasks, changes) -> LocatedList | None:
        """The role's tasks in period `number`: the base's, changed in place, without those removed
        or moved away, then those moved here and the school's own."""
        original = base_tasks.get(role) if is_mapping(base_tasks) else None
        if original is not None and not isinstance(original, LocatedList):
            return original
        items = []
        for item, line, file in items_of(original) if original is not None else []:
            change = changes.in_place.get(id(item))
            if change is None:
                items.append((item, line, file))
            elif change is not REMOVED:
                items.append(change)
        items += changes.added.get((number, role), [])
        if original is None and not items:
            return None
        like = original if original is not None else LocatedList(0)
        return located_list(like, items)

    def _warn_if_like_a_base_task(self, entry) -> None:
        """A school's task without id that looks like one of the base's without id: it is added
        beside it, not changed; the base must give its task an id for a school to change it."""
        item, line, file = entry
        text = str(item.get("texte", "") if is_mapping(item) else item).strip()
        close = get_close_matches(text, list(self.unnamed), n=1, cutoff=0.8)
        if not close:
            return
        where, at = self.unnamed[close[0]]
        suggested = "-".join(urls.slugify(close[0]).split("-")[:4])
        self.report.warn(
            file or "",
            line,
            "taches",
            f"cette tâche ressemble à « {close[0]} » de la base ({where}, ligne {at}), qui n'a "
            "pas d'« id » : elle s'ajoute à celle de la base, sans la changer ; pour la changer, "
            f"la base doit lui donner un id (par exemple « id: {suggested} »), que vous reprenez "
            "ici",
        )

    def _task_changes(self, school: LocatedList, tasks: dict) -> Changes:
        changes = Changes()
        for period in (item for item, _, _ in items_of(school) if is_mapping(item)):
            by_role = period.get("taches")
            if not is_mapping(by_role):
                continue
            for role, listed in by_role.items():
                if not isinstance(listed, LocatedList):
                    continue
                for item, line, file in items_of(listed):
                    self._task_change(
                        period.get("numero"), role, (item, line, file), tasks, changes
                    )
        return changes

    def _task_change(self, number, role, entry, tasks: dict, changes: Changes) -> None:
        item = entry[0]
        key = item.get("id") if is_mapping(item) else None
        target = changes.added.setdefault((number, role), [])
        if key not in tasks:
            controls = is_mapping(item) and set(item) & set(CONTROLS)
            if is_mapping(item) and key is not None and (controls or "texte" not in item):
                self._unknown(item, "taches", key, list(tasks))
            else:
                target.append(entry)
                if is_mapping(item):
                    self.note(said.ADDED, "taches", key or item.get("texte"), item)
                if key is None:
                    self._warn_if_like_a_base_task(entry)
            return
        found = tasks[key]
        if not self._allowed(found.item, item, "taches", _locked(found.item)):
            return
        here = (found.period, found.role) == (number, role)
        if not here and _locked(found.item):
            self.error(
                item,
                "id",
                f"tâche verrouillée par la base ({found.item.file}, ligne {found.item.line}) : "
                "elle ne change pas de période",
                f"taches › {key}",
            )
            return
        if item.get(REMOVE) is True:
            changes.in_place[id(found.item)] = REMOVED
            self.note(said.REMOVED, "taches", key, item, found.item)
            return
        fields = set(item) - {"id", *CONTROLS}
        action = said.MOVED if not here else said.CHANGED if fields else said.COMPLETED
        self.note(action, "taches", key, item, found.item)
        merged = overlaid(found.item, item, skip=CONTROLS)
        if COMPLETE in item:
            text = str(found.item.get("texte", "")).rstrip()
            merged["texte"] = f"{text} {str(item[COMPLETE]).strip()}"
            merged.key_lines["texte"] = item.line_of(COMPLETE)
            merged.key_files["texte"] = item.file_of(COMPLETE) or ""
        if here:
            changes.in_place[id(found.item)] = (merged, entry[1], entry[2])
        else:
            changes.in_place[id(found.item)] = REMOVED
            target.append((merged, entry[1], entry[2]))


def _differs(key: str, written: object, base: object) -> bool:
    """Whether a school's value is another than the base's: a day however it is written."""
    if key in ("date", "debut", "fin"):
        try:
            return parse_date(written) != parse_date(base)
        except ValueError:
            pass
    return written != base


def _joined_notes(base: object, school: object) -> object:
    """The base's remarks, then the school's."""
    if school is None:
        return None
    if isinstance(base, LocatedList) and isinstance(school, LocatedList):
        return located_list(base, items_of(base) + items_of(school))
    return school


def _locked(item: object) -> bool:
    return is_mapping(item) and item.get(LOCK) is True
