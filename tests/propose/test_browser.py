"""The « Proposer une initiative » form in chromium, opened from file:// with no network:
the YAML it writes is accepted by the real validator, reads back exactly, and is offered
to copy, to download and to open on the forge."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml
from slugify import slugify

from observatoire.cli import main as observatoire
from observatoire.core.i18n import texts
from tests.propose.conftest import CONTENT, FORGE_NEW
from tests.sitebuild import ROOT

_Loader = yaml.CSafeLoader  # libyaml, as editors and reusers read the files

HOSTILE_TITLE = """<script>window.__pwned=1</script> « Jardins » "partagés" d'Œuvre \\ : # - | > & <img src=x onerror="window.__pwned=2">"""


def fill_required(page, title="Jardins partagés de la Ville fictive"):
    page.fill("#p-titre", title)
    page.fill("#p-resume", "La ville fictive confie des parcelles municipales à des collectifs d'habitants.")
    page.fill(
        "#p-description",
        "Une convention d'occupation lie la ville et chaque collectif.\n\n"
        "- une parcelle par quartier ;\n- un comité de suivi annuel.",
    )
    page.select_option("#p-territoire-pays", "FR")
    page.fill("#p-territoire-commune", "Ville fictive")
    page.fill("#p-territoire-code_insee", "99902")
    page.check("#p-themes-alimentation")
    page.check("#p-themes-espace-public")
    page.select_option("#p-statut", "en-cours")
    page.fill("#p-sources-0-titre", "Délibération du conseil municipal")
    page.fill("#p-sources-0-url", "https://ville-fictive.example.org/deliberation?n=12&annee=2021")


def verify(page):
    page.click("#p-verifier")
    page.wait_for_function("document.getElementById('p-yaml').value !== ''")


def summary(page) -> str:
    return page.locator("#p-bilan").inner_text()


def written_yaml(page) -> str:
    return page.input_value("#p-yaml")


def load(text: str):
    """As ``observatoire check`` reads a record (libyaml when available)."""
    return yaml.load(text, Loader=_Loader)


def check_in_content(tmp_path: Path, name: str, text: str, capsys) -> tuple[int, str]:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "initiatives" / name).write_text(text, "utf-8")
    code = observatoire(["--projet", str(ROOT), "check", str(content)])
    return code, capsys.readouterr().out


