"""Synthetic handbook content of N guides: realistic French Markdown, 2-4 KB each, plus a calendar
linking them."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "élève enseignant campagne parcours compétence certification session référent classe "
    "établissement numérique évaluation profil niveau résultat salle surveillant administration "
    "famille calendrier période import fichier domaine document ressource consigne bilan "
    "formation équipe progression"
).split()
ROLES = ("referent", "enseignants", "eleves")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def guide_text(index: int, count: int, rng: random.Random) -> str:
    others = [rng.randrange(count) for _ in range(3)]
    parts = [
        f"---\ntitre: Guide synthétique numéro {index}\nresume: {sentence(rng)}\n"
        f"roles: [{rng.choice(ROLES)}]\n---\n"
    ]
    parts.append(" ".join(sentence(rng) for _ in range(4)))
    parts.append("## Qui, quand\n\n" + " ".join(sentence(rng) for _ in range(3)))
    parts.append("## Étapes\n\n" + "\n".join(f"{n}. {sentence(rng)}" for n in range(1, 7)))
    parts.append(
        "## Tableau\n\n| Quand | Quoi | Qui |\n|---|---|---|\n"
        + "\n".join(
            f"| semaine {n} | {rng.choice(WORDS)} | {rng.choice(WORDS)} |" for n in range(1, 5)
        )
    )
    parts.append("## Pièges à éviter\n\n" + "\n".join(f"- {sentence(rng)}" for _ in range(4)))
    parts.append(
        "## Voir aussi\n\n" + "\n".join(f"- [Guide {o}](guide-{o}.md#etapes)" for o in others)
    )
    return "\n\n".join(parts) + "\n"


def calendar_text(count: int) -> str:
    lines = (
        ["roles:"]
        + [f"  - id: {role}\n    nom: {role.capitalize()}" for role in ROLES]
        + ["periodes:"]
    )
    starts = [
        "2023-09-04",
        "2023-10-02",
        "2023-11-06",
        "2023-12-04",
        "2024-01-08",
        "2024-02-05",
        "2024-03-11",
        "2024-04-08",
    ]
    ends = [
        "2023-09-29",
        "2023-10-20",
        "2023-12-01",
        "2023-12-22",
        "2024-02-02",
        "2024-03-08",
        "2024-04-05",
        "2024-05-31",
    ]
    for number, (start, end) in enumerate(zip(starts, ends), start=1):
        lines += [f"  - numero: {number}", f"    debut: {start}", f"    fin: {end}", "    taches:"]
        for role_index, role in enumerate(ROLES):
            lines.append(f"      {role}:")
            for index in range(count):
                if index % (len(starts) * len(ROLES)) == (number - 1) * len(ROLES) + role_index:
                    lines += [
                        f"        - texte: Tâche liée au guide {index}.",
                        f"          guide: guide-{index}",
                    ]
            lines.append(f"        - Tâche sans guide de la période {number}.")
    lines += [
        "jalons:",
        "  - id: debut-certification",
        "    date: 2024-03-04",
        "    titre: Début de la certification",
    ]
    return "\n".join(lines) + "\n"


def write_site(root: Path, count: int, templates: Path) -> Path:
    """Write a whole synthetic site under root; returns its site_config.yaml."""
    rng = random.Random(count)
    guides = root / "content/guides"
    guides.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (guides / f"guide-{index}.md").write_text(guide_text(index, count, rng), encoding="utf-8")
    (root / "content/calendar.yaml").write_text(calendar_text(count), encoding="utf-8")
    config = root / "site_config.yaml"
    config.write_text(
        f"titre: Banc d'essai\netablissement: Collège Synthétique\nannee_scolaire: 2023-2024\n"
        f"url_publique: https://intranet.exemple.fr/pix/\n"
        f"dossier_gabarits: {templates.as_posix()}\n",
        encoding="utf-8",
    )
    return config
