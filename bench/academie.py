"""The académie case of the benchmark (python bench/run.py --cas academie): a base (the shipped
handbook) and synthetic schools with small overlays (their name and UAI, a task of their own, a
period that ends a day earlier, a base guide completed, a guide of their own).

Measured in one run, each in a fresh process: `build.py academie` for 100 and for 600 schools
(time, peak memory); separate `build.py --config` runs, each a cold first build, for 30 of the
schools (their mean, scaled to 600); the targets of issue 25 as ratios of these."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEPARATE = 30  # schools built one by one, whose mean is scaled to all of them

BASE_CONFIG = """\
titre: Guide Pix du collège
etablissement: Guide commun de l'académie
annee_scolaire: {year}
zone_vacances: C
nom_referent: Mme Durand
contact_referent: messagerie de l'ENT
"""
SCHOOL_CONFIG = """\
base: ../base
etablissement: Collège numéro {number}
uai: {uai}
nom_referent: M. Référent {number}
contact_referent: salle {number}
"""
SCHOOL_CALENDAR = """\
periodes:
  - numero: 1
    taches:
      referent:
        - id: tache-{number}
          texte: Réunir l'équipe du collège numéro {number}.
          guide: notre-salle
"""
OWN_GUIDE = """\
---
titre: Notre salle informatique
resume: Où se passent les campagnes au collège numéro {number}.
roles: [referent]
---

Les campagnes se passent en salle {number}, le mardi.
"""
COMPLETION = """\
---
base: compléter
---

## Au collège numéro {number}

Le secrétariat envoie l'export chaque lundi.
"""


def write_academie(folder: Path, schools: int) -> Path:
    """An académie of `schools` schools over the shipped handbook; its folder."""
    base = folder / "base"
    shutil.copytree(ROOT / "content", base / "content")
    year = _shipped_year()
    (base / "site_config.yaml").write_text(BASE_CONFIG.format(year=year), encoding="utf-8")
    names = []
    for number in range(1, schools + 1):
        name = f"college-{number:04d}"
        school = folder / name
        (school / "content" / "guides").mkdir(parents=True)
        uai = f"{9900000 + number:07d}A"
        (school / "site_config.yaml").write_text(
            SCHOOL_CONFIG.format(number=number, uai=uai), encoding="utf-8"
        )
        (school / "content" / "calendar.yaml").write_text(
            SCHOOL_CALENDAR.format(number=number), encoding="utf-8"
        )
        guides = school / "content" / "guides"
        (guides / "notre-salle.md").write_text(OWN_GUIDE.format(number=number), encoding="utf-8")
        (guides / "importer-base-siecle.md").write_text(
            COMPLETION.format(number=number), encoding="utf-8"
        )
        names.append(name)
    listed = "".join(f"  - {name}\n" for name in names)
    (folder / "academie.yaml").write_text(f"etablissements:\n{listed}", encoding="utf-8")
    return folder


def settled() -> None:
    """Wait until the disk has written and trimmed what was just created or deleted: on these
    machines (ext4 mounted with discard) that work goes on for seconds, and would slow whichever
    build comes next (see removed() in run.py)."""
    os.sync()
    time.sleep(1)


def _shipped_year() -> str:
    for line in (ROOT / "site_config.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("annee_scolaire:"):
            return line.split(":", 1)[1].strip()
    raise RuntimeError("annee_scolaire absente de site_config.yaml")


def academie_figures(scratch: Path, timed) -> list[tuple[str, str, bool | None]]:
    """Print the académie's figures; the targets with their ratios."""
    build = [sys.executable, str(ROOT / "build.py")]
    big = write_academie(scratch / "academie-600", 600)
    small = write_academie(scratch / "academie-100", 100)
    settled()
    separate = []
    for number in range(1, SEPARATE + 1):
        config = big / f"college-{number:04d}" / "site_config.yaml"
        separate.append(timed([*build, "--config", str(config), "--quiet"])[0])
        shutil.rmtree(config.parent / "output")
        shutil.rmtree(config.parent / ".cache", ignore_errors=True)
        settled()
    one_school = statistics.mean(separate)
    seconds_100, memory_100 = timed([*build, "academie", str(small)])
    settled()
    seconds_600, memory_600 = timed([*build, "academie", str(big)])
    per_school = seconds_600 / 600
    print("\nAcadémie (base : le guide livré ; écoles : petites surcouches)")
    print(f"  une école seule, construction à froid (moyenne de {SEPARATE}) : {one_school:.2f} s")
    print(f"  600 écoles une par une (estimé : la moyenne × 600) : {one_school * 600:.0f} s")
    print(f"  build.py academie, 100 écoles : {seconds_100:.1f} s, {memory_100:.0f} Mo au plus")
    print(f"  build.py academie, 600 écoles : {seconds_600:.1f} s, {memory_600:.0f} Mo au plus")
    print(f"  par école dans l'académie : {per_school * 1000:.0f} ms")
    whole = seconds_600 / (one_school * 600)
    share = per_school / one_school
    growth = memory_600 / memory_100
    return [
        (
            "académie de 600 écoles ≤ 1/8 des constructions séparées",
            f"×{whole:.3f}",
            whole <= 1 / 8,
        ),
        ("par école ≤ 15 % d'une construction à froid", f"{share:.0%}", share <= 0.15),
        ("mémoire : 600 écoles ≤ 1,2 × 100 écoles", f"×{growth:.2f}", growth <= 1.2),
    ]