def test_a_complete_form_gives_a_record_the_validator_accepts(visit, tmp_path, capsys):
    page = visit.page
    fill_required(page)
    page.fill("#p-territoire-departement", "Département fictif")
    page.fill("#p-territoire-subdivision", "FR-PDL")
    page.click("#p-sources-ajouter")
    page.fill("#p-sources-1-titre", "Bilan 2023 des jardins")
    page.fill("#p-sources-1-auteur", "Ville fictive")
    page.fill("#p-sources-1-date", "2024-02")
    for group in ("classement", "dates", "territoire", "liens", "reproduire", "grille"):
        page.click(f"#p-groupe-facultatif-{group} > summary" if group != "grille" else "#p-groupe-grille > summary")
    page.select_option("#p-echelon", "commune")
    page.check("#p-objets_communs-espace-public")
    page.check("#p-instruments-mise-a-disposition")
    page.check("#p-instruments-deliberation")
    page.fill("#p-debut", "2021-03~")
    page.fill("#p-fin", "2026")
    page.fill("#p-budget-montant", "12 500,50")
    page.select_option("#p-budget-periode", "annuel")
    page.fill("#p-budget-annee", "2023")
    page.fill("#p-budget-commentaire", "Eau et outillage")
    page.fill("#p-territoire-population-nombre", "42 000")
    page.fill("#p-territoire-population-annee", "2021")
    page.fill("#p-territoire-coordonnees-lat", "47,25")
    page.fill("#p-territoire-coordonnees-lon", "-1.5")
    page.fill("#p-porteurs", "commune-fictive-de-test")
    page.fill("#p-partenaires", "association-fictive-de-test")
    page.fill("#p-initiatives_liees", "jardin-partage-fictif, ressourcerie-fictive")
    page.fill("#p-mots_cles", "jardin, convention, quartier")
    page.fill("#p-site_web", "https://ville-fictive.example.org/jardins")
    page.fill("#p-reproduire-prerequis", "Des parcelles libres\nUn service des espaces verts volontaire")
    page.fill("#p-reproduire-etapes", "Recenser les parcelles\n\nSigner les conventions\n")
    page.fill("#p-reproduire-couts", "Environ 1 000 € par parcelle.")
    page.fill("#p-reproduire-ecueils", "Le renouvellement des collectifs")
    page.select_option("#p-grille-co_gouvernance-note", "3")
    page.fill(
        "#p-grille-co_gouvernance-justification",
        "Un comité réunit la ville et les collectifs.\nIl se réunit chaque année.",
    )
    page.fill("#p-grille-co_gouvernance-sources", "1, 2")
    page.select_option("#p-grille-etat_facilitateur-note", "2")
    page.fill("#p-grille-etat_facilitateur-justification", "La ville prête les parcelles.")
    page.fill("#p-grille-etat_facilitateur-sources", "1")
    verify(page)

    assert summary(page).startswith("La fiche est prête"), summary(page)
    assert "À vérifier" not in summary(page)
    text = written_yaml(page)
    slug = "jardins-partages-de-la-ville-fictive"
    assert page.locator("#p-fichier").inner_text() == f"content/initiatives/{slug}.yml"
    code, out = check_in_content(tmp_path, f"{slug}.yml", text, capsys)
    assert code == 0, text + "\n" + out
    assert "aucun problème" in out

    record = load(text)
    assert record == page.evaluate("ObsProposer.collect().record")
    assert record["budget"] == {
        "montant": 12500.5,
        "devise": "EUR",
        "periode": "annuel",
        "annee": 2023,
        "commentaire": "Eau et outillage",
    }
    assert record["territoire"]["coordonnees"] == {"lat": 47.25, "lon": -1.5}
    assert record["territoire"]["population"] == {"nombre": 42000, "annee": 2021}
    assert record["territoire"]["subdivision"] == "FR-PDL"
    assert record["reproduire"]["etapes"] == ["Recenser les parcelles", "Signer les conventions"]
    assert record["grille"]["co_gouvernance"] == {
        "note": 3,
        "justification": "Un comité réunit la ville et les collectifs.\nIl se réunit chaque année.",
        "sources": [1, 2],
    }
    assert record["grille"]["mise_en_commun"] == "non évalué"
    assert len(record["grille"]) == 10
    assert record["sources"][1] == {"titre": "Bilan 2023 des jardins", "auteur": "Ville fictive", "date": "2024-02"}
    assert list(record)[:4] == ["titre", "resume", "description", "territoire"]
    assert record["derniere_revision"] == page.evaluate(
        "(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0')"
        " + '-' + String(d.getDate()).padStart(2, '0'); })()"
    )


def test_the_minimal_form_is_accepted_too(visit, tmp_path, capsys):
    page = visit.page
    fill_required(page)
    verify(page)
    text = written_yaml(page)
    assert "budget" not in load(text) and "coordonnees" not in load(text)["territoire"]
    code, out = check_in_content(tmp_path, "jardins-partages-de-la-ville-fictive.yml", text, capsys)
    assert code == 0, text + "\n" + out


