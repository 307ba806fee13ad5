"""`transpipe import` through the CLI: hand-made pages become catalogs, nothing is lost."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import polib

from conftest import WEEK, Run

HAND_MADE = """\
---
lang-ref: ch.01-1
title: Histoire et motivation
translator: Ana Lima, Li Wei
tranlation-date: 24 Feb 2020
---

## Inspiration de l'apprentissage profond

<!-- Deep learning is inspired by the brain. -->
L'apprentissage profond s'inspire du cerveau.

Un paragraphe que la page anglaise n'a pas.

- Apprentissage supervisé
- Retour à la [page d'accueil]({{site.baseurl}}/fr/)

```python
print("not translated")
```
"""


def hand_made(site: Path, text: str = HAND_MADE) -> Path:
    page = site / "pages" / "fr" / "week01" / "01-1.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return page


def entries(site: Path) -> dict[str, polib.POEntry]:
    po = polib.pofile(str(site / "locales" / "fr" / "week01" / "01-1.po"))
    return {e.msgid: e for e in po if not e.obsolete}


def test_import_pairs_reports_and_keeps_the_page(site: Path, run: Run) -> None:
    page = hand_made(site)
    result = run(site, "-v", "import", "fr")
    assert "imported pages/fr/week01/01-1.md → locales/fr/week01/01-1.po" in result.output
    assert "01-1.md:13: no English counterpart today: Un paragraphe" in result.output
    found = entries(site)
    assert found["Deep learning is inspired by the brain."].msgstr == (
        "L'apprentissage profond s'inspire du cerveau."
    )
    assert "fuzzy" not in found["Deep learning is inspired by the brain."].flags
    assert found["Back to the [home page]({{site.baseurl}}/)"].msgstr == (
        "Retour à la [page d'accueil]({{site.baseurl}}/)"  # the English link: build localises
    )
    po = polib.pofile(str(site / "locales" / "fr" / "week01" / "01-1.po"))
    assert po.metadata["PO-Revision-Date"].startswith("2020-02-24")
    assert "Translators: Ana Lima, Li Wei" in po.header
    assert page.read_text(encoding="utf-8") == HAND_MADE


def test_import_keeps_what_translators_already_wrote(site: Path, run: Run) -> None:
    run(site, "extract")
    run(site, "init", "fr")
    catalog = site / "locales" / "fr" / "week01" / "01-1.po"
    po = polib.pofile(str(catalog))
    po.find("Supervised learning").msgstr = "Apprentissage supervisé (révisé)"
    po.save()
    hand_made(site)
    result = run(site, "-v", "import", "fr")
    assert "1 existing kept" in result.output
    assert entries(site)["Supervised learning"].msgstr == "Apprentissage supervisé (révisé)"


def test_import_from_another_file_and_from_history(site: Path, run: Run, tmp_path: Path) -> None:
    elsewhere = tmp_path / "old-fr.md"
    elsewhere.write_text(HAND_MADE, encoding="utf-8")
    run(site, "import", "fr", "en/week01/01-1.md", "--from", str(elsewhere))
    assert entries(site)["Supervised learning"].msgstr == "Apprentissage supervisé"

    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@x",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@x",
    }
    page = hand_made(site)
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "fr"]):
        subprocess.run(["git", "-C", str(site), *args], check=True, env=env)
    page.write_text(WEEK.replace("title:", "lang: fr\ntitle:"), encoding="utf-8")  # replaced
    (site / "locales" / "fr" / "week01" / "01-1.po").unlink()
    run(site, "import", "fr", "en/week01/01-1.md", "--rev", "HEAD")
    assert entries(site)["Supervised learning"].msgstr == "Apprentissage supervisé"


def test_damaged_hand_made_page_needs_repair(site: Path, run: Run) -> None:
    damaged = HAND_MADE.encode("utf-8").decode("cp1254", errors="replace").replace("\ufffd", "")
    hand_made(site, damaged)
    result = run(site, "import", "fr", ok=False)
    assert result.exit_code == 1
    assert "pages/fr/week01/01-1.md:" in result.stderr and "transpipe repair" in result.stderr
    run(site, "import", "fr", "--repair")
    assert entries(site)["Supervised learning"].msgstr == "Apprentissage supervisé"


def test_repair_of_a_page_from_elsewhere(site: Path, run: Run, tmp_path: Path) -> None:
    damaged = HAND_MADE.encode("utf-8").decode("cp1254", errors="replace").replace("\ufffd", "")
    elsewhere = tmp_path / "old-fr.md"
    elsewhere.write_text(damaged, encoding="utf-8")
    run(site, "import", "fr", "en/week01/01-1.md", "--from", str(elsewhere), "--repair")
    assert entries(site)["Supervised learning"].msgstr == "Apprentissage supervisé"
