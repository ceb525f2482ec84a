"""What the web editor's form says, in the brand's language.

The texts are English (the field descriptions of the JSON Schemas, and the labels
below); :func:`say` gives them in French for a brand whose ``brand.language``
starts with ``fr``. Decap CMS reads them from ``config.yml`` as plain text, so they are chosen
here rather than through the gettext catalogues the site uses.
"""

from __future__ import annotations

LABELS: dict[str, str] = {
    "title": "Title",
    "publish_at": "Publication date and time",
    "channels": "Channels",
    "pillar": "Pillar",
    "topic": "Seasonal topic",
    "campaign": "Campaign",
    "status": "Status",
    "visual": "Visual",
    "src": "Image",
    "card": "Card text",
    "alt": "Alternative text",
    "kind": "Kind of visual",
    "link": "Link",
    "hashtags": "Hashtags",
    "body": "Text",
    "recurrence": "Recurrence",
    "date": "Fixed day (MM-DD)",
    "rrule": "Rule (RRULE)",
    "easter": "Days after Easter",
    "duration_days": "Duration (days)",
    "lead_days": "Lead time (days)",
    "must_cover": "Must be covered",
    "from": "First day",
    "to": "Last day",
    "goal": "Goal",
    "partner": "Partner",
    "contest": "Contest",
    "rules": "Rules",
    "retouched": "Retouched",
    "generated": "Generated",
}
"""The label of each front-matter key in the form (a key not listed shows its schema title)."""

FRENCH: dict[str, str] = {
    # Disclosure and contests (loi 2023-451; contest rules).
    "Partner": "Partenaire",
    "Contest": "Jeu-concours",
    "Rules": "Règlement",
    "Retouched": "Retouchée",
    "Generated": "Générée",
    "Commercial partner: the post says « Publicité ».": (
        "Partenaire commercial : la publication dit « Publicité »."
    ),
    "A contest the post announces, with its rules.": (
        "Un jeu-concours annoncé par la publication, avec son règlement."
    ),
    "Address of the contest rules, linked by the post.": (
        "Adresse du règlement du jeu, en lien dans la publication."
    ),
    "A body or face retouched: the post says « Images retouchées ».": (
        "Un corps ou un visage retouché : la publication dit « Images retouchées »."
    ),
    "Made by generative AI: the post says « Images virtuelles ».": (
        "Fait par une IA générative : la publication dit « Images virtuelles »."
    ),
    # Collections.
    "Posts": "Publications",
    "Post": "Publication",
    "Seasonal topics": "Marronniers",
    "Seasonal topic": "Marronnier",
    "Campaigns": "Campagnes",
    "Campaign": "Campagne",
    # Labels.
    "Title": "Titre",
    "Publication date and time": "Date et heure de publication",
    "Channels": "Réseaux",
    "Pillar": "Pilier",
    "Status": "Statut",
    "Visual": "Visuel",
    "Image": "Image",
    "Card text": "Texte de la carte",
    "Alternative text": "Texte alternatif",
    "Kind of visual": "Type de visuel",
    "Link": "Lien",
    "Hashtags": "Hashtags",
    "Text": "Texte",
    "Recurrence": "Récurrence",
    "Fixed day (MM-DD)": "Jour fixe (MM-JJ)",
    "Rule (RRULE)": "Règle (RRULE)",
    "Days after Easter": "Jours après Pâques",
    "Duration (days)": "Durée (jours)",
    "Lead time (days)": "Anticipation (jours)",
    "Must be covered": "À couvrir absolument",
    "First day": "Premier jour",
    "Last day": "Dernier jour",
    "Goal": "Objectif",
    # Options.
    "idea": "idée",
    "draft": "brouillon",
    "review": "à relire",
    "approved": "validée",
    "photo": "photo",
    "graphic": "graphisme",
    # Hints: the schemas' field descriptions, and what the form adds.
    "Working title, shown in the calendar.": "Titre de travail, affiché dans le calendrier.",
    "Channels the post goes out on.": "Réseaux sur lesquels la publication part.",
    "Kind of content (promo, engagement, ...).": "Type de contenu (promo, engagement…).",
    "Slug of a seasonal topic.": "Le marronnier dont parle la publication.",
    "Slug of a campaign.": "La campagne dont la publication fait partie.",
    "idea | draft | review | approved": "idée, brouillon, à relire ou validée : seule une publication "
    "validée part.",
    "A source image (`src`) or a card (`card`).": "Une image ou un texte de carte générée (l'un ou l'autre).",
    "Image path, relative to the root.": "Photo ou illustration (dans assets/images).",
    "Text of a generated branded card.": "Texte d'une carte générée aux couleurs de la marque.",
    "Alternative text, for people who cannot see it.": "Description de l'image, pour les personnes "
    "qui ne la voient pas.",
    "Graphics are held to the palette.": "Un graphisme doit respecter la palette de la marque.",
    "Link posted with the text.": "Lien publié avec le texte.",
    "Hashtags, without '#'.": "Hashtags sans « # », séparés par des virgules.",
    "Name of the date, shown in the calendar.": "Nom de la date, affiché dans le calendrier.",
    "One of {date: MM-DD}, {rrule: RULE} or {easter: N}.": "Remplissez un seul des trois champs.",
    "MM-DD every year.": "Le même jour chaque année, MM-JJ (14 février : 02-14).",
    "RFC 5545 rule, e.g. FREQ=YEARLY;BYMONTH=5;BYDAY=-1SU": "Règle RFC 5545, par exemple "
    "FREQ=YEARLY;BYMONTH=5;BYDAY=-1SU (dernier dimanche de mai).",
    "Days after Easter Sunday.": "Nombre de jours après le dimanche de Pâques.",
    "How many days it lasts.": "Combien de jours elle dure.",
    "Posts about it belong in these days before.": "Les publications qui en parlent se placent "
    "dans ces jours d'avant.",
    "The brand must post about it every year.": "La marque doit en parler chaque année.",
    "Channels it suits.": "Réseaux qui s'y prêtent.",
    "Kind of content it calls for.": "Type de contenu qu'elle appelle.",
    "Name of the campaign.": "Nom de la campagne.",
    "First day.": "Premier jour.",
    "Last day (included).": "Dernier jour (inclus).",
    "What the campaign is for.": "À quoi sert la campagne.",
    "Channels it runs on.": "Réseaux sur lesquels elle tourne.",
    "In your computer's time zone; the file keeps its offset from UTC.": "À l'heure de votre "
    "ordinateur ; le fichier garde son décalage avec UTC.",
    "Text for every channel. A line `## instagram` starts the text of that channel only.": "Texte "
    "pour tous les réseaux. Une ligne `## instagram` commence le texte de ce seul réseau.",
    "The link must start with https://": "Le lien doit commencer par https://",
    "Write the day as MM-DD, e.g. 02-14": "Écrivez le jour sous la forme MM-JJ, par exemple 02-14",
    "Describe the visual in its alternative text.": "Décrivez le visuel dans son texte alternatif.",
    "A visual is an image or a card text: choose one of them.": "Un visuel est une image ou un texte "
    "de carte : choisissez l'un des deux.",
    "This value is not in the expected form.": "Cette valeur n'a pas la forme attendue.",
}
"""French for every English text of the form."""


def is_french(language: str) -> bool:
    """Whether a brand's BCP 47 language is French (``fr``, ``fr-FR``, ``fr-CA``…)."""
    return language.lower().split("-")[0] == "fr"


def say(text: str, language: str) -> str:
    """``text`` in the brand's language: French when there is a translation, else as given."""
    return FRENCH.get(text, text) if is_french(language) else text