def test_a_missing_required_field_is_announced_and_blocks_the_download(visit):
    page = visit.page
    fill_required(page)
    page.fill("#p-titre", "")
    verify(page)
    live = page.locator("#p-bilan")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    assert "La fiche a 1 problème à corriger" in live.inner_text()
    assert "Titre : ce champ est obligatoire" in live.inner_text()
    assert page.locator("#p-telecharger").is_disabled()
    assert page.locator("#p-copier").is_disabled()
    assert page.locator("#p-forge").is_hidden()
    # the field says it too, and is linked to its message
    field = page.locator("#p-titre")
    assert field.get_attribute("aria-invalid") == "true"
    assert "p-titre-erreur" in field.get_attribute("aria-describedby").split()
    assert page.locator("#p-titre-erreur").inner_text().lower().startswith("ce champ est obligatoire")
    # the summary's link leads to the field
    page.click("#p-bilan a[href='#p-titre']")
    assert page.evaluate("document.activeElement.id") == "p-titre"
    # fixing it re-checks on the fly and enables the download
    page.fill("#p-titre", "Jardins partagés de la Ville fictive")
    page.wait_for_function("!document.getElementById('p-telecharger').disabled")
    assert "La fiche est prête" in live.inner_text()
    assert page.locator("#p-titre").get_attribute("aria-invalid") is None


def test_fields_inside_closed_groups_are_opened_from_the_summary(visit):
    page = visit.page
    fill_required(page)
    page.click("#p-groupe-facultatif-dates > summary")
    page.fill("#p-fin", "2019")
    page.fill("#p-debut", "2020-05")
    page.click("#p-groupe-facultatif-dates > summary")  # closed again
    verify(page)
    assert "Fin : la fin (2019) est avant le début (2020-05)." in summary(page)
    page.click("#p-bilan a[href='#p-fin']")
    assert page.evaluate("document.getElementById('p-groupe-facultatif-dates').open")
    assert page.evaluate("document.activeElement.id") == "p-fin"


def test_grid_rules_are_checked(visit):
    page = visit.page
    fill_required(page)
    page.click("#p-groupe-grille > summary")
    assert page.locator("#p-grille-co_gouvernance-justification").is_hidden()
    page.select_option("#p-grille-co_gouvernance-note", "4")
    page.select_option("#p-grille-transferabilite-note", "1")
    page.fill("#p-grille-transferabilite-justification", "Reprise par deux communes voisines.")
    page.fill("#p-grille-transferabilite-sources", "1, 3")
    page.select_option("#p-grille-inclusion_sociale-note", "0")
    page.fill("#p-grille-inclusion_sociale-justification", "Aucune mesure.")
    page.fill("#p-grille-inclusion_sociale-sources", "premier")
    verify(page)
    text = summary(page)
    assert "Grille — Co-gouvernance — Justification : une note s'accompagne de sa justification" in text
    assert "Grille — Co-gouvernance — Numéros des sources : une note s'appuie sur au moins une source" in text
    assert "la source n°3 n'existe pas (la fiche a 1 source" in text
    assert "« premier » n'est pas un numéro" in text
    assert page.locator("#p-telecharger").is_disabled()
    # a second source makes n°3 still wrong, a third makes it right
    page.click("#p-sources-ajouter")
    page.fill("#p-sources-1-titre", "Deuxième")
    page.click("#p-sources-ajouter")
    page.fill("#p-sources-2-titre", "Troisième")
    page.select_option("#p-grille-co_gouvernance-note", "")
    page.fill("#p-grille-inclusion_sociale-sources", "2")
    verify(page)
    assert summary(page).startswith("La fiche est prête"), summary(page)
    record = load(written_yaml(page))
    assert record["grille"]["transferabilite"]["sources"] == [1, 3]
    assert record["grille"]["co_gouvernance"] == "non évalué"


def test_sources_are_added_removed_and_renumbered(visit):
    page = visit.page
    assert page.locator("#p-sources-liste [data-retirer]").first.is_hidden()
    page.click("#p-sources-ajouter")
    page.click("#p-sources-ajouter")
    assert page.evaluate("document.activeElement.id") == "p-sources-2-titre"
    page.fill("#p-sources-0-titre", "A")
    page.fill("#p-sources-1-titre", "B")
    page.fill("#p-sources-2-titre", "C")
    page.locator("#p-sources-liste [data-source]").nth(1).locator("[data-retirer]").click()
    assert page.input_value("#p-sources-1-titre") == "C"
    assert page.locator("label[for='p-sources-1-titre']").count() == 1
    assert page.locator("#p-sources-liste legend").nth(1).inner_text() == "Source n°2"
    page.wait_for_function("document.getElementById('p-action').textContent !== ''")
    assert "Source n°2 retirée" in page.locator("#p-action").inner_text()


