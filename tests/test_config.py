import pytest
from conftest import TEMPLATES, problems_at

from handbook.build.settings import load_config
from handbook.problems import BuildFailed, Report


def test_defaults_and_resolution(project):
    root = project()
    config = load_config(root / "site_config.yaml", Report())
    assert config.output_dir == (root / "output").resolve()
    assert config.content_dir == (root / "content").resolve()
    assert config.templates_dir == TEMPLATES
    assert config.base_url == "https://intranet.exemple.fr/pix/"
    assert config.school_year.label == "2023-2024"


def test_source_date_epoch_is_read_with_the_configuration(project, monkeypatch):
    root = project()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert load_config(root / "site_config.yaml", Report()).source_date_epoch == "1700000000"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert load_config(root / "site_config.yaml", Report()).source_date_epoch is None


def test_command_line_folders_override(project, tmp_path):
    root = project()
    config = load_config(root / "site_config.yaml", Report(), output=tmp_path / "ailleurs")
    assert config.output_dir == (tmp_path / "ailleurs").resolve()


def test_missing_required_options_are_all_named(project):
    root = project({"site_config.yaml": "langue: fr\n"})
    report = "\n".join(problems_at(root))
    for option in ("titre", "etablissement", "annee_scolaire"):
        assert f"champ « {option} » : option obligatoire absente" in report


def test_missing_config_file(tmp_path):
    with pytest.raises(BuildFailed) as failure:
        load_config(tmp_path / "site_config.yaml", Report())
    assert "fichier introuvable" in str(failure.value.report.errors[0])


@pytest.mark.parametrize(
    "output, reason",
    [
        (".", "est le dossier du projet ou le contient"),
        ("..", "est le dossier du projet ou le contient"),
        ("content", "est le dossier de contenu ou le contient"),
        ("content/site", "à l'intérieur de le dossier de contenu"),
    ],
)
def test_dangerous_output_folders_are_refused(project, output, reason):
    root = project()
    with open(root / "site_config.yaml", "a", encoding="utf-8") as config:
        config.write(f"dossier_sortie: {output}\n")
    report = "\n".join(problems_at(root))
    assert "dossier_sortie" in report and reason in report
    assert not (root / "index.html").exists()


def test_output_containing_templates_is_refused(project, tmp_path):
    root = project()
    report = "\n".join(problems_at(root, output=TEMPLATES.parent))
    assert "le dossier des gabarits ou le contient" in report
