"""The tasks of a period in calendar.yaml: for each role, sentences, or « texte: » with the guides
(« guide: ») and the milestones (« jalon: ») a task is tied to, and its stable « id: » (unique in
the calendar), which its ticked box follows."""

from __future__ import annotations

from handbook import urls
from handbook.check.rules import IDENTIFIER, Fields, colon_advice, sentence_cut_by_colon
from handbook.model import Role, Task
from handbook.problems import did_you_mean
from handbook.read.located import LocatedDict, LocatedList

TASK_KEYS = {
    "texte": "la phrase de la tâche",
    "guide": "le guide lié, nom de son fichier sans .md, ou une liste de guides",
    "jalon": "l'id du jalon dont dépend la tâche, ou [début, fin] : les id des deux jalons d'une "
    "fenêtre, facultatif",
    "id": "identifiant stable de la tâche, facultatif : minuscules, chiffres et tirets, unique "
    "dans le calendrier",
    "verrouille": "true : les établissements qui partent de ce guide peuvent la compléter, "
    "pas la changer ni la retirer, facultatif",
}
ID_EXAMPLE = "importer-siecle"
# the task ids met so far in one calendar: id → (line, field) of the task that took it
TakenIds = dict[str, tuple[int, str]]


def tasks_of(
    fields: Fields, number: int, roles: list[Role], taken: TakenIds | None = None
) -> dict[str, tuple[Task, ...]]:
    """The tasks of period `number` (fields: the period's), by role id, for the declared roles;
    taken: the task ids of the calendar's earlier periods, completed with this one's (one dict per
    calendar, so that an id given twice is named with the place of the first)."""
    taken = {} if taken is None else taken
    raw = fields.mapping.get("taches")
    if raw is None:
        return {}
    if not isinstance(raw, LocatedDict):
        fields.error(
            "taches",
            "attendu : pour chaque rôle, son identifiant suivi de « : » puis la liste de ses "
            "tâches",
        )
        return {}
    by_role = Fields(raw, fields.file, fields.name("taches"), fields.report)
    known = [role.id for role in roles]
    tasks: dict[str, tuple[Task, ...]] = {}
    for role_id in raw:
        if role_id not in known:
            message = f"rôle inconnu « {role_id} »{did_you_mean(role_id, known)}"
            by_role.error(
                str(role_id),
                f"{message} ; rôles déclarés dans « roles » : {', '.join(known) or 'aucun'}",
            )
    for role in roles:
        if role.id in raw:
            tasks[role.id] = tuple(_role_tasks(by_role, role.id, number, taken))
    return tasks


def _role_tasks(by_role: Fields, role_id: str, number: int, taken: TakenIds) -> list[Task]:
    value = by_role.mapping[role_id]
    if value is None:
        return []
    if not isinstance(value, LocatedList):
        by_role.error(role_id, "attendu : la liste des tâches, une par ligne commençant par « - »")
        return []
    tasks = []
    for position, (item, line) in enumerate(zip(value, value.item_lines), start=1):
        where = f"{by_role.name(role_id)} › {position}"
        if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
            source = value.file_at(position - 1) or by_role.file
            tasks.append(Task(str(item).strip(), role_id, number, (), line, source=source))
        elif (sentence := sentence_cut_by_colon(item)) and not set(item) & set(TASK_KEYS):
            by_role.report.error(
                value.file_at(position - 1) or by_role.file, line, where, colon_advice(sentence)
            )
        elif isinstance(item, LocatedDict):
            task = Fields(item, by_role.file, where, by_role.report)
            task.check_keys(TASK_KEYS)
            text = task.text("texte", expected="la phrase de la tâche")
            slugs, milestone_ids = _guide_refs(task), _milestone_refs(task)
            task_id = _task_id(task, taken)
            if text:
                source = task.source("texte")
                tasks.append(
                    Task(text, role_id, number, slugs, line, milestone_ids, source, task_id)
                )
        else:
            by_role.report.error(
                by_role.file,
                line,
                where,
                "attendu : une phrase, ou « texte: » suivi de « guide: » à la ligne suivante",
            )
    return tasks


def _guide_refs(task: Fields) -> tuple[str, ...]:
    value = task.mapping.get("guide")
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    slugs = []
    for item in values:
        if not isinstance(item, str) or not item.strip():
            task.error(
                "guide",
                "attendu : le nom d'un fichier de content/guides sans .md, par exemple "
                "importer-base-siecle",
            )
            continue
        name = item.strip()
        slugs.append(urls.slugify(name[:-3] if name.endswith(".md") else name))
    return tuple(slugs)


def _milestone_refs(task: Fields) -> tuple[str, ...]:
    """« jalon: id » or « jalon: [id-du-debut, id-de-la-fin] »."""
    value = task.mapping.get("jalon")
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    ids = all(isinstance(item, str) and IDENTIFIER.match(item.strip()) for item in values)
    if 1 <= len(values) <= 2 and ids:
        return tuple(item.strip() for item in values)
    task.error(
        "jalon",
        "attendu : l'id d'un jalon de « jalons: » (par exemple "
        "fenetre-certification), ou les id des deux jalons qui ouvrent et ferment une "
        "fenêtre, entre crochets : [debut-certification, fin-certification]",
    )
    return ()


def _task_id(task: Fields, taken: TakenIds) -> str | None:
    """« id: »: the task's identifier, when it is well formed and no other task of the calendar has
    it (it is then taken)."""
    if "id" not in task.mapping:
        return None
    value = task.mapping["id"]
    if value is None or (isinstance(value, str) and not value.strip()):
        task.error("id", f"« id: » est vide ; attendu : un identifiant comme {ID_EXAMPLE}")
        return None
    task_id = task.text("id", expected=f"un identifiant comme {ID_EXAMPLE}")
    if task_id is None:
        return None
    if not IDENTIFIER.match(task_id):
        task.error(
            "id",
            f"« {task_id} » : attendu un identifiant en minuscules sans accent ni espace (lettres, "
            f"chiffres et tirets), par exemple « {urls.slugify(task_id) or ID_EXAMPLE} »",
        )
        return None
    if task_id in taken:
        first_line, first_field = taken[task_id]
        task.error(
            "id",
            f"l'identifiant « {task_id} » est déjà celui d'une autre tâche (ligne {first_line}, "
            f"champ « {first_field} ») ; donnez à chaque tâche un « id: » différent",
        )
        return None
    taken[task_id] = (task.line("id"), task.name("id"))
    return task_id