def test_a_hostile_title_round_trips_and_never_becomes_html(visit, tmp_path, capsys):
    page = visit.page
    fill_required(page, HOSTILE_TITLE)
    page.click("#p-groupe-facultatif-liens > summary")
    page.fill("#p-porteurs", '<img src=x onerror="window.__pwned=3">')
    verify(page)
    # the unknown identifier is reported, as text
    assert '« <img src=x onerror="window.__pwned=3"> » : attendu' in summary(page)
    assert page.locator("#p-bilan img, #p-bilan script, #obs-proposer img").count() == 0
    page.fill("#p-porteurs", "")
    verify(page)
    assert summary(page).startswith("La fiche est prête"), summary(page)
    text = written_yaml(page)
    assert load(text)["titre"] == HOSTILE_TITLE
    assert yaml.safe_load(text)["titre"] == HOSTILE_TITLE
    slug = slugify(HOSTILE_TITLE)
    assert page.evaluate("ObsProposer.collect().slug") == slug
    code, out = check_in_content(tmp_path, f"{slug}.yml", text, capsys)
    assert code == 0, text + "\n" + out
    assert page.evaluate("window.__pwned") is None
    assert visit.dialogs == []


def test_an_existing_record_name_and_an_unknown_reference_are_reported(visit):
    page = visit.page
    fill_required(page, "Jardin partagé fictif : de test")
    page.click("#p-groupe-facultatif-liens > summary")
    page.fill("#p-partenaires", "association-inconnue")
    verify(page)
    text = summary(page)
    assert "À vérifier" in text and "« association-inconnue »" in text
    assert not page.locator("#p-telecharger").is_disabled()  # a warning does not block
    page.fill("#p-titre", "Jardin partagé fictif")
    verify(page)
    assert "une fiche nommée « jardin-partage-fictif » existe déjà dans le centre" in summary(page)


def test_the_download_is_the_record_named_after_its_slug(visit):
    page = visit.page
    fill_required(page, "Ressourcerie « Les Mains » d'Évry-Courcouronnes")
    verify(page)
    with page.expect_download() as info:
        page.click("#p-telecharger")
    download = info.value
    assert download.suggested_filename == "ressourcerie-les-mains-d-evry-courcouronnes.yml"
    assert Path(download.path()).read_text("utf-8") == written_yaml(page)
    page.wait_for_function("document.getElementById('p-action').textContent !== ''")
    assert "ressourcerie-les-mains-d-evry-courcouronnes.yml" in page.locator("#p-action").inner_text()


def test_copy_puts_the_record_on_the_clipboard_or_selects_it(visit):
    page = visit.page
    fill_required(page)
    verify(page)
    page.click("#p-copier")
    page.wait_for_function("document.getElementById('p-action').textContent !== ''")
    message = page.locator("#p-action").inner_text()
    assert "copié" in message or "sélectionné" in message, message


def test_the_forge_link_opens_a_new_file_holding_the_record(visit):
    page = visit.page
    fill_required(page)
    verify(page)
    link = page.locator("#p-forge")
    assert link.is_visible()
    href = link.get_attribute("href")
    assert href.startswith(FORGE_NEW + "content/initiatives?filename=jardins-partages-de-la-ville-fictive.yml&value=")
    query = parse_qs(urlsplit(href).query)
    assert query["filename"] == ["jardins-partages-de-la-ville-fictive.yml"]
    assert query["value"] == [written_yaml(page)]
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")


def test_a_record_too_long_for_an_address_hides_the_forge_link_and_says_why(visit):
    page = visit.page
    fill_required(page)
    page.fill("#p-description", "Un long paragraphe, avec des accents : été, à, ç. " * 120)
    verify(page)
    assert summary(page).startswith("La fiche est prête")
    assert page.locator("#p-forge").is_hidden()
    note = page.locator("#p-forge-note").inner_text()
    assert "trop longue" in note and "7000" in note
    assert not page.locator("#p-telecharger").is_disabled()


