"""Command line: python3 build.py [check|serve|nouvelle-annee|nouvel-etablissement] [options]."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from handbook.build.pipeline import Options, Result, build
from handbook.build.workers import WorkerFailed
from handbook.problems import BuildFailed, command, counted, did_you_mean, shown, system_reason

DESCRIPTION = (
    "Construit le guide Pix de l'établissement : lit site_config.yaml, content/calendar.yaml et\n"
    "content/guides/*.md, et écrit le site dans le dossier de sortie (output/ par défaut)."
)

EPILOG = "\n".join(
    [
        "commandes :",
        "  (aucune)   construit le site",
        "  check      vérifie tout le contenu sans rien écrire",
        "  serve      construit, sert le site sur http://127.0.0.1:8000 et le reconstruit à chaque "
        "modification",
        "  nouvelle-annee AAAA-AAAA [--dry-run]",
        "             prépare le calendrier de l'année suivante (dates recalculées d'après les "
        "vacances de la zone,",
        "             année en cours copiée dans content/annees/) ; --dry-run montre les "
        "changements sans rien écrire",
        "  nouvelle-annee AAAA-AAAA --academie DOSSIER [--dry-run]",
        "             la même chose pour chaque base, puis chaque établissement de "
        "DOSSIER/academie.yaml",
        "  nouvel-etablissement DOSSIER",
        "             crée dans DOSSIER le guide d'un autre établissement (configuration, "
        "calendrier, un guide),",
        "             prêt à construire avec --config DOSSIER/site_config.yaml",
        "  academie DOSSIER",
        "             construit chaque établissement listé dans DOSSIER/academie.yaml (chacun "
        "dans son dossier),",
        "             puis écrit le rapport de l'académie (DOSSIER/rapport/index.html)",
        "  origines   montre le calendrier et les guides d'un établissement qui part d'une base,",
        "             chaque élément avec sa provenance (base, établissement, complété…)",
        "",
        "codes de sortie : 0 réussi, 1 erreurs dans le contenu ou la configuration, 2 mauvaise "
        "utilisation.",
        "exemples (depuis le dossier du guide ; ./build.py marche aussi) :",
        "  python3 build.py",
        "  python3 build.py check --strict",
        "  python3 build.py serve --port 8001",
        "  python3 build.py nouvelle-annee 2027-2028 --dry-run",
        "  python3 build.py nouvel-etablissement ../autre-college",
        "  python3 build.py --config ../autre-college/site_config.yaml --output "
        "../site-autre-college",
    ]
)


COMMANDS = (
    "build",
    "check",
    "serve",
    "nouvelle-annee",
    "nouvel-etablissement",
    "academie",
    "origines",
)

# argparse speaks English: its messages that a mistyped command line can show, in French.
IN_FRENCH = (
    (r"unrecognized arguments: (.*)", r"option ou argument inconnu : \1"),
    (r"argument (\S+): expected one argument", r"l'option \1 attend une valeur"),
    (r"argument (\S+): invalid int value: '(.*)'", r"l'option \1 attend un nombre, pas « \2 »"),
    (
        r"argument (\S+): not allowed with argument (\S+)",
        r"les options \1 et \2 ne vont pas ensemble",
    ),
    (
        r"argument (\S+): ignored explicit argument '(.*)'",
        r"l'option \1 ne prend pas de valeur (« \2 »)",
    ),
)


class FrenchParser(argparse.ArgumentParser):
    def error(self, message: str):
        for english, french in IN_FRENCH:
            message = re.sub(f"^{english}$", french, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message} (voir python3 {self.prog} --help)\n")


class FrenchHelp(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix or "utilisation : ")


def parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="build.py",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=FrenchHelp,
        add_help=False,
    )
    parser._positionals.title, parser._optionals.title = (
        "commande",
        "options",
    )  # « positional arguments », « options »
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide")
    parser.add_argument(
        "command",
        nargs="?",
        default="build",
        metavar="commande",
        help="check, serve, nouvelle-annee ou nouvel-etablissement ; "
        "sans commande : construit le site",
    )
    parser.add_argument(
        "annee",
        nargs="?",
        metavar="annee|dossier",
        help="nouvelle-annee : l'année à préparer, par exemple 2027-2028 ; "
        "nouvel-etablissement : le dossier à créer",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="nouvelle-annee : montre les changements sans rien écrire",
    )
    parser.add_argument(
        "--academie",
        type=Path,
        metavar="DOSSIER",
        help="nouvelle-annee : prépare l'année de chaque base et de chaque établissement de "
        "DOSSIER/academie.yaml",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("site_config.yaml"),
        metavar="FICHIER",
        help="fichier de configuration (par défaut : site_config.yaml)",
    )
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DOSSIER",
        help="dossier de contenu, à la place de celui de la configuration",
    )
    parser.add_argument(
        "--output",
        type=Path,
        metavar="DOSSIER",
        help="dossier de sortie, à la place de celui de la configuration",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse aussi les avertissements : la commande échoue s'il y en a un",
    )
    parser.add_argument(
        "--sans-cache",
        action="store_true",
        help="reconstruit tout, sans reprendre ce que les constructions précédentes ont "
        "déjà fait (plus lent)",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADRESSE",
        help="serve : adresse d'écoute (par défaut 127.0.0.1)",
    )
    parser.add_argument(
        "--port", type=int, default=8000, metavar="NUMERO", help="serve : port (par défaut 8000)"
    )
    parser.add_argument("--open", action="store_true", help="serve : ouvre le navigateur")
    parser.add_argument(
        "--sondage",
        action="store_true",
        help="serve : relève les fichiers toutes les 0,2 s, au lieu d'être prévenu "
        "de chaque modification par le système (dossier réseau ou partagé)",
    )
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="n'affiche que les erreurs")
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="affiche chaque fichier écrit"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command not in COMMANDS:
        parser().error(
            f"commande inconnue « {args.command} »{did_you_mean(args.command, COMMANDS)} ; "
            f"commandes possibles : {', '.join(COMMANDS)}"
        )
    if args.dry_run and args.command != "nouvelle-annee":
        parser().error(
            "l'option --dry-run ne sert qu'avec nouvelle-annee, par exemple : "
            f"{command('nouvelle-annee 2027-2028 --dry-run')} (pour vérifier le "
            f"contenu sans rien écrire : {command('check')})"
        )
    if not 1 <= args.port <= 65535:
        parser().error(
            f"l'option --port attend un numéro de port entre 1 et 65535, pas « {args.port} »"
        )
    if args.academie and args.command != "nouvelle-annee":
        parser().error(
            "l'option --academie ne sert qu'avec nouvelle-annee, par exemple : "
            f"{command('nouvelle-annee 2027-2028 --academie ' + str(args.academie))} (pour "
            f"construire tous les établissements : {command('academie ' + str(args.academie))})"
        )
    if args.command == "nouvelle-annee" and args.academie:
        return academie_year(args)
    if args.command == "nouvelle-annee":
        from handbook.year.nextyear import prepare

        code, lines = prepare(args.config, args.annee or "", args.dry_run, args.content)
        print("\n".join(lines), file=sys.stderr if code else sys.stdout)
        return code
    if args.command == "nouvel-etablissement":
        from handbook.newschool import create

        code, lines = create(args.annee or "")
        print("\n".join(lines), file=sys.stderr if code else sys.stdout)
        return code
    if args.command == "academie":
        return academie(args.annee)
    if args.annee:
        parser().error(f"argument en trop : {args.annee}")
    if args.command == "origines":
        return show_origins(args.config)
    options = Options(
        args.config,
        args.content,
        args.output,
        args.strict,
        write=args.command != "check",
        reuse=not args.sans_cache,
    )
    if args.command == "serve":
        from handbook.serve.server import serve

        try:
            return serve(options, args.host, args.port, args.open, args.sondage)
        except BuildFailed as failure:
            print_problems(failure.report.errors, [], args.config)
            return 1
    return one_off_build(options, args)


def academie(folder: str | None) -> int:
    """build.py academie DOSSIER: every school of the académie, then its report."""
    from handbook.academie.run import build_academie

    if not folder:
        parser().error(
            "indiquez le dossier de l'académie (celui de son academie.yaml), par exemple : "
            f"{command('academie ../academie')}"
        )
    code, lines = build_academie(Path(folder))
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


def academie_year(args: argparse.Namespace) -> int:
    """build.py nouvelle-annee AAAA-AAAA --academie DOSSIER: every base, then every school."""
    from handbook.year.academie import prepare_academie

    if args.config != Path("site_config.yaml") or args.content:
        parser().error(
            "l'option --academie prend les établissements dans DOSSIER/academie.yaml : elle ne va "
            "pas avec --config ni --content"
        )
    code, lines = prepare_academie(args.academie, args.annee or "", args.dry_run)
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


def show_origins(config: Path) -> int:
    """build.py origines: where each item of a school with a base comes from."""
    from handbook.academie.origins import origins

    code, lines, problems = origins(config)
    print_problems(problems, [], config)
    print("\n".join(lines))
    return code


def one_off_build(options: Options, args: argparse.Namespace) -> int:
    """Build or check once, then report: the exit code."""
    try:
        result = build(options)
    except BuildFailed as failure:
        print_problems(failure.report.errors, failure.report.warnings, args.config)
        print(
            f"Échec : {counted(len(failure.report.errors), 'erreur')}, rien n'a été écrit.",
            file=sys.stderr,
        )
        return 1
    except WorkerFailed as error:
        print(f"ERREUR  {error}", file=sys.stderr)
        print("Échec : le site n'a pas été mis à jour.", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"ERREUR  écriture impossible ({system_reason(error)}) : "
            f"{error.filename or options.output or ''}",
            file=sys.stderr,
        )
        print(
            "Échec : le site n'a pas été mis à jour, ou pas entièrement ; une fois le problème "
            "réglé, relancez la construction : elle refera ce qui manque.",
            file=sys.stderr,
        )
        return 1
    if not args.quiet:
        for note in result.notes:
            print(f"À SAVOIR  {note.seen_from_here(args.config.resolve().parent)}", file=sys.stderr)
        print_problems([], result.warnings, args.config)
        print(summary(result, args.command, args.verbose))
    return 0


def print_problems(errors, warnings, config: Path) -> None:
    """Errors, then warnings, in file and line order, files named from the current folder."""
    root = config.resolve().parent
    for problem in shown(errors, root):
        print(f"ERREUR  {problem}", file=sys.stderr)
    for problem in shown(warnings, root):
        print(f"ATTENTION  {problem}", file=sys.stderr)


def summary(result: Result, command: str, verbose: bool) -> str:
    lines = [f"  {path}" for path in sorted(result.files)] if verbose and command == "build" else []
    seconds = f"{result.seconds:.2f}".replace(".", ",")
    counts = f"{result.page_count} pages, {result.feed_count} calendriers"
    warned = (
        f" ; {counted(len(result.warnings), 'avertissement')} ci-dessus" if result.warnings else ""
    )
    if command == "check":
        lines.append(
            f"Contenu vérifié : {counts} seraient construits ({seconds} s), aucun fichier "
            f"écrit{warned}."
        )
    elif result.up_to_date:
        lines.append(
            f"Rien n'a changé depuis la dernière construction : {counts} à jour ({seconds} s) "
            f"→ {result.config.output_dir}{warned}"
        )
    else:
        lines.append(
            f"Site construit : {counts} en {seconds} s → {result.config.output_dir}{warned}"
        )
    return "\n".join(lines)