def test_nothing_is_requested_from_the_network(visit):
    page = visit.page
    fill_required(page)
    verify(page)
    with page.expect_download():
        page.click("#p-telecharger")
    page.click("#p-copier")
    page.wait_for_timeout(200)
    assert visit.external == []
    assert any(u.endswith("assets/observatoire/proposer-schema.js") for u in visit.requests)
    assert any(u.endswith("assets/observatoire/proposer.js") for u in visit.requests)


def test_every_control_has_a_label_and_its_help(visit):
    page = visit.page
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll(
        '#obs-proposer input, #obs-proposer select, #obs-proposer textarea, #p-yaml'))
        .filter(el => !el.closest('template') && (!el.labels || el.labels.length === 0) && !el.getAttribute('aria-label'))
        .map(el => el.id)""")
    assert unlabelled == []
    broken = page.evaluate("""() => Array.from(document.querySelectorAll('[aria-describedby]'))
        .flatMap(el => el.getAttribute('aria-describedby').split(/\\s+/).filter(id => !document.getElementById(id))
        .map(id => el.id + ' -> ' + id))""")
    assert broken == []
    ids = page.evaluate("Array.from(document.querySelectorAll('[id]')).map(el => el.id)")
    assert len(ids) == len(set(ids))


def test_a_record_too_big_for_the_validator_is_refused(visit):
    page = visit.page
    fill_required(page)
    page.evaluate("document.getElementById('p-description').value = 'x'.repeat(210 * 1024)")
    verify(page)
    assert "Description : la fiche ferait 21" in summary(page)
    assert page.locator("#p-telecharger").is_disabled()


# --- the texts come from the catalog (proposer.script.* in the data script) -------------------


def test_the_messages_shown_are_the_catalog_texts(visit):
    t = texts()
    page = visit.page
    fill_required(page)
    page.fill("#p-titre", "")
    verify(page)
    message = t("proposer.script.required")
    assert page.locator("#p-bilan p").first.inner_text() == t("proposer.script.problems", n=1)
    summary_item = t("proposer.script.summary_item", label=t("proposer.label.titre"), message=message)
    assert page.locator("#p-bilan li").inner_text() == summary_item
    assert page.locator("#p-titre-erreur").inner_text() == t(
        "proposer.script.field_problem", message=message[0].upper() + message[1:]
    )
    assert page.locator("#p-forge-note").inner_text() == t("proposer.script.forge_waiting")
    page.fill("#p-titre", "Jardins partagés de la Ville fictive")
    page.wait_for_function("!document.getElementById('p-telecharger').disabled")
    assert page.locator("#p-bilan p").first.inner_text() == t("proposer.script.ready_forge")
    assert written_yaml(page).splitlines()[1:3] == [
        "# " + t("proposer.script.file_origin"),
        "# " + t("proposer.script.file_review"),
    ]


def test_plural_forms_are_chosen_as_the_catalog_chooses_them(visit):
    """The browser's rule (Intl.PluralRules) and Babel's agree on the form of each count."""
    t = texts()
    plural = sorted(key for key, entry in t.subset("proposer.script.").items() if isinstance(entry, dict))
    assert plural  # e.g. « 1 problème », « 2 problèmes »
    params = {"count": 7, "number": 3}
    for key in plural:
        for n in (0, 1, 2, 5, 1000000):
            shown = visit.page.evaluate("([k, p]) => ObsProposer.text(k, p)", [key, {**params, "n": n}])
            assert shown == t(key, **params, n=n), (key, n)


def test_without_its_data_the_page_says_so_in_the_catalog_words(browser, proposer_site):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/*", lambda r: r.abort() if r.request.url.endswith("proposer-schema.js") else r.continue_())
        page.goto((proposer_site / "proposer.html").as_uri())
        assert page.locator("#p-bilan").inner_text() == texts()("proposer.page.result.no_rules")
    finally:
        context.close()
